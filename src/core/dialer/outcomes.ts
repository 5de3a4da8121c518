import type { HandlerContext } from '../context.js';
import type { Call, DispositionRecord, Lead, ReleaseCause } from '../protocol/model.js';
import { CoreError } from '../errors.js';
import { defaultCallbackTime, requireCallbackInWindow } from './callback-window.js';
import { setActivity } from '../state/agent-machines.js';
import { endCall } from '../calls/lifecycle.js';
import { refreshCampaignStats } from './stats.js';

function campaignOf(ctx: HandlerContext, call: Call) {
  return ctx.config.campaigns.find((c) => c.id === call.campaign)!;
}

/** Put a lead back for another try after the retry delay, or close it when its attempts are used up. */
function retryLater(ctx: HandlerContext, lead: Lead, status: Lead['status'], reason: string): void {
  const campaign = ctx.config.campaigns.find((c) => c.id === lead.campaign)!;
  const exhausted = lead.attempts >= campaign.maxAttempts;
  ctx.tx.put(
    'lead',
    {
      ...lead,
      status,
      agent: null,
      nextDialAt: exhausted ? null : ctx.clock.now() + campaign.retryDelayMinutes * 60_000,
      closed: exhausted ? 'attempts used up' : null,
    },
    reason,
  );
}

/**
 * The far end of a dialler call answered. A call with its agent goes live; a
 * power call goes to the campaign's idle agent who has waited longest, or is
 * dropped (an abandoned call) when none is free; voice messaging plays the
 * campaign's message and hangs up. A machine is no person to talk to.
 */
export function leadAnswered(ctx: HandlerContext, call: Call, machine: boolean): void {
  const campaign = campaignOf(ctx, call);
  const lead = ctx.state.get('lead', call.lead!)!;
  const now = ctx.clock.now();

  if (campaign.strategy === 'voice-messaging') {
    ctx.tx.put('call', { ...call, state: 'on-call', answeredAt: now, progress: machine ? 'Message left on a machine' : 'Playing the message' }, 'answered');
    ctx.tx.put('lead', { ...lead, status: 'answered' }, 'answered');
    ctx.schedule(`message:${call.id}`, now + campaign.messageSeconds * 1000, (later) => messagePlayed(later, call.id, machine));
    return;
  }
  if (machine) {
    // Nobody to talk to: hang up and try again later.
    endCall(ctx, { ...call, progress: 'Answering machine' }, 'no-answer', { releaseCustomer: true, releaseAgent: true });
    retryLater(ctx, lead, 'no-answer', 'machine');
    refreshCampaignStats(ctx, campaign.id);
    return;
  }
  if (call.agent) {
    const owed = completion(ctx, call);
    ctx.tx.put('call', { ...call, state: 'on-call', answeredAt: now, progress: null, ...owed }, 'answered');
    // With no disposition to give, reaching the person is the end of the lead.
    ctx.tx.put('lead', { ...lead, status: 'answered', closed: owed.needsDisposition ? null : 'answered' }, 'answered');
    refreshCampaignStats(ctx, campaign.id, { live: true, abandoned: false });
    return;
  }
  const agent = poolAgent(ctx, campaign.id);
  if (!agent) {
    // A drop: a person answered and no agent was free. It counts as abandoned
    // and locks the number against recall.
    endCall(ctx, { ...call, progress: 'Dropped: no agent free' }, 'abandoned', { releaseCustomer: true, releaseAgent: false });
    ctx.tx.put('lead', { ...lead, status: 'dropped', agent: null, abandonedAt: now, nextDialAt: now + campaign.recallLockHours * 3600_000 }, 'dropped');
    refreshCampaignStats(ctx, campaign.id, { live: true, abandoned: true });
    return;
  }
  const agentLeg = ctx.random.id('leg-a');
  const owed = completion(ctx, call);
  ctx.tx.put('call', { ...call, state: 'on-call', answeredAt: now, agent: agent.id, agentLeg, ...owed }, 'answered');
  ctx.tx.put('lead', { ...lead, status: 'answered', agent: agent.id, closed: owed.needsDisposition ? null : 'answered' }, 'answered');
  ctx.tx.put('agent', { ...setActivity(agent, 'on-call', now), callsAnswered: agent.callsAnswered + 1 }, 'connected');
  ctx.tx.afterCommit(() => {
    // Agents in the pool take the call without ringing: their phone answers by itself.
    ctx.telephony.offerAgentLeg(agentLeg, call.customerLeg, { agent: agent.id, device: agent.session!.device, autoAnswer: true }, call.caller);
    ctx.telephony.bridge(call.customerLeg, agentLeg);
  });
  refreshCampaignStats(ctx, campaign.id, { live: true, abandoned: false });
}

function completion(ctx: HandlerContext, call: Call): Pick<Call, 'needsDisposition' | 'needsForm'> {
  const campaign = campaignOf(ctx, call);
  const dispositions = campaign.dispositions ? (ctx.config.dispositions[campaign.dispositions] ?? []) : [];
  return { needsDisposition: dispositions.length > 0, needsForm: Boolean(campaign.feedbackForm) };
}

/** The idle agent of a power campaign who has waited longest. */
function poolAgent(ctx: HandlerContext, campaign: string) {
  let best = null;
  for (const agent of ctx.state.all('agent')) {
    const s = agent.session;
    if (!s || s.campaign !== campaign || s.campaignWarning || s.mode !== 'outbound' || agent.status !== 'available' || agent.activity !== 'idle') continue;
    if (!best || agent.activitySince < best.activitySince) best = agent;
  }
  return best;
}

function messagePlayed(ctx: HandlerContext, callId: string, machine: boolean): void {
  const call = ctx.state.call(callId);
  if (!call || call.state === 'ended') return;
  const lead = ctx.state.get('lead', call.lead!)!;
  endCall(ctx, call, 'normal', { releaseCustomer: true, releaseAgent: false });
  ctx.tx.put('lead', { ...lead, status: 'disposed', agent: null, closed: machine ? 'message left on a machine' : 'message delivered' }, 'message');
  refreshCampaignStats(ctx, call.campaign!);
}

const STATUS_OF: Partial<Record<ReleaseCause, Lead['status']>> = { busy: 'busy', 'no-answer': 'no-answer', failed: 'failed', rejected: 'failed' };

/** The far end never answered (busy, no answer, failed): the lead is tried again later. */
export function leadNotReached(ctx: HandlerContext, call: Call, cause: ReleaseCause): void {
  const lead = ctx.state.get('lead', call.lead!);
  if (!lead) return;
  retryLater(ctx, lead, STATUS_OF[cause] ?? 'no-answer', cause);
  refreshCampaignStats(ctx, call.campaign!);
}

/**
 * What a disposition does to its lead: final closes it; retry puts it back
 * after the delay (within the attempts); callback and personal callback
 * schedule it for any agent or for this agent; DNC adds the number to the
 * do-not-call list, which every campaign respects.
 */
export function applyLeadDisposition(ctx: HandlerContext, leadId: string, disposition: DispositionRecord, callbackAt?: number): Lead {
  const lead = ctx.state.get('lead', leadId);
  if (!lead) throw new CoreError('LEAD_NOT_FOUND', `There is no lead ${leadId}.`);
  const campaign = ctx.config.campaigns.find((c) => c.id === lead.campaign)!;
  const now = ctx.clock.now();
  const base: Lead = { ...lead, status: 'disposed', agent: null, disposition, callback: null, nextDialAt: null, autoDialAt: null };
  switch (disposition.type) {
    case 'retry': {
      const exhausted = lead.attempts >= campaign.maxAttempts;
      return ctx.tx.put(
        'lead',
        { ...base, nextDialAt: exhausted ? null : now + campaign.retryDelayMinutes * 60_000, closed: exhausted ? 'attempts used up' : null },
        'retry',
      );
    }
    case 'callback':
    case 'personal-callback': {
      // A time already past (a script's, or a disposition delivered late from a panel's journal) is due now:
      // the dialler calls it at the window's next opening, as any due lead. A time to come must be one the campaign may call at.
      // Without a time (a script's hotkey), the campaign's retry delay, moved to the calling hours' next opening if
      // it falls outside them: the server chose it, so it chooses one the dialler may keep.
      const at = callbackAt === undefined ? defaultCallbackTime(campaign, lead, now) : Math.max(now, callbackAt);
      if (at > now) requireCallbackInWindow(campaign, lead, at);
      const agent = disposition.type === 'personal-callback' ? disposition.by : null;
      // A callback is a promise to the customer: it gets an attempt of its own.
      return ctx.tx.put('lead', { ...base, callback: { at, agent }, nextDialAt: at, closed: null, attempts: Math.min(lead.attempts, campaign.maxAttempts - 1) }, 'callback');
    }
    case 'dnc':
      ctx.tx.put('dnc', { id: lead.phone, addedAt: now, by: disposition.by, campaign: lead.campaign }, 'disposition');
      return ctx.tx.put('lead', { ...base, closed: 'on the do-not-call list' }, 'dnc');
    default:
      return ctx.tx.put('lead', { ...base, closed: `disposition ${disposition.name}` }, 'disposed');
  }
}
