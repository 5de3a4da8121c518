import type { Catalog } from '../../core/protocol/catalog.js';
import type { Conversation, Message } from '../../core/protocol/model.js';
import { messageOrderAt } from '../../core/protocol/message-order.js';

/**
 * What the panel reads off a conversation: whether it is on My Chats (and
 * greyed), whether it waits unassigned in one of my queues, and the words for
 * its status, closure and why it came to me. Pure functions, so the lists, the
 * card, the header and the notices agree.
 */

/**
 * What the panel calls the sender of the survey and other automatic messages
 * (the manual's "virtual assistant"): one word everywhere, the chat log, the
 * Conversations log, the files list.
 */
export const SURVEY_SENDER = 'Assistant';

/** The manual: closed by the customer, a supervisor or the survey stays greyed until hidden; closed by me leaves. */
export function isGreyed(c: Conversation): boolean {
  return c.status === 'closed';
}

/** My Chats: assigned to me and still going, or closed by someone else and not hidden by me. */
export function onMyChats(c: Conversation, me: string): boolean {
  if (c.agent !== me) return false;
  if (c.status !== 'closed') return true;
  // Hideable is the core's rule: anything but an agent's own closure stays until hidden.
  return c.closedBy?.kind !== 'agent' && !c.hiddenBy.includes(me);
}

/** My Chats in order: live ones first, newest activity first; greyed ones after them. */
export function myChats(all: Conversation[], me: string): Conversation[] {
  return all
    .filter((c) => onMyChats(c, me))
    .sort((a, b) => Number(isGreyed(a)) - Number(isGreyed(b)) || b.lastMessageAt - a.lastMessageAt || a.id.localeCompare(b.id));
}

/** Unassigned Chats: waiting in one of my queues, oldest first (the next to take). */
export function unassignedChats(all: Conversation[], myQueues: readonly string[]): Conversation[] {
  return all
    .filter((c) => c.agent === null && (c.status === 'open' || c.status === 'waiting') && myQueues.includes(c.queue))
    .sort((a, b) => a.queue.localeCompare(b.queue) || a.createdAt - b.createdAt || a.id.localeCompare(b.id));
}

/**
 * Who the customer is: the contact the conversation is linked to (the agent
 * said who they are, as a call names its contact), else the name they gave,
 * else their number or address: what the manual lists.
 */
export function customerLabel(c: Conversation): string {
  return c.contact?.name || c.customer.name || c.customer.phone || c.customer.email || c.customer.id;
}

export function queueName(catalog: Catalog | null, id: string): string {
  return catalog?.messagingQueues.find((q) => q.id === id)?.name ?? id;
}

/** An agent as the chat screens name them: "you", their name when the panel knows it (store.agentName), else the number. */
export function agentName(names: { agentName(id: string): string | undefined }, id: string | null, me?: string): string {
  if (!id) return 'nobody';
  if (id === me) return 'you';
  return names.agentName(id) ?? id;
}

/** The agents a conversation names (its agent, who transferred it and to whom), for the panel to learn their names. */
export function agentsNamedIn(c: Conversation): string[] {
  return [c.agent, ...c.transfers.flatMap((t) => [t.by, t.toAgent]), c.closedBy?.id ?? null].filter((id): id is string => Boolean(id));
}

const CLOSED_BY: Record<string, string> = {
  agent: 'an agent',
  customer: 'the customer',
  supervisor: 'a supervisor',
  survey: 'the survey',
  system: 'the system',
  ban: 'a ban',
};

/** What the agent calls the conversation in a sentence: the Email section's are emails, not chats. */
export function itemWord(c: Conversation): 'email' | 'chat' {
  return c.channel === 'email' ? 'email' : 'chat';
}

/** Open / Waiting / Solved (survey) / Closed: the status as the card says it; `short` for list columns. */
export function statusWord(c: Conversation, short = false): string {
  switch (c.status) {
    case 'open':
      return 'Open';
    case 'waiting':
      return 'Waiting';
    case 'solved':
      return c.surveyPending && !short ? 'Solved (survey)' : 'Solved';
    case 'closed':
      return 'Closed';
  }
}

/**
 * "Closed by the survey at 14:20 (9/10: great)", or null while it goes on.
 * An agent or supervisor who closed it is named when the panel knows the
 * name ("Closed by Sam Rivera (supervisor)", "Closed by you"): an agent whose
 * chat a supervisor closed wants to know whom to ask.
 */
export function closureText(c: Conversation, clock: (at: number) => string, names?: { agentName(id: string): string | undefined }, me?: string): string | null {
  if (c.status !== 'closed' || !c.closedBy) return null;
  const survey = c.survey ? ` (${c.survey.score}/10${c.survey.comment ? `: ${c.survey.comment}` : ''})` : '';
  return `Closed by ${closerText(c.closedBy, names, me)}${c.closedAt ? ` at ${clock(c.closedAt)}` : ''}${survey}`;
}

function closerText(by: NonNullable<Conversation['closedBy']>, names?: { agentName(id: string): string | undefined }, me?: string): string {
  const generic = CLOSED_BY[by.kind] ?? by.kind;
  if ((by.kind !== 'agent' && by.kind !== 'supervisor') || !by.id) return generic;
  if (by.id === me) return 'you';
  const name = names?.agentName(by.id);
  if (!name) return generic;
  return by.kind === 'supervisor' ? `${name} (supervisor)` : name;
}

const RULE: Record<string, [long: string, short: string]> = {
  automatic: ['assigned automatically', 'automatic'],
  manual: ['assigned by hand (Assign to me)', 'by hand'],
  'returning-customer': ['returning customer: you talked to them last', 'returning customer'],
  'direct-transfer': ['transferred to you by an agent', 'transferred'],
};

/**
 * "Why this chat": the rule, then my free capacity and workload as they were
 * with it taken on. `short` for the card's one line.
 */
export function whyText(c: Conversation, short = false): string | null {
  const a = c.assignment;
  if (!a) return null;
  const parts = [RULE[a.rule]?.[short ? 1 : 0] ?? a.rule];
  if (a.capacityLeft !== null) parts.push(short ? `${a.capacityLeft} free` : `${a.capacityLeft} more chat${a.capacityLeft === 1 ? '' : 's'} of capacity left`);
  if (a.workload !== null) parts.push(short ? `${a.workload}% load` : `workload ${a.workload}%`);
  return parts.join(', ');
}

/** "Why this chat" as the profile pane lists it: the rule, capacity left, workload, a line each. */
export function whyRows(c: Conversation): Array<[string, string]> {
  const a = c.assignment;
  if (!a) return [];
  const rows: Array<[string, string]> = [['Why me', RULE[a.rule]?.[0] ?? a.rule]];
  // An email's capacity is counted in emails: "4 more chats on email" read as if chats took it.
  const more = `${a.capacityLeft} more ${itemWord(c)}${a.capacityLeft === 1 ? '' : 's'}`;
  if (a.capacityLeft !== null) rows.push(['Capacity', c.channel === 'email' ? more : `${more} on ${c.channel}`]);
  if (a.workload !== null) rows.push(['Workload', `${a.workload}%`]);
  return rows;
}

/** Unread customer messages across My Chats (the header and the tab badge). */
export function unreadCount(chats: Conversation[]): number {
  return chats.reduce((n, c) => n + (c.status === 'closed' ? 0 : c.unread), 0);
}

/**
 * Which list Chats opens on, and which chat in it: My Chats at the first
 * chat with unread messages; else Unassigned when chats wait there and none
 * of mine is live; else My Chats.
 */
export function whereTheWorkIs(mine: Conversation[], unassigned: Conversation[]): { tab: 'mine' | 'unassigned'; id: string | null } {
  const unread = mine.find((c) => c.status !== 'closed' && c.unread > 0);
  if (unread) return { tab: 'mine', id: unread.id };
  if (unassigned.length > 0 && !mine.some((c) => c.status === 'open' || c.status === 'waiting')) return { tab: 'unassigned', id: unassigned[0]!.id };
  return { tab: 'mine', id: null };
}

/**
 * The figures the header shows: chats I have, unread messages in them, chats
 * waiting in my queues (from the queues' figures, waitingIn: the panel holds
 * only the next few of each, their waiting preview). `include` picks the
 * channels counted (the chats' figures leave email to the Email section's).
 */
export function chatFigures(
  all: Conversation[],
  me: string,
  myQueues: readonly string[],
  waitingIn: (queue: string) => number,
  include: (c: Conversation) => boolean = (c) => c.channel !== 'email',
) {
  all = all.filter(include);
  const mine = all.filter((c) => c.agent === me && c.status !== 'closed');
  return { assigned: mine.length, unread: unreadCount(mine), waiting: myQueues.reduce((n, q) => n + waitingIn(q), 0) };
}

/** The OpenStreetMap page of a point, zoomed to a town. */
export function mapUrl(lat: number, lon: number): string {
  const la = lat.toFixed(4);
  const lo = lon.toFixed(4);
  return `https://www.openstreetmap.org/?mlat=${la}&mlon=${lo}#map=12/${la}/${lo}`;
}

/** 12 KB, 3.4 MB: a file size as people read it. */
export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1048576).toFixed(1)} MB`;
}

/** Fetched and live messages by id, the later copy of each (a seen mark arrives after the fetch), oldest first. */
export function mergeLog(fetched: Message[], live: Message[]): Message[] {
  if (fetched.length === 0) return [...live].sort(byTime);
  const map = new Map(fetched.map((m) => [m.id, m]));
  for (const m of live) {
    const before = map.get(m.id);
    if (!before || (m.seenAt ?? 0) >= (before.seenAt ?? 0)) map.set(m.id, m);
  }
  return [...map.values()].sort(byTime);
}

/**
 * By time only (messageOrderAt: a late customer message where its provider
 * says it was sent): the sort is stable, and messages of one instant (a
 * notice and the first message) keep the server's order.
 */
function byTime(a: Message, b: Message): number {
  return messageOrderAt(a) - messageOrderAt(b);
}
