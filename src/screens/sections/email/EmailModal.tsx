import React, { useState } from 'react';
import type { Conversation } from '../../../core/protocol/model.js';
import { EntryDialog } from '../../../ui/EntryDialog.js';
import { Picker } from '../../../ui/Picker.js';
import { useApp } from '../../app-context.js';
import { useChats } from '../../chats/ChatsContext.js';
import { useStore } from '../../hooks.js';
import { readAddresses } from './envelope.js';

export type EmailModalKind = 'copies' | 'signature';

export function isEmailModal(modal: string): modal is EmailModalKind {
  return modal === 'copies' || modal === 'signature';
}

/**
 * An email's own dialogs, in place of its log: the copies (Cc and Bcc,
 * checked as addresses before anything is sent), the signature of this
 * email (the default, another of the agent's, or none). (The customer's
 * Conversation History is the one of every channel: y, ConversationModal.)
 */
export function EmailModal({ modal, conversation: c, width, height, onClose }: { modal: EmailModalKind; conversation: Conversation; width: number; height: number; onClose: () => void }) {
  const { client } = useApp();
  const store = useStore(client);
  const chats = useChats();
  const envelope = chats.envelope(c.id);
  const [cc, setCc] = useState(envelope.cc.join(', '));
  const [bcc, setBcc] = useState(envelope.bcc.join(', '));
  const [error, setError] = useState<string | null>(null);

  if (modal === 'copies')
    return (
      <EntryDialog
        title="Copies of this email"
        note="Addresses separated by commas; Bcc is not shown to the others."
        fields={[
          { label: 'Cc', value: cc, onChange: setCc },
          { label: 'Bcc', value: bcc, onChange: setBcc },
        ]}
        error={error}
        width={width}
        onCancel={onClose}
        onSubmit={() => {
          const a = readAddresses(cc);
          const b = readAddresses(bcc);
          const wrong = [...a.wrong, ...b.wrong];
          if (wrong.length) return setError(`Not an email address: ${wrong.join(', ')}`);
          chats.setEnvelope(c.id, { ...envelope, cc: a.addresses, bcc: b.addresses });
          onClose();
        }}
      />
    );
  const signatures = store.list('signature').sort((x, y) => x.name.localeCompare(y.name));
  const fallback = signatures.find((s) => s.isDefault);
  const items: Array<{ id: string | null | undefined; label: string }> = [
    { id: undefined, label: `My default${fallback ? ` (${fallback.name})` : ' (none set)'}` },
    ...signatures.map((s) => ({ id: s.id, label: s.name })),
    { id: null, label: 'No signature' },
  ];
  return (
    <Picker
      title="Signature of this email"
      items={items}
      label={(i) => `${i.id === envelope.signature ? '● ' : '  '}${i.label}`}
      width={Math.min(width, 60)}
      // The rows under the email's header, less the picker's border and title: given 10, many signatures ran under the bottom edge.
      maxRows={Math.max(1, height - 3)}
      onCancel={onClose}
      onChoose={(i) => {
        chats.setEnvelope(c.id, { ...envelope, signature: i.id });
        onClose();
      }}
    />
  );
}
