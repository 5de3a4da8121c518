import type { Conversation, Transfer } from '../../core/protocol/model.js';

/** What a conversation is called in a sentence, with its channel: "WhatsApp chat", "live chat", "email". */
const CHANNEL_NOUN: Record<Conversation['channel'], string> = {
  livechat: 'live chat',
  sms: 'SMS chat',
  whatsapp: 'WhatsApp chat',
  facebook: 'Facebook chat',
  email: 'email',
};

export const channelNoun = (c: Conversation): string => CHANNEL_NOUN[c.channel] ?? c.channel;

/**
 * The queue transfer a conversation newly assigned to me came through: the
 * latest transfer was to a queue (not to an agent, not a return when its
 * agent went inactive), made by someone else, before this assignment. Null
 * when it simply arrived, or I moved it myself.
 */
export function queueTransferOf(c: Conversation, me: string): Transfer | null {
  const t = c.transfers.at(-1);
  if (!t || t.inactive || t.toAgent !== null || t.by === me) return null;
  if (!c.assignment || c.assignment.rule === 'direct-transfer' || c.assignment.at < t.at) return null;
  return t;
}
