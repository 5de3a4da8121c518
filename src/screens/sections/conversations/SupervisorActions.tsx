import React from 'react';
import type { Conversation } from '../../../core/protocol/model.js';
import type { Handlers } from '../../../keys/router.js';
import { Dialog } from '../../../ui/Dialog.js';
import { useApp } from '../../app-context.js';
import { customerLabel } from '../../chats/chats.js';
import { ChatTransferDialog } from '../chats/ChatTransferDialog.js';

/**
 * What a supervisor does with an active conversation from Conversations (the
 * manual: "assign conversations to themselves or other agents"): assign it
 * to an agent or a queue, as a transfer (its rules and warnings apply: no
 * queue without agents, no solved conversation; a queue outside its hours
 * warns), or close it after the manual's question. The core lets a
 * supervisor do both to any agent's conversation; agents have no such keys.
 */
export type SupervisorAct = 'assign' | 'close';

/** The keys for the conversation a supervisor has selected or open (none for a closed one, or for nobody). */
export function supervisorKeys(conversation: Conversation | null, act: ((kind: SupervisorAct, c: Conversation) => void) | undefined): Handlers {
  if (!conversation || !act || conversation.status === 'closed') return {};
  return { 'conversations.assign': () => act('assign', conversation), 'conversations.close': () => act('close', conversation) };
}

/** The dialog of the act under way, in place of the list or the log. */
export function SupervisorDialog({
  act,
  conversation: c,
  me,
  width,
  height,
  onClose,
}: {
  act: SupervisorAct;
  conversation: Conversation;
  me: string;
  width: number;
  height: number;
  onClose: () => void;
}) {
  const { act: send } = useApp();
  if (act === 'assign') return <ChatTransferDialog conversation={c} me={me} width={Math.min(width, 76)} height={height} onClose={onClose} onDone={onClose} assign />;
  return (
    <Dialog
      title="Close conversation"
      message={`Are you sure you want to close the conversation? ${customerLabel(c)}'s ${c.agent ? 'chat with its agent' : 'waiting chat'} ends now.`}
      confirmLabel="Close conversation"
      tone="danger"
      width={Math.min(width, 64)}
      onCancel={onClose}
      onConfirm={() => {
        onClose();
        void send('conversation.close', { id: c.id }, 'Conversation closed.');
      }}
    />
  );
}
