import { CoreError } from '../errors.js';
import type { HandlerContext, Principal } from '../context.js';
import type { Agent, Strategy } from '../protocol/model.js';
import { voiceQueueNumbers } from '../catalog.js';
import { setActivity } from '../state/agent-machines.js';
import { agentConfig, voiceQueueConfig } from '../config/lookup.js';
import { takesQueueWork } from '../protocol/strategy.js';

/** Idle agents working inbound in a queue (who could take a caller now). */
function idleIn(ctx: HandlerContext, queue: string): number {
  let n = 0;
  const idle = ctx.calls.idleAgents();
  for (const m of ctx.members.get(queue) ?? []) if (idle.has(m.agent) && ctx.state.agent(m.agent)?.session?.voiceQueues.includes(queue)) n++;
  return n;
}

/** Why a queue needs another agent, or null when it is covered. `self` is not counted. */
function need(ctx: HandlerContext, queue: string, selfIdleInbound: boolean): string | null {
  const config = voiceQueueConfig(ctx.config, queue);
  if (!config) return null;
  const waiting = ctx.state.stats(queue)?.waiting ?? 0;
  const idle = idleIn(ctx, queue) - (selfIdleInbound ? 1 : 0);
  if (waiting > 0 && idle === 0) return `${config.name}: ${waiting} caller${waiting === 1 ? '' : 's'} waiting`;
  if (idle < config.minIdleAgents) return `${config.name}: ${idle} idle of min ${config.minIdleAgents}`;
  return null;
}

/**
 * Blended agents move to inbound when one of their queues has callers waiting
 * with nobody free, or fewer idle agents than its minimum, and back to
 * outbound when all their queues are covered without them. Only idle agents
 * move (never mid-call); this runs after every change to agents or calls, so
 * it is checked at login, on return from pause, at the end of each call and
 * whenever queue state changes.
 */
export function rebalanceBlended(ctx: HandlerContext): void {
  for (const agent of [...ctx.calls.blendedAgents()].map((id) => ctx.state.agent(id)!)) {
    const s = agent.session;
    if (!s || s.strategy !== 'blended' || agent.activity !== 'idle' || agent.status !== 'available') continue;
    const selfIdleInbound = s.mode === 'inbound';
    let reason: string | null = null;
    for (const q of s.voiceQueues) {
      reason = need(ctx, q, selfIdleInbound);
      if (reason) break;
    }
    if (s.mode === 'outbound' && reason) switchMode(ctx, agent, 'inbound', reason);
    else if (s.mode === 'inbound' && !reason && s.campaign) switchMode(ctx, agent, 'outbound', 'queues covered');
    else if (s.modeReason !== (reason ?? 'queues covered')) {
      ctx.tx.put('agent', { ...agent, session: { ...s, modeReason: reason ?? 'queues covered' } }, 'blended');
    }
  }
}

function switchMode(ctx: HandlerContext, agent: Agent, mode: 'inbound' | 'outbound', reason: string): void {
  ctx.tx.put('agent', { ...agent, session: { ...agent.session!, mode, modeReason: reason } }, `blended-${mode}`);
}

/**
 * agent.strategy: the agent picks inbound, outbound or blended by hand. Only
 * between calls; outbound needs a campaign and inbound a queue.
 */
export function chooseStrategy(ctx: HandlerContext, who: Principal, strategy: Strategy, campaign: string | undefined) {
  let agent = ctx.state.agent(who.agent)!;
  const s = agent.session!;
  if (agent.activity === 'previewing') {
    // A lead being previewed goes back to the campaign untouched.
    for (const lead of [...ctx.state.all('lead')]) {
      if (lead.agent !== who.agent || lead.status === 'dialing' || lead.status === 'answered') continue;
      ctx.cancel(`progressive:${lead.id}`);
      ctx.tx.put('lead', { ...lead, agent: null, autoDialAt: null }, 'released');
    }
    agent = ctx.tx.put('agent', setActivity(agent, 'idle', ctx.clock.now()), 'released');
  }
  if (agent.activity !== 'idle') throw new CoreError('AGENT_BUSY', 'You can change how you work only between calls.');
  const config = agentConfig(ctx.config, who.agent)!;
  const chosenCampaign = campaign ?? s.campaign ?? (config.campaigns.length === 1 ? config.campaigns[0]! : null);
  if (campaign && !config.campaigns.includes(campaign)) throw new CoreError('CAMPAIGN_NOT_ASSIGNED', `You are not assigned to campaign ${campaign}.`);
  if (strategy !== 'inbound' && !chosenCampaign)
    throw new CoreError(config.campaigns.length ? 'CAMPAIGN_REQUIRED' : 'NO_CAMPAIGN', config.campaigns.length ? 'Choose the campaign to work in.' : 'You have no campaign, so cannot work outbound.');
  const queues = voiceQueueNumbers(config);
  if (strategy !== 'outbound' && queues.length === 0 && config.messagingQueues.length === 0)
    throw new CoreError('NO_QUEUE', 'You are not a member of any queue, so cannot work inbound.');
  const session = {
    ...s,
    strategy,
    mode: strategy === 'outbound' ? ('outbound' as const) : ('inbound' as const),
    campaign: strategy === 'inbound' ? null : chosenCampaign,
    voiceQueues: takesQueueWork(strategy) ? queues : [],
    messagingQueues: takesQueueWork(strategy) ? config.messagingQueues : [],
    modeReason: strategy === 'blended' ? 'checking queues' : null,
  };
  return { agent: ctx.tx.put('agent', { ...agent, session }, 'strategy') };
}
