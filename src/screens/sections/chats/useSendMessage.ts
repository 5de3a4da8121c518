import { useState } from 'react';
import type { ClientError } from '../../../client/session.js';
import type { UploadedFile } from '../../../client/upload.js';
import type { Conversation } from '../../../core/protocol/model.js';
import { useApp } from '../../app-context.js';
import { useChats } from '../../chats/ChatsContext.js';
import { sendOrKeep } from '../../send-or-keep.js';

/** A sentence above the composer: the server's refusal, or what to do first. */
export interface ComposerNotice {
  text: string;
  tone: 'error' | 'warning' | 'info';
}

/**
 * Sending the draft (and the attached files) of a conversation. What was sent
 * leaves the draft, but not what the agent typed meanwhile; a refusal is the
 * server's sentence, word for word, and the draft stays. Offline, the message
 * is kept for the connection's return and the draft clears at once.
 */
export function useSendMessage(
  c: Conversation,
  options: { draft: string; files: UploadedFile[]; setNotice(notice: ComposerNotice | null): void; beforeSend(): void; afterSend(): void },
) {
  const { client, toast } = useApp();
  const chats = useChats();
  const [sending, setSending] = useState(false);

  const send = async () => {
    const text = options.draft;
    const ids = options.files.map((f) => f.id);
    if (!text.trim() && ids.length === 0) {
      options.setNotice({ text: 'Write something or attach a file first.', tone: 'warning' });
      return;
    }
    setSending(true);
    options.setNotice(null);
    options.beforeSend();
    const clear = () => {
      // Only what was sent: the agent may have typed on while it went.
      if (chats.draft(c.id) === text) chats.setDraft(c.id, '');
      chats.setFiles(c.id, []);
      if (envelope) chats.setEnvelope(c.id, { cc: [], bcc: [], signature: envelope.signature });
      options.afterSend();
    };
    // An email carries its copies and the signature chosen (none given: the agent's default).
    const envelope = c.channel === 'email' ? chats.envelope(c.id) : null;
    const mail = envelope
      ? { ...(envelope.cc.length ? { cc: envelope.cc } : {}), ...(envelope.bcc.length ? { bcc: envelope.bcc } : {}), ...(envelope.signature !== undefined ? { signature: envelope.signature } : {}) }
      : {};
    const { sent, kept } = sendOrKeep(client, 'message.send', { conversation: c.id, text, ...(ids.length ? { attachments: ids } : {}), ...mail }, toast, 'the message');
    if (kept) {
      clear();
      setSending(false);
      return;
    }
    try {
      await sent;
      clear();
    } catch (e) {
      // The server's sentence, as it is (a placeholder with no value, a solved ticket); the draft stays.
      options.setNotice({ text: (e as ClientError).message, tone: 'error' });
    } finally {
      setSending(false);
    }
  };

  return { sending, send };
}
