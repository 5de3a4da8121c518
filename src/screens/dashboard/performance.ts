import type { ClientStore } from '../../client/store.js';
import type { DayMetrics } from '../../core/protocol/model.js';
import { average, p90 } from '../../core/metrics/samples.js';
import { channelName, CHANNELS } from './agents.js';
import { dayKey } from './time.js';
import { catalogAgent } from '../../core/protocol/catalog.js';

const ACTIVE = new Set(['open', 'waiting', 'solved']);

export interface Figures {
  count: number;
  avg: number | null;
  p90: number | null;
}

export interface Performance {
  /** Today in the server's time zone (the day the figures are filed under). */
  day: string;
  hour: number;
  workload: number;
  /** Active conversations against capacity, per channel the agent has capacity on or works now. */
  capacity: Array<{ channel: string; name: string; active: number; capacity: number }>;
  carriedOver: number;
  created: number;
  closed: number;
  byQueue: Array<{ name: string; created: number; closed: number }>;
  byChannel: Array<{ name: string; created: number; closed: number }>;
  speedOfAnswer: Figures;
  handlingTime: Figures;
  perHour: number[];
  voice: { answered: number; declined: number; abandoned: number; avgTalk: number | null; avgWait: number | null; serviceLevel: number | null };
  assignedQueues: string[];
  assignedChannels: string[];
}

function figures(m: DayMetrics | undefined): { speedOfAnswer: Figures; handlingTime: Figures } {
  const f = (s: DayMetrics['speedOfAnswer'] | undefined): Figures => (s ? { count: s.count, avg: average(s), p90: p90(s) } : { count: 0, avg: null, p90: null });
  return { speedOfAnswer: f(m?.speedOfAnswer), handlingTime: f(m?.handlingTime) };
}

/**
 * The agent's day as My Performance draws it: today's figures filed for
 * `agent:<me>` (kept live by metrics.updated events), live load from the
 * agent entity and the agent's own conversations, capacities from the
 * catalog. Abandoned calls belong to a queue, not an agent: they are the
 * agent's voice queues' (visible to every agent).
 */
export function myPerformance(store: ClientStore, me: string, now: number): Performance {
  const catalog = store.catalog;
  const zone = catalog?.center.timeZone ?? 'UTC';
  const day = dayKey(zone, now);
  const hour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', hourCycle: 'h23' }).format(new Date(now)));
  const m = store.get('metrics', `${day}|agent:${me}`);
  const agent = store.get('agent', me);
  const member = catalogAgent(catalog, me);
  const session = agent?.session ?? null;

  const active = new Map<string, number>();
  for (const c of store.list('conversation')) if (c.agent === me && ACTIVE.has(c.status)) active.set(c.channel, (active.get(c.channel) ?? 0) + 1);
  const capacities = member?.capacity ?? {};
  const capacity = CHANNELS.filter((c) => c.id !== 'voice')
    .map((c) => ({ channel: c.id, name: c.name, active: active.get(c.id) ?? 0, capacity: capacities[c.id] ?? 0 }))
    .filter((c) => c.capacity > 0 || c.active > 0);

  const queueName = (id: string) => catalog?.messagingQueues.find((q) => q.id === id)?.name ?? id;
  const byQueue = Object.entries(m?.byQueue ?? {})
    .map(([id, v]) => ({ name: queueName(id), ...v }))
    .sort((a, b) => b.created - a.created || a.name.localeCompare(b.name));
  const byChannel = Object.entries(m?.byChannel ?? {})
    .map(([id, v]) => ({ name: channelName(id), ...v }))
    .sort((a, b) => b.created - a.created || a.name.localeCompare(b.name));

  const voiceQueues = session?.voiceQueues ?? member?.voiceQueues ?? [];
  const abandoned = voiceQueues.reduce((n, q) => n + (store.get('metrics', `${day}|vqueue:${q}`)?.callsAbandoned ?? 0), 0);
  const answered = m?.callsAnswered ?? 0;

  const messagingQueues = session?.messagingQueues ?? member?.messagingQueues ?? [];
  const channels = new Set<string>();
  if (voiceQueues.length) channels.add('voice');
  for (const q of messagingQueues) for (const ch of catalog?.messagingQueues.find((x) => x.id === q)?.channels ?? []) channels.add(ch);
  const voiceName = (n: string) => `☎ ${catalog?.voiceQueues.find((q) => q.number === n)?.name ?? n}`;

  return {
    day,
    hour,
    workload: agent?.load?.workload ?? 0,
    capacity,
    carriedOver: m?.carriedOver ?? 0,
    created: m?.created ?? 0,
    closed: m?.closed ?? 0,
    byQueue,
    byChannel,
    ...figures(m),
    perHour: m?.perHour ?? Array.from({ length: 24 }, () => 0),
    voice: {
      answered,
      // Absent from figures kept before declines were counted.
      declined: m?.callsDeclined ?? 0,
      abandoned,
      avgTalk: m && m.callsEnded > 0 ? m.talkMs / m.callsEnded : null,
      avgWait: answered > 0 ? m!.waitMs / answered : null,
      serviceLevel: answered > 0 ? m!.answeredWithinServiceLevel / answered : null,
    },
    assignedQueues: [...messagingQueues.map(queueName), ...voiceQueues.map(voiceName)],
    assignedChannels: CHANNELS.filter((c) => channels.has(c.id)).map((c) => c.name),
  };
}
