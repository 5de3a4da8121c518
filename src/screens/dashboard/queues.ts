import { catalogAgent, type Catalog } from '../../core/protocol/catalog.js';
import type { MessagingQueueStats, QueueStats } from '../../core/protocol/model.js';
import { CHANNELS } from './agents.js';
import { compare, parseComparison, textMatches, type FilterField, type FilterValues } from './filters.js';
import type { ColumnInfoGroup } from './column-info.js';
import { isOpenAt } from './time.js';

/** One row of Dashboard > Queues: a messaging queue or a voice queue, on the same columns. */
export interface QueueRow {
  kind: 'voice' | 'messaging';
  /** Messaging queue id or voice queue number. */
  id: string;
  name: string;
  channels: string[];
  /** Within operation hours now (voice queues have none: always open). */
  open: boolean;
  waiting: number;
  active: number;
  loggedIn: number;
  paused: number;
  /** A voice queue's live statistics (MWT, answered, abandoned, service level). */
  voice: QueueStats | null;
}

interface Stats {
  mqueue(id: string): MessagingQueueStats | undefined;
  vqueue(number: string): QueueStats | undefined;
}

/**
 * The queues a viewer sees: supervisors all; agents the queues they are a
 * member of (configured), messaging first, then voice.
 */
export function dashboardQueues(catalog: Catalog | null, me: string, supervisor: boolean, stats: Stats, now: number): QueueRow[] {
  if (!catalog) return [];
  const mine = catalogAgent(catalog, me);
  const rows: QueueRow[] = [];
  for (const q of catalog.messagingQueues) {
    if (!supervisor && !mine?.messagingQueues.includes(q.id)) continue;
    const s = stats.mqueue(q.id);
    rows.push({
      kind: 'messaging',
      id: q.id,
      name: q.name,
      channels: CHANNELS.map((c) => c.id).filter((c) => q.channels.includes(c)),
      open: isOpenAt(q.hours, now),
      waiting: s?.waiting ?? 0,
      active: s?.active ?? 0,
      loggedIn: s?.loggedIn ?? 0,
      paused: s?.paused ?? 0,
      voice: null,
    });
  }
  for (const q of catalog.voiceQueues) {
    if (!supervisor && !mine?.voiceQueues.includes(q.number)) continue;
    const s = stats.vqueue(q.number);
    rows.push({
      kind: 'voice',
      id: q.number,
      name: q.name,
      channels: ['voice'],
      open: true,
      waiting: s?.waiting ?? 0,
      active: s?.busy ?? 0,
      loggedIn: s?.loggedIn ?? 0,
      paused: s?.paused ?? 0,
      voice: s ?? null,
    });
  }
  return rows;
}

/** The configured members of a queue (the queue's agents on a key). */
export function queueMembers(catalog: Catalog | null, row: Pick<QueueRow, 'kind' | 'id'>): string[] {
  return (catalog?.agents ?? []).filter((a) => (row.kind === 'voice' ? a.voiceQueues : a.messagingQueues).includes(row.id)).map((a) => a.number);
}

export const QUEUE_FILTERS: FilterField[] = [
  { key: 'name', label: 'Queue', kind: 'text' },
  {
    key: 'kind',
    label: 'Kind',
    kind: 'choice',
    options: [
      { value: '', label: 'any' },
      { value: 'messaging', label: 'Messaging' },
      { value: 'voice', label: 'Voice' },
    ],
  },
  { key: 'channel', label: 'Channel', kind: 'choice', options: [{ value: '', label: 'any' }, ...CHANNELS.map((c) => ({ value: c.id, label: c.name }))] },
  {
    key: 'hours',
    label: 'Hours',
    kind: 'choice',
    options: [
      { value: '', label: 'any' },
      { value: 'open', label: 'Open' },
      { value: 'closed', label: 'Closed' },
    ],
  },
  { key: 'waiting', label: 'Waiting', kind: 'number' },
  { key: 'active', label: 'Active', kind: 'number' },
  { key: 'loggedIn', label: 'Logged in', kind: 'number' },
  { key: 'paused', label: 'Paused', kind: 'number' },
];

export function queuePasses(row: QueueRow, f: FilterValues): boolean {
  if (f.name && !textMatches(f.name, row.name, row.id)) return false;
  if (f.kind && row.kind !== f.kind) return false;
  if (f.channel && !row.channels.includes(f.channel)) return false;
  if (f.hours && (f.hours === 'open') !== row.open) return false;
  const num = (key: 'waiting' | 'active' | 'loggedIn' | 'paused') => {
    const c = f[key] ? parseComparison(f[key]!) : null;
    return !c || compare(row[key], c);
  };
  return num('waiting') && num('active') && num('loggedIn') && num('paused');
}

export const QUEUE_COLUMN_INFO: readonly ColumnInfoGroup[] = [
  {
    title: 'Queue details',
    lines: [
      ['● / ○', 'Operation hours: ● open now, ○ closed (outside working hours).'],
      ['☎', 'A voice queue; the line under the table shows its live statistics.'],
      { term: 'Queue', text: 'The name; {key} lists the agents of the queue.', key: 'dash.queueAgents' },
      ['Channels', 'The channels the queue takes: Voice, Chat (live chat), Email, SMS, WA (WhatsApp), FB (Facebook).'],
    ],
  },
  {
    title: 'Current conversations',
    lines: [
      ['Wait', 'Conversations (or callers) waiting for an agent.'],
      ['Active', 'Conversations being worked on (for voice: agents on a call).'],
    ],
  },
  {
    title: "Agents' states",
    lines: [
      ['In', 'Agents logged in to the queue.'],
      ['Paused', 'Of those, how many are paused.'],
    ],
  },
  {
    title: 'Voice figures (☎ queues)',
    lines: [
      ['MWT', 'How long the caller waiting longest has waited.'],
      ['Answered', 'Calls an agent answered today.'],
      ['Abandoned', 'Callers who hung up today before an agent answered.'],
      ['Declined', 'Offers an agent declined today (x, or the phone busy or rejecting): the call went back to the queue for the next agent. Every decline counts.'],
      ['SL', "Service level: the share answered within the queue's target wait."],
      ['Where', 'Columns of their own from 110 columns wide; narrower, the lines under the table, for the queue selected.'],
    ],
  },
];
