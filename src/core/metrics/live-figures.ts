import type { HandlerContext } from '../context.js';
import type { AgentLoad, Call, Conversation, MessagingQueueStats } from '../protocol/model.js';
import { NO_LOAD } from '../protocol/model.js';
import type { Transaction } from '../transaction.js';
import { workloadOf } from '../messaging/workload.js';
import { messagingMembers } from '../config/lookup.js';
import { samePreview, waitingPreviewOf } from './waiting-preview.js';

const LIVE_CALL = new Set(['ringing', 'on-call', 'on-hold']);

function loadOf(ctx: HandlerContext, agent: string): AgentLoad {
  const by = ctx.conversations.activeOf(agent);
  const n = (channel: string) => by.get(channel)?.size ?? 0;
  const calls = ctx.calls.callsOf(agent).filter((c) => c.agent === agent && LIVE_CALL.has(c.state)).length;
  return { calls, livechat: n('livechat'), messaging: n('sms') + n('whatsapp') + n('facebook'), email: n('email'), workload: workloadOf(ctx, agent) };
}

function sameLoad(a: AgentLoad, b: AgentLoad): boolean {
  return a.calls === b.calls && a.livechat === b.livechat && a.messaging === b.messaging && a.email === b.email && a.workload === b.workload;
}

/**
 * The live figures dashboards show, refreshed from each transaction's
 * changes: every touched agent's active conversations and workload, and every
 * touched messaging queue's waiting and active conversations and agents.
 */
export function refreshLiveFigures(ctx: HandlerContext, tx: Transaction): void {
  const agents = new Set<string>();
  const queues = new Set<string>();
  for (const t of tx.touched) {
    if (t.kind === 'conversation') {
      for (const c of [t.prev, t.next] as Array<Conversation | null>) {
        if (!c) continue;
        if (c.agent) agents.add(c.agent);
        queues.add(c.queue);
      }
    } else if (t.kind === 'call') {
      for (const c of [t.prev, t.next] as Array<Call | null>) if (c?.agent) agents.add(c.agent);
    } else if (t.kind === 'agent') {
      const a = (t.next ?? t.prev) as { id: string; session: { messagingQueues: string[] } | null } | null;
      for (const q of a?.session?.messagingQueues ?? []) queues.add(q);
      const before = t.prev as { session: { messagingQueues: string[] } | null } | null;
      for (const q of before?.session?.messagingQueues ?? []) queues.add(q);
    }
  }
  refreshLoads(ctx, agents);
  for (const id of queues) refreshQueueFigures(ctx, id);
}

/**
 * A messaging queue's figures and waiting preview, put where they changed
 * (and at start, so every queue has them).
 */
export function refreshQueueFigures(ctx: HandlerContext, id: string): void {
  if (!ctx.config.messagingQueues.some((q) => q.id === id)) return;
  const stats = queueStats(ctx, id);
  const before = ctx.state.get('mqueueStats', id);
  if (!before || !sameFigures(before, stats)) ctx.tx.put('mqueueStats', stats);
  const preview = waitingPreviewOf(ctx, id);
  const shown = ctx.state.get('mqueueWaiting', id);
  if (!shown || !samePreview(shown, preview)) ctx.tx.put('mqueueWaiting', preview);
}

function sameFigures(a: MessagingQueueStats, b: MessagingQueueStats): boolean {
  return a.waiting === b.waiting && a.active === b.active && a.members === b.members && a.loggedIn === b.loggedIn && a.paused === b.paused;
}

/** Each agent's active conversations and workload, where they changed (a capacity change moves the workload alone). */
export function refreshLoads(ctx: HandlerContext, agents: Iterable<string>): void {
  for (const id of agents) {
    const agent = ctx.state.agent(id);
    if (!agent) continue;
    const load = loadOf(ctx, id);
    if (!sameLoad(load, agent.load ?? NO_LOAD)) ctx.tx.put('agent', { ...agent, load }, 'load');
  }
}

function queueStats(ctx: HandlerContext, queue: string): MessagingQueueStats {
  let loggedIn = 0;
  let paused = 0;
  const members = messagingMembers(ctx.config, queue);
  for (const number of members) {
    const agent = ctx.state.agent(number);
    if (!agent?.session?.messagingQueues.includes(queue)) continue;
    loggedIn++;
    if (agent.status === 'paused') paused++;
  }
  const waiting = ctx.conversations.unassignedCount(queue);
  return { id: queue, waiting, active: ctx.conversations.activeInQueue(queue), members: members.length, loggedIn, paused };
}
