import type { CampaignConfig } from '../config/schema.js';
import type { HandlerContext } from '../context.js';
import type { Agent, Call, Lead } from '../protocol/model.js';
import { setActivity } from '../state/agent-machines.js';
import { newCall } from '../calls/new-call.js';
import { myDevice } from '../calls/dial.js';

/**
 * Place a call to a lead (the pre-dial check has passed). With an agent
 * (preview, progressive, a callback) the agent is on the call from the start;
 * without one (power, voice messaging) the call waits for the lead to answer.
 */
export function dialLead(ctx: HandlerContext, campaign: CampaignConfig, lead: Lead, agent: Agent | null): Call {
  const now = ctx.clock.now();
  const leg = ctx.random.id('leg-c');
  const agentLeg = agent ? ctx.random.id('leg-a') : null;
  const call = ctx.tx.put(
    'call',
    newCall({
      id: ctx.random.id('call'),
      direction: 'outbound',
      campaign: campaign.id,
      lead: lead.id,
      caller: { number: lead.phone, name: lead.name },
      customerLeg: leg,
      agentLeg,
      agent: agent?.id ?? null,
      arrivedAt: now,
      state: 'ringing',
    }),
    'dialled',
  );
  ctx.tx.put(
    'lead',
    { ...lead, status: 'dialing', agent: agent?.id ?? null, attempts: lead.attempts + 1, lastDialAt: now, nextDialAt: null, autoDialAt: null },
    'dialling',
  );
  if (agent) ctx.tx.put('agent', setActivity(agent, 'on-call', now), 'dialling');
  const withAgent = agent && agentLeg ? { agent: { legId: agentLeg, device: myDevice(ctx, agent) } } : {};
  ctx.tx.afterCommit(() => ctx.telephony.dial(leg, lead.phone, campaign.callerId ?? null, { campaign: campaign.id, strategy: campaign.strategy, ...withAgent }));
  return call;
}
