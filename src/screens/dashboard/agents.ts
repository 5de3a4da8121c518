import type { Catalog } from '../../core/protocol/catalog.js';
import type { Agent } from '../../core/protocol/model.js';
import type { ColumnInfoGroup } from './column-info.js';
import { compare, parseComparison, textMatches, type FilterField, type FilterValues } from './filters.js';

/** The channels in the order the Channels column draws them, one letter each. */
export const CHANNELS = [
  { id: 'voice', code: 'V', name: 'Voice' },
  { id: 'livechat', code: 'C', name: 'Live chat' },
  { id: 'email', code: 'E', name: 'Email' },
  { id: 'sms', code: 'S', name: 'SMS' },
  { id: 'whatsapp', code: 'W', name: 'WhatsApp' },
  { id: 'facebook', code: 'F', name: 'Facebook' },
] as const;

export const channelName = (id: string) => CHANNELS.find((c) => c.id === id)?.name ?? id;

/** "VC·S··": a letter where the agent supports the channel, a dot where not; fixed places read as a column. */
export function channelCode(channels: Iterable<string>): string {
  const set = new Set(channels);
  return CHANNELS.map((c) => (set.has(c.id) ? c.code : '·')).join('');
}

const SHORT: Record<string, string> = { voice: 'Voice', livechat: 'Chat', email: 'Email', sms: 'SMS', whatsapp: 'WA', facebook: 'FB' };

/** "Voice Chat Email": the channels in words, for wide terminals. */
export function channelWords(channels: string[]): string {
  return channels.map((c) => SHORT[c] ?? c).join(' ');
}

type CatalogAgent = Catalog['agents'][number];

const indexes = new WeakMap<Catalog, { agents: Map<string, CatalogAgent>; channels: Map<string, string[]> }>();

/** Agents and queue channels by id, built once per catalog: a thousand agents must not cost a million lookups a render. */
export function catalogIndex(catalog: Catalog) {
  let index = indexes.get(catalog);
  if (!index) {
    index = { agents: new Map(catalog.agents.map((a) => [a.number, a])), channels: new Map(catalog.messagingQueues.map((q) => [q.id, q.channels])) };
    indexes.set(catalog, index);
  }
  return index;
}

/** The queues an agent works: this session's when logged in, else their configured ones. */
export function queuesOf(agent: Agent, member: CatalogAgent | undefined): { voice: string[]; messaging: string[] } {
  if (agent.session) return { voice: agent.session.voiceQueues, messaging: agent.session.messagingQueues };
  return { voice: member?.voiceQueues ?? [], messaging: member?.messagingQueues ?? [] };
}

/** The channels an agent supports: voice with a voice queue, and every channel of their messaging queues. */
export function channelsOf(catalog: Catalog | null, agent: Agent): string[] {
  const index = catalog ? catalogIndex(catalog) : null;
  const q = queuesOf(agent, index?.agents.get(agent.id));
  const out = new Set<string>();
  if (q.voice.length) out.add('voice');
  for (const id of q.messaging) for (const ch of index?.channels.get(id) ?? []) out.add(ch);
  return CHANNELS.map((c) => c.id).filter((id) => out.has(id));
}

export type LoginState = 'Logged off' | 'Logged in' | 'Paused';

/** The manual's three states: Logged off, Logged in, Paused (with the reason beside it). */
export function loginState(agent: Agent): LoginState {
  if (!agent.session || agent.status === 'logged-out') return 'Logged off';
  return agent.status === 'paused' ? 'Paused' : 'Logged in';
}

export function stateText(agent: Agent): string {
  const s = loginState(agent);
  return s === 'Paused' ? `Paused (${agent.pauseReason ?? 'no reason'})` : s;
}

/** How long the agent has been in that state; null when never seen (no session since the server started). */
export function timeInState(agent: Agent, now: number): number | null {
  if (!agent.statusSince) return null;
  return Math.max(0, now - agent.statusSince);
}

/** Numbers in names sort as numbers (Agent 2 before Agent 10); one collator, not one per comparison. */
const byName = new Intl.Collator(undefined, { numeric: true });

/**
 * The agents a viewer sees on the dashboard: supervisors every other agent;
 * agents those they share a queue (voice or messaging) or a campaign with,
 * as configured, the peers they would ask for help. Campaigns count as the
 * Agents tab and the server's `colleagues` count them: an outbound colleague
 * is in no queue at all. Sorted by name.
 */
export function dashboardAgents(agents: Agent[], catalog: Catalog | null, me: string, supervisor: boolean): Agent[] {
  const index = catalog ? catalogIndex(catalog) : null;
  const mine = index?.agents.get(me);
  const myWork = new Set([
    ...(mine?.voiceQueues ?? []).map((q) => `v:${q}`),
    ...(mine?.messagingQueues ?? []).map((q) => `m:${q}`),
    ...(mine?.campaigns ?? []).map((c) => `c:${c}`),
  ]);
  const shares = (number: string) => {
    const a = index?.agents.get(number);
    if (!a) return false;
    return a.voiceQueues.some((q) => myWork.has(`v:${q}`)) || a.messagingQueues.some((q) => myWork.has(`m:${q}`)) || a.campaigns.some((c) => myWork.has(`c:${c}`));
  };
  return agents.filter((a) => a.id !== me && (supervisor || shares(a.id))).sort((a, b) => byName.compare(a.name, b.name) || a.id.localeCompare(b.id));
}

export const AGENT_FILTERS: FilterField[] = [
  { key: 'name', label: 'Name', kind: 'text' },
  { key: 'channel', label: 'Channel', kind: 'choice', options: [{ value: '', label: 'any' }, ...CHANNELS.map((c) => ({ value: c.id, label: c.name }))] },
  {
    key: 'state',
    label: 'State',
    kind: 'choice',
    options: [
      { value: '', label: 'any' },
      { value: 'Logged in', label: 'Logged in' },
      { value: 'Paused', label: 'Paused' },
      { value: 'Logged off', label: 'Logged off' },
    ],
  },
  { key: 'time', label: 'Time in state', kind: 'number', unit: 'min' },
  { key: 'calls', label: 'Calls', kind: 'number' },
  { key: 'livechat', label: 'Live chat', kind: 'number' },
  { key: 'messaging', label: 'Messaging', kind: 'number' },
  { key: 'email', label: 'Email', kind: 'number' },
  { key: 'workload', label: 'Workload', kind: 'number', unit: '%' },
];

/** Whether an agent passes every filter of the Agents dashboard. */
export function agentPasses(agent: Agent, channels: string[], f: FilterValues, now: number): boolean {
  if (f.name && !textMatches(f.name, agent.name, agent.id)) return false;
  if (f.channel && !channels.includes(f.channel)) return false;
  if (f.state && loginState(agent) !== f.state) return false;
  const num = (key: string, value: number) => {
    const c = f[key] ? parseComparison(f[key]!) : null;
    return !c || compare(value, c);
  };
  const minutes = Math.floor((timeInState(agent, now) ?? 0) / 60_000);
  const load = agent.load;
  return (
    num('time', minutes) &&
    num('calls', load?.calls ?? 0) &&
    num('livechat', load?.livechat ?? 0) &&
    num('messaging', load?.messaging ?? 0) &&
    num('email', load?.email ?? 0) &&
    num('workload', load?.workload ?? 0)
  );
}

/** What the info key explains, one group of columns per page (the manual's "i" beside each label). */
export const AGENT_COLUMN_INFO: readonly ColumnInfoGroup[] = [
  {
    title: 'Agent details',
    lines: [
      { term: 'Name', text: 'The agent; {key} shows their state and every queue they are in.', key: 'dash.agentInfo' },
      ['Channels', 'What they support, one letter each: V voice, C live chat, E email, S SMS, W WhatsApp, F Facebook; a dot where not.'],
    ],
  },
  {
    title: 'Agent state',
    lines: [
      ['Logged off', 'Not handling any queue: not scheduled, or facing a problem.'],
      ['Logged in', 'Available for customer requests.'],
      ['Paused', 'Away for a moment (break, lunch, meeting); the reason is beside it.'],
      ['Time', 'How long they have been in that state.'],
    ],
  },
  {
    title: 'Active conversations',
    lines: [
      ['Call', 'Calls on the voice channel right now.'],
      ['Chat', 'Live chat conversations.'],
      ['Msg', 'SMS, WhatsApp and Facebook conversations.'],
      ['Mail', 'Email conversations.'],
      ['Load', 'Workload: active conversations against the capacity configured per channel, over all their queues.'],
    ],
  },
];
