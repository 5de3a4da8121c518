import type { Catalog } from '../../core/protocol/catalog.js';
import type { ConversationRow } from '../../core/protocol/conversation-rows.js';
import type { CallRecording } from '../../core/protocol/model.js';
import type { FilterField, FilterValues } from './filters.js';
import { parseDateInput } from './time.js';

export const CHANNEL_SHORT: Record<string, string> = { livechat: 'Chat', email: 'Email', sms: 'SMS', whatsapp: 'WA', facebook: 'FB', voice: 'Voice' };
export const CHANNEL_LONG: Record<string, string> = { livechat: 'Live chat', email: 'Email', sms: 'SMS', whatsapp: 'WhatsApp', facebook: 'Facebook', voice: 'Voice' };
export const STATUS: Record<string, string> = { open: 'Open', waiting: 'Waiting', solved: 'Solved', closed: 'Closed' };

/**
 * The filters of the Conversations lists, on the manual's columns. They are
 * applied by the server (conversations.list), so they cover the whole list,
 * not a page. Closed adds no state (they are all closed) but its voice
 * queues and the voice channel (answered calls), the agent rate and the
 * feedback.
 */
export function conversationFilters(catalog: Catalog | null, queues: string[], state: 'active' | 'closed', voiceQueues: string[] = []): FilterField[] {
  const voice = state === 'closed' ? voiceQueues : [];
  const fields: FilterField[] = [
    {
      key: 'queue',
      label: 'Queue',
      kind: 'choice',
      options: [
        { value: '', label: 'any' },
        ...queues.map((id) => ({ value: id, label: catalog?.messagingQueues.find((q) => q.id === id)?.name ?? id })),
        ...voice.map((n) => ({ value: n, label: `☎ ${catalog?.voiceQueues.find((q) => q.number === n)?.name ?? n} (${n})` })),
      ],
    },
    { key: 'id', label: 'ID', kind: 'text' },
    {
      key: 'channel',
      label: 'Channel',
      kind: 'choice',
      options: [
        { value: '', label: 'any' },
        ...['livechat', 'email', 'sms', 'whatsapp', 'facebook', ...(state === 'closed' ? ['voice'] : [])].map((c) => ({ value: c, label: CHANNEL_LONG[c]! })),
      ],
    },
    { key: 'agent', label: 'Agent', kind: 'text' },
    { key: 'customer', label: 'Customer', kind: 'text' },
    { key: 'from', label: 'From date', kind: 'date', end: 'start' },
    { key: 'to', label: 'To date', kind: 'date', end: 'end' },
    { key: 'subject', label: 'Subject', kind: 'text' },
  ];
  if (state === 'active')
    fields.push({
      key: 'status',
      label: 'State',
      kind: 'choice',
      options: [
        { value: '', label: 'any' },
        { value: 'open', label: 'Open' },
        { value: 'waiting', label: 'Waiting' },
        { value: 'solved', label: 'Solved' },
      ],
    });
  else
    fields.push(
      {
        key: 'rate',
        label: 'Agent rate',
        kind: 'choice',
        // A minimum, as one looks for good or poor ratings; calls have no rating, so they count as unrated.
        options: [
          { value: '', label: 'any' },
          ...[10, 9, 8, 7, 6, 5, 4, 3, 2, 1].map((n) => ({ value: String(n), label: n === 10 ? '10' : `${n} or more` })),
          { value: 'none', label: 'unrated' },
        ],
      },
      { key: 'feedback', label: 'Feedback', kind: 'text', hint: 'yes, no, or words the comment contains' },
    );
  return fields;
}

/** The arguments of conversations.list for these filters (dates typed in local time become instants). */
export function listArgs(state: 'active' | 'closed', f: FilterValues, now: number): Record<string, string | number | boolean> {
  const args: Record<string, string | number | boolean> = { state };
  for (const key of ['queue', 'id', 'channel', 'agent', 'customer', 'subject', 'status'] as const) if (f[key]) args[key] = f[key]!;
  const from = f.from ? parseDateInput(f.from, 'start', now) : null;
  const to = f.to ? parseDateInput(f.to, 'end', now) : null;
  if (from !== null) args.from = from;
  if (to !== null) args.to = to;
  if (f.rate) args.rate = f.rate === 'none' ? 'none' : Number(f.rate);
  if (f.feedback) {
    // "yes" / "no": whether there is a comment at all; anything else is looked for in it.
    const v = f.feedback.trim().toLowerCase();
    args.feedback = v === 'yes' ? true : v === 'no' ? false : f.feedback.trim();
  }
  return args;
}

/** The recording of a row, for a voice conversation (an answered call) that has one. */
export function recordingOf(c: ConversationRow): CallRecording | null {
  return c.channel === 'voice' ? c.call.recording : null;
}

/** The queue column: a messaging queue's name, or for a call its voice queue, its campaign, or "Dialled" when an agent dialled it. */
export function queueLabel(catalog: Catalog | null, c: ConversationRow): string {
  if (c.channel !== 'voice') return catalog?.messagingQueues.find((q) => q.id === c.queue)?.name ?? c.queue;
  if (c.call.queue) return catalog?.voiceQueues.find((q) => q.number === c.call.queue)?.name ?? c.call.queue;
  if (c.call.campaign) return catalog?.campaigns.find((k) => k.id === c.call.campaign)?.name ?? c.call.campaign;
  return 'Dialled';
}

/** The channel column; calls carry the ☎ marker the dashboards use for voice. */
export function channelLabel(c: ConversationRow, long: boolean): string {
  if (c.channel === 'voice') return long ? '☎ Voice' : '☎ Call';
  return (long ? CHANNEL_LONG : CHANNEL_SHORT)[c.channel] ?? c.channel;
}

/** "…a1f3e2d0": the distinctive end of a long id, for narrow columns (the ID filter matches any part). */
export function shortId(id: string, width: number): string {
  return id.length <= width ? id : `…${id.slice(id.length - width + 1)}`;
}

/** The customer as the lists show them: name, with their email, phone or address where there is room. */
export function customerText(c: Pick<ConversationRow, 'customer'>, long: boolean): string {
  const contact = c.customer.email ?? c.customer.phone ?? null;
  // A caller who gave no name is shown by their number, once.
  return long && contact && contact !== c.customer.name ? `${c.customer.name} <${contact}>` : c.customer.name;
}
