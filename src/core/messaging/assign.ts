import type { HandlerContext } from '../context.js';
import type { AssignmentNote, Conversation } from '../protocol/model.js';
import { isOpen } from './hours.js';
import { postNotice } from './messages.js';
import { notices } from './notices.js';
import { capacityOf, workloadOf } from './workload.js';
import { availableMembers } from './availability.js';
import { disconnectedPastGrace } from './status-change.js';

/** Logged in, available, in the queue (unless named directly), connected (or not for long), with room on the channel. */
export function canTake(ctx: HandlerContext, agentId: string, conversation: Conversation, checkQueue = true): boolean {
  const agent = ctx.state.agent(agentId);
  if (!agent?.session || agent.status !== 'available') return false;
  if (checkQueue && !agent.session.messagingQueues.includes(conversation.queue)) return false;
  // Disconnected past the queue's grace: inactive there, given nothing until a panel is back.
  const queue = ctx.config.messagingQueues.find((q) => q.id === conversation.queue);
  if (queue && disconnectedPastGrace(ctx.presence.lostSince(agentId), queue, ctx.clock.now())) return false;
  return ctx.conversations.activeOn(agentId, conversation.channel) < capacityOf(ctx, agentId, conversation.channel);
}

/** Give a conversation to an agent, recording why, with the notice the manual prescribes. */
export function assignTo(ctx: HandlerContext, conversation: Conversation, agentId: string, rule: AssignmentNote['rule'], by: string | null): Conversation {
  const now = ctx.clock.now();
  const agent = ctx.state.agent(agentId)!;
  const capacity = capacityOf(ctx, agentId, conversation.channel);
  // Capacity and workload as they are with this conversation taken on.
  const note: AssignmentNote = {
    rule,
    at: now,
    by,
    capacityLeft: Math.max(0, capacity - ctx.conversations.activeOn(agentId, conversation.channel) - 1),
    workload: workloadOf(ctx, agentId) + Math.round(100 / Math.max(1, capacity)),
  };
  const withLoad = ctx.tx.put('conversation', { ...conversation, agent: agentId, assignedAt: now, status: conversation.status === 'waiting' ? 'waiting' : 'open', assignment: note }, rule);
  const text =
    rule === 'automatic'
      ? notices.autoAssigned(agent.name)
      : rule === 'manual'
        ? notices.selfAssigned(agent.name)
        : rule === 'returning-customer'
          ? notices.returning(agent.name)
          : notices.directTransfer(agent.name);
  postNotice(ctx, withLoad, text);
  const known = ctx.state.get('customer', conversation.customer.id);
  if (known) ctx.tx.put('customer', { ...known, lastAgent: agentId, lastConversation: conversation.id }, 'assigned');
  return withLoad;
}

/**
 * Automatic assignment. Runs after every change to agents or conversations
 * (creation, transfer, closure, login, unpause, status change, an agent added
 * to a queue) and when a queue's operation hours begin. Each waiting
 * conversation, oldest first, goes to its returning customer's last agent if
 * they have room, else to the free member with the lowest workload, ties to
 * the one who has gone longest without a new conversation. With `only`,
 * just those queues are looked at (queuesToAssign: where a change may have
 * made room or brought work).
 */
export function autoAssign(ctx: HandlerContext, only?: ReadonlySet<string>): void {
  if (!ctx.conversations.anyUnassigned()) return;
  const now = ctx.clock.now();
  for (const queue of ctx.config.messagingQueues) {
    if (only && !only.has(queue.id)) continue;
    // Most queues have nothing waiting: they cost no look at their members.
    if (!queue.autoAssign || !ctx.conversations.anyUnassignedIn(queue.id) || !isOpen(queue, now)) continue;
    // Free members, found once per queue: most of the time there are few. With none, the waiting
    // conversations are not even listed (a backlog of thousands need not be sorted on every webhook).
    const members = availableMembers(ctx.config, ctx.state, queue.id, now, ctx.presence);
    if (members.length === 0) continue;
    const waiting = ctx.conversations.unassignedIn(queue.id);
    // Once nobody has room on a channel, the rest of its waiting conversations need no look.
    const full = new Set<string>();
    for (const id of waiting) {
      // Nobody has room on any channel of the queue: the rest wait (a 20,000-chat backlog must not be read
      // through on every login). A returning customer's last agent is a member too, so also has none.
      if (queue.channels.every((channel) => full.has(channel))) break;
      const conversation = ctx.state.get('conversation', id);
      if (!conversation || conversation.agent || full.has(conversation.channel)) continue;
      const known = ctx.state.get('customer', conversation.customer.id);
      if (known?.lastAgent && known.lastConversation !== conversation.id && canTake(ctx, known.lastAgent, conversation)) {
        assignTo(ctx, conversation, known.lastAgent, 'returning-customer', null);
        continue;
      }
      let best: string | null = null;
      let bestLoad = Infinity;
      let bestLast = Infinity;
      for (const number of members) {
        if (!canTake(ctx, number, conversation)) continue;
        const load = workloadOf(ctx, number);
        const last = ctx.conversations.lastAssignedAt(number);
        if (load < bestLoad || (load === bestLoad && last < bestLast)) {
          best = number;
          bestLoad = load;
          bestLast = last;
        }
      }
      if (best) assignTo(ctx, conversation, best, 'automatic', null);
      else full.add(conversation.channel);
    }
  }
}

/**
 * The messaging queues where a transaction's changes may let a waiting
 * conversation be assigned: the queues of the conversations it touched, and
 * every queue of the agents it touched or whose conversations it touched (a
 * chat closed in one queue frees its agent in all of theirs). Elsewhere
 * nothing changed: at 09:00 a thousand logins, each in two queues, need not
 * each look at all twenty queues' members.
 */
export function queuesToAssign(ctx: HandlerContext, touched: ReadonlyArray<{ kind: string; prev: unknown; next: unknown }>): Set<string> {
  const queues = new Set<string>();
  const agents = new Set<string>();
  for (const t of touched) {
    if (t.kind === 'agent') {
      for (const a of [t.prev, t.next] as Array<{ id: string } | null>) if (a) agents.add(a.id);
    } else if (t.kind === 'conversation') {
      for (const c of [t.prev, t.next] as Array<Conversation | null>) {
        if (!c) continue;
        queues.add(c.queue);
        if (c.agent) agents.add(c.agent);
      }
    }
  }
  for (const id of agents) for (const queue of ctx.state.agent(id)?.session?.messagingQueues ?? []) queues.add(queue);
  return queues;
}
