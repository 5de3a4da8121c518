import React, { useState } from 'react';
import { uploadFile, type UploadedFile } from '../../../client/upload.js';
import type { Conversation } from '../../../core/protocol/model.js';
import { EntryDialog } from '../../../ui/EntryDialog.js';
import { useApp } from '../../app-context.js';
import { customerLabel, sizeText } from '../../chats/chats.js';
import { useRequest } from '../../use-request.js';

export type EntryModal = 'subject' | 'attach' | 'ban';

/**
 * The conversation's small forms: edit the subject, attach a file by path
 * (checked against the 20 MB limit, uploaded to the server's /files with the
 * agent's session token), and ban the customer (hours and a reason; the
 * conversation ends). Each keeps what was typed when the server refuses it,
 * with the server's sentence under the fields.
 */
export function ConversationDialogs({
  modal,
  conversation: c,
  width,
  onClose,
  onFile,
}: {
  modal: EntryModal;
  conversation: Conversation;
  width: number;
  onClose: () => void;
  onFile: (file: UploadedFile) => void;
}) {
  const { client, info, toast } = useApp();
  const [subject, setSubject] = useState(c.subject);
  const [path, setPath] = useState('');
  const [hours, setHours] = useState('24');
  const [reason, setReason] = useState('');
  const { busy, error, request } = useRequest();

  const run = (work: () => Promise<void>) =>
    request(async () => {
      await work();
      onClose();
    });
  // Each dialog here shows the one request's state and closes the same way.
  const shared = { error, busy, width, onCancel: onClose };

  if (modal === 'subject')
    return (
      <EntryDialog
        {...shared}
        title="Subject of the conversation"
        fields={[{ label: 'Subject', value: subject, onChange: setSubject }]}
        onSubmit={() =>
          void run(async () => {
            await client.send('conversation.subject', { id: c.id, subject });
            toast('Subject updated.', 'success');
          })
        }
      />
    );

  if (modal === 'attach')
    return (
      <EntryDialog
        {...shared}
        title="Attach a file"
        note="The path of a file on this machine (~ for your home folder); up to 20 MB. It is sent with your next message."
        fields={[{ label: 'Path', value: path, onChange: setPath, placeholder: '~/Documents/invoice.pdf' }]}
        onSubmit={() =>
          void run(async () => {
            const file = await uploadFile(info.httpBase, client.token, path);
            onFile(file);
            toast(`Attached ${file.name} (${sizeText(file.size)}).`, 'success');
          })
        }
      />
    );

  return (
    <EntryDialog
      {...shared}
      title={`Ban ${customerLabel(c)}`}
      tone="danger"
      note={`${banWhat(c)} may not write to us until the ban ends, and this conversation ends now.`}
      fields={[
        { label: 'Hours', value: hours, onChange: setHours, placeholder: '24' },
        { label: 'Reason', value: reason, onChange: setReason, placeholder: 'why the customer is banned' },
      ]}
      onSubmit={() =>
        void run(async () => {
          const n = Number(hours.trim());
          if (!hours.trim() || !Number.isFinite(n)) throw new Error('Give the ban duration in hours, e.g. 24.');
          const result = await client.send('ban.customer', { conversation: c.id, hours: n, reason });
          toast(result.message, 'success');
        })
      }
    />
  );
}

/** What a ban names: a visitor's address, a phone number, a Facebook page-scoped id. */
function banWhat(c: Conversation): string {
  if (c.channel === 'livechat') return c.customer.ip ?? 'Their address';
  if (c.channel === 'facebook') return `Their Facebook id (${c.customer.social?.pageScopedId ?? c.customer.id})`;
  return `Their number ${c.customer.phone ?? c.customer.id}`;
}
