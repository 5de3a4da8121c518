import React from 'react';
import type { ClientError } from '../../../client/session.js';
import type { Conversation, Message } from '../../../core/protocol/model.js';
import { Dialog } from '../../../ui/Dialog.js';
import { Picker } from '../../../ui/Picker.js';
import { useApp } from '../../app-context.js';
import { fillKnownPlaceholders } from '../../../core/messaging/placeholder-values.js';
import { agentName, customerLabel, itemWord, queueName, statusWord, SURVEY_SENDER } from '../../chats/chats.js';
import { FilesDialog } from '../../files/FilesDialog.js';
import { filesOf } from '../../files/files.js';
import { useChats } from '../../chats/ChatsContext.js';
import { useStore } from '../../hooks.js';
import { CannedPicker } from './CannedPicker.js';
import { TemplatePicker } from './TemplatePicker.js';
import { templatesOf } from '../../chats/templates.js';
import { ContactLinkFlow } from '../contacts/ContactLinkFlow.js';
import { HistoryList } from '../contacts/HistoryList.js';
import { ChatTransferDialog } from './ChatTransferDialog.js';
import { ConversationDialogs, type EntryModal } from './ConversationDialogs.js';
import type { ComposerNotice } from './useSendMessage.js';
import { EmailModal, isEmailModal, type EmailModalKind } from '../email/EmailModal.js';

/** What a conversation's keys open in place of its log. */
export type Modal = EntryModal | 'status' | 'transfer' | 'close' | 'canned' | 'template' | 'files' | 'contact' | 'history' | EmailModalKind;

/** The Conversation History refreshes itself this often (the manual: every five minutes). */
const HISTORY_REFRESH_MS = 5 * 60_000;

/** The statuses an agent may give; Solved means another thing for an email (core changeStatus). */
function statusesOf(c: Conversation) {
  return [
    { value: 'open', label: 'Open' },
    { value: 'waiting', label: 'Waiting — for more from the customer' },
    // On one row of the dialog at 60 columns: the longer wording ended in "where the…" at 80, and "survey if any" took a second row at 60.
    { value: 'solved', label: c.channel === 'email' ? 'Solved — waits for the customer to confirm it' : "Solved — ends the chat (the queue's survey, if any)" },
  ] as const;
}

/**
 * The dialog a conversation key opened, in place of the log: transfer, status,
 * close (asks first), canned responses (into the draft), WhatsApp templates
 * (sent with their parameters), and the small forms
 * (subject, attach, ban). A refused status change is shown above the composer
 * too, where the agent looks next.
 */
export function ConversationModal({
  modal,
  conversation: c,
  width,
  height,
  onClose,
  onLeave,
  setNotice,
}: {
  modal: Modal;
  conversation: Conversation;
  width: number;
  height: number;
  onClose: () => void;
  /** The conversation is no longer the agent's to look at (transferred, closed). */
  onLeave: () => void;
  setNotice: (notice: ComposerNotice | null) => void;
}) {
  const { client, act, toast } = useApp();
  const store = useStore(client);
  const chats = useChats();
  const dialogWidth = Math.min(width, 76);
  const sender = (m: Message) => (m.author === 'customer' ? customerLabel(c) : m.author === 'agent' ? (m.agent === chats.me ? 'You' : agentName(store, m.agent)) : SURVEY_SENDER);
  if (modal === 'contact')
    return <ContactLinkFlow target={{ conversation: c.id }} linked={c.contact ?? null} customer={c.customer} channel={c.channel} what="conversation" width={width} height={height} onClose={onClose} />;
  if (modal === 'history')
    return (
      <HistoryList
        title={`${c.channel === 'email' ? 'Email ' : ''}Conversation History of ${c.contact?.name || c.customer.name || 'this customer'}`}
        fetch={(offset, limit) => client.send('conversation.pastHistory', { id: c.id, offset, limit })}
        pageSize={8}
        refreshMs={HISTORY_REFRESH_MS}
        width={width}
        height={height}
        onClose={onClose}
      />
    );
  if (isEmailModal(modal)) return <EmailModal modal={modal} conversation={c} width={dialogWidth} height={height} onClose={onClose} />;
  if (modal === 'transfer') return <ChatTransferDialog conversation={c} me={chats.me} width={dialogWidth} height={height} onClose={onClose} onDone={onLeave} />;
  if (modal === 'status')
    return (
      <Picker
        title={`Status of this ${itemWord(c)} (now ${statusWord(c)})`}
        items={[...statusesOf(c)]}
        label={(s) => s.label}
        width={Math.min(width, 64)}
        onCancel={onClose}
        onChoose={(s) => {
          onClose();
          client.send('conversation.status', { id: c.id, status: s.value }).then(
            () => {
              setNotice(null);
              toast(`Status: ${s.value === 'solved' ? 'Solved' : s.label}.`, 'success');
            },
            (e: ClientError) => {
              setNotice({ text: e.message, tone: 'error' });
              toast(e.message, 'error');
            },
          );
        }}
      />
    );
  if (modal === 'close')
    return (
      <Dialog
        title="Close conversation"
        message="Are you sure you want to close the conversation?"
        confirmLabel="Close conversation"
        tone="danger"
        width={Math.min(width, 60)}
        onCancel={onClose}
        onConfirm={() => {
          onClose();
          void act('conversation.close', { id: c.id }, 'Conversation closed.').then((ok) => ok && onLeave());
        }}
      />
    );
  if (modal === 'files') return <FilesDialog files={filesOf(chats.log(c.id), sender)} width={dialogWidth} height={height} onClose={onClose} />;
  if (modal === 'canned') {
    const draft = chats.draft(c.id);
    return (
      <CannedPicker
        responses={store.list('canned')}
        channel={c.channel}
        width={dialogWidth}
        height={height}
        onCancel={onClose}
        onInsert={(raw) => {
          onClose();
          // Filled here as the server would fill them: the agent reads what the customer will.
          const me = store.myAgent();
          const text = me ? fillKnownPlaceholders(raw, { customer: c.customer, agent: { name: me.name, number: me.id }, queue: queueName(store.catalog, c.queue), conversation: c }) : raw;
          chats.setDraft(c.id, draft && !/\s$/.test(draft) ? `${draft} ${text}` : draft + text);
          chats.setComposing(true);
        }}
      />
    );
  }
  if (modal === 'template') return <TemplatePicker conversation={c} templates={templatesOf(store.catalog)} width={dialogWidth} height={height} onClose={onClose} />;
  return <ConversationDialogs modal={modal} conversation={c} width={dialogWidth} onClose={onClose} onFile={(f) => chats.setFiles(c.id, [...chats.files(c.id), f])} />;
}
