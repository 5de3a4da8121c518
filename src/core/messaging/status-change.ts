import type { MessagingQueueConfig } from '../config/schema.js';
import type { HandlerContext } from '../context.js';
import type { Agent, Conversation, InactiveReason } from '../protocol/model.js';
import { withTransfer } from '../protocol/transfers.js';
import type { Transaction } from '../transaction.js';
import { postNotice } from './messages.js';
import { notices } from './notices.js';

/**
 * The manual's eighth assignment trigger, "Change of Agent's Status": when an
 * agent goes from active to inactive, their open conversations are assigned
 * again by the workload rules. Inactive is, per messaging queue
 * (`reassign` in its configuration):
 *
 * - logged out (on by default);
 * - every panel of the session disconnected for longer than a grace (two
 *   minutes by default): a broken session. Back within it, the agent keeps
 *   everything; past it, they are also given no new conversation of that
 *   queue until a panel is back;
 * - paused for longer than a time the queue sets (off by default: a pause is
 *   a break, not leaving).
 *
 * Only conversations that may move go: open or waiting, not solved (survey
 * mode: the manual allows no transfer) nor closed. Each goes back unassigned
 * to its queue with a notice saying why (and a transfer record naming the
 * agent, who can still read it in Conversations > Closed); the chat
 * auto-assignment that follows in the same transaction gives it to the free
 * member with the lowest workload, or it waits in Unassigned Chats.
 */

/** Whether the agent counts as gone from this queue now: their panels have been away (since `lostSince`) longer than its grace. */
export function disconnectedPastGrace(lostSince: number | null, queue: MessagingQueueConfig, now: number): boolean {
  const grace = queue.reassign.disconnectedSeconds;
  return lostSince !== null && grace !== null && now - lostSince >= grace * 1000;
}

function queueConfig(ctx: HandlerContext, id: string): MessagingQueueConfig | undefined {
  return ctx.config.messagingQueues.find((q) => q.id === id);
}

/** The agent's conversations that may move and whose queue's rule says `due` now. */
function movable(ctx: HandlerContext, agentId: string, due: (queue: MessagingQueueConfig) => boolean): Conversation[] {
  const out: Conversation[] = [];
  for (const ids of ctx.conversations.activeOf(agentId).values()) {
    for (const id of ids) {
      const c = ctx.state.get('conversation', id);
      if (!c || c.agent !== agentId || (c.status !== 'open' && c.status !== 'waiting')) continue;
      const queue = queueConfig(ctx, c.queue);
      if (queue && due(queue)) out.push(c);
    }
  }
  return out.sort((a, b) => a.createdAt - b.createdAt);
}

function why(reason: InactiveReason, agent: Agent, minutes: number): string {
  if (reason === 'logged-out') return 'logged out';
  const span = minutes < 1 ? `${Math.round(minutes * 60)} seconds` : `${Math.round(minutes)} minute${Math.round(minutes) === 1 ? '' : 's'}`;
  if (reason === 'disconnected') return `has been disconnected for ${span}`;
  return `has been paused${agent.pauseReason ? ` (${agent.pauseReason})` : ''} for ${span}`;
}

/** Send the conversations back to their queues, each with its notice. How many went. */
function sendBack(ctx: HandlerContext, agent: Agent, reason: InactiveReason, conversations: Conversation[], since: number): number {
  const now = ctx.clock.now();
  for (const c of conversations) {
    const queue = queueConfig(ctx, c.queue)!;
    const moved = ctx.tx.put(
      'conversation',
      {
        ...c,
        agent: null,
        assignedAt: null,
        assignment: null,
        ...withTransfer(c, { at: now, by: agent.id, fromQueue: c.queue, toQueue: c.queue, fromAgent: agent.id, toAgent: null, inactive: reason }),
      },
      'reassign',
    );
    postNotice(ctx, moved, notices.inactive(agent.name, queue.name, why(reason, agent, (now - since) / 60_000)));
  }
  return conversations.length;
}

const awayKey = (agent: string) => `away:${agent}`;
const pausedKey = (agent: string) => `paused-reassign:${agent}`;

/**
 * Arm the next check of an agent who is inactive in some way: at `since`
 * plus the shortest of the queues' times not yet passed. Each check sends
 * back what is due and arms the next; conversations of queues with longer
 * times wait for theirs.
 */
function armNext(ctx: HandlerContext, agent: Agent, key: string, since: number, delayOf: (q: MessagingQueueConfig) => number | null, check: (later: HandlerContext) => void): void {
  const now = ctx.clock.now();
  const queues = new Set<string>();
  for (const ids of ctx.conversations.activeOf(agent.id).values()) for (const id of ids) queues.add(ctx.state.get('conversation', id)?.queue ?? '');
  const due = [...queues]
    .map((q) => queueConfig(ctx, q))
    .map((q) => (q ? delayOf(q) : null))
    .filter((ms): ms is number => ms !== null && since + ms > now)
    .map((ms) => since + ms);
  if (due.length === 0) ctx.cancel(key);
  else ctx.schedule(key, Math.min(...due), check);
}

const disconnectDelay = (q: MessagingQueueConfig) => (q.reassign.disconnectedSeconds === null ? null : q.reassign.disconnectedSeconds * 1000);
const pauseDelay = (q: MessagingQueueConfig) => (q.reassign.pausedMinutes === null ? null : q.reassign.pausedMinutes * 60_000);

/** Every panel of the agent's session has gone: note when, and check again when the first grace runs out. */
export function linkLost(ctx: HandlerContext, agentId: string): void {
  const agent = ctx.state.agent(agentId);
  if (!agent?.session || ctx.presence.lostSince(agentId) !== null) return;
  const since = ctx.presence.lose(agentId, ctx.clock.now());
  armNext(ctx, agent, awayKey(agentId), since, disconnectDelay, (later) => disconnectedCheck(later, agentId, since));
}

/** A panel of the agent is connected again (a login or resume): within the grace nothing moved, and nothing will. */
export function linkBack(ctx: HandlerContext, agentId: string): void {
  if (ctx.presence.lostSince(agentId) === null) return;
  ctx.presence.back(agentId);
  ctx.cancel(awayKey(agentId));
}

function disconnectedCheck(ctx: HandlerContext, agentId: string, since: number): void {
  const agent = ctx.state.agent(agentId);
  // Back meanwhile, logged out, or away again from a later moment: not this check's business.
  if (!agent?.session || ctx.presence.lostSince(agentId) !== since) return;
  const now = ctx.clock.now();
  sendBack(ctx, agent, 'disconnected', movable(ctx, agentId, (q) => disconnectedPastGrace(since, q, now)), since);
  armNext(ctx, agent, awayKey(agentId), since, disconnectDelay, (later) => disconnectedCheck(later, agentId, since));
}

function pausedCheck(ctx: HandlerContext, agentId: string, since: number): void {
  const agent = ctx.state.agent(agentId);
  if (!agent?.session || agent.status !== 'paused' || agent.statusSince !== since) return;
  const now = ctx.clock.now();
  const due = (q: MessagingQueueConfig) => q.reassign.pausedMinutes !== null && now - since >= q.reassign.pausedMinutes * 60_000;
  sendBack(ctx, agent, 'paused', movable(ctx, agentId, due), since);
  armNext(ctx, agent, pausedKey(agentId), since, pauseDelay, (later) => pausedCheck(later, agentId, since));
}

/**
 * The follow-up after a transaction that touched agents: a logout sends the
 * agent's conversations back now (queues with onLogout); a pause arms the
 * check of the queues that reassign after a pause, and the end of a pause
 * disarms it. Agents are compared as they were when the transaction began.
 */
export function reassignOnStatusChange(ctx: HandlerContext, tx: Transaction): void {
  const before = new Map<string, Agent | null>();
  for (const t of tx.touched) {
    if (t.kind !== 'agent') continue;
    const id = ((t.next ?? t.prev) as Agent).id;
    if (!before.has(id)) before.set(id, t.prev as Agent | null);
  }
  for (const [id, prev] of before) {
    const agent = ctx.state.agent(id);
    if (!agent || prev?.status === agent.status) continue;
    if (agent.status === 'logged-out') {
      ctx.presence.back(id);
      ctx.cancel(awayKey(id));
      ctx.cancel(pausedKey(id));
      sendBack(ctx, agent, 'logged-out', movable(ctx, id, (q) => q.reassign.onLogout), agent.statusSince);
    } else if (agent.status === 'paused') {
      armNext(ctx, agent, pausedKey(id), agent.statusSince, pauseDelay, (later) => pausedCheck(later, id, agent.statusSince));
    } else ctx.cancel(pausedKey(id));
  }
}

/** After a restart: the checks of paused agents live in memory, so they are armed again. */
export function rearmAfterRestart(ctx: HandlerContext): void {
  for (const agent of ctx.state.all('agent')) {
    if (agent.session && agent.status === 'paused')
      armNext(ctx, agent, pausedKey(agent.id), agent.statusSince, pauseDelay, (later) => pausedCheck(later, agent.id, agent.statusSince));
  }
}
