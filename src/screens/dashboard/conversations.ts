import type { Catalog } from '../../core/catalog.js';
import type { Conversation } from '../../core/model.js';
import type { FilterField, FilterValues } from './filters.js';
import { parseDateInput } from './time.js';

export const CHANNEL_SHORT: Record<string, string> = { livechat: 'Chat', email: 'Email', sms: 'SMS', whatsapp: 'WA', facebook: 'FB', voice: 'Voice' };
export const CHANNEL_LONG: Record<string, string> = { livechat: 'Live chat', email: 'Email', sms: 'SMS', whatsapp: 'WhatsApp', facebook: 'Facebook', voice: 'Voice' };
export const STATUS: Record<string, string> = { open: 'Open', waiting: 'Waiting', solved: 'Solved', closed: 'Closed' };

/**
 * The filters of the Conversations lists, on the manual's columns. They are
 * applied by the server (conversations.list), so they cover the whole list,
 * not a page. Closed adds no state (they are all closed); the agent rate and
 * feedback columns have no server filter yet.
 */
export function conversationFilters(catalog: Catalog | null, queues: string[], state: 'active' | 'closed'): FilterField[] {
  const fields: FilterField[] = [
    {
      key: 'queue',
      label: 'Queue',
      kind: 'choice',
      options: [{ value: '', label: 'any' }, ...queues.map((id) => ({ value: id, label: catalog?.messagingQueues.find((q) => q.id === id)?.name ?? id }))],
    },
    { key: 'id', label: 'ID', kind: 'text' },
    {
      key: 'channel',
      label: 'Channel',
      kind: 'choice',
      options: [{ value: '', label: 'any' }, ...['livechat', 'email', 'sms', 'whatsapp', 'facebook'].map((c) => ({ value: c, label: CHANNEL_LONG[c]! }))],
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
  return fields;
}

/** The arguments of conversations.list for these filters (dates typed in local time become instants). */
export function listArgs(state: 'active' | 'closed', f: FilterValues, now: number): Record<string, string | number> {
  const args: Record<string, string | number> = { state };
  for (const key of ['queue', 'id', 'channel', 'agent', 'customer', 'subject', 'status'] as const) if (f[key]) args[key] = f[key]!;
  const from = f.from ? parseDateInput(f.from, 'start', now) : null;
  const to = f.to ? parseDateInput(f.to, 'end', now) : null;
  if (from !== null) args.from = from;
  if (to !== null) args.to = to;
  return args;
}

/** A recording to play, for a voice conversation that has one. None do yet: there is no media server. */
export function recordingOf(c: Conversation): string | null {
  return (c as Conversation & { recording?: string | null }).recording ?? null;
}

/** "…a1f3e2d0": the distinctive end of a long id, for narrow columns (the ID filter matches any part). */
export function shortId(id: string, width: number): string {
  return id.length <= width ? id : `…${id.slice(id.length - width + 1)}`;
}

/** The customer as the lists show them: name, with their email, phone or address where there is room. */
export function customerText(c: Conversation, long: boolean): string {
  const contact = c.customer.email ?? c.customer.phone ?? null;
  return long && contact ? `${c.customer.name} <${contact}>` : c.customer.name;
}
