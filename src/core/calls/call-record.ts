import { voiceQueueNumbers } from '../catalog.js';
import type { Config } from '../config/schema.js';
import type { HandlerContext, Principal } from '../context.js';
import type { Call, CallRecord, ReleaseCause } from '../protocol/model.js';
import { agentConfig } from '../config/lookup.js';

/**
 * A call leaves the agent's list. An answered one with a customer (a queue,
 * campaign or dialled call; not a call between two agents) is kept first as
 * a call record: the Closed conversations list shows it beside closed chats
 * and emails. Every removal of a call goes through here, so none is missed.
 */
export function leaveList(ctx: HandlerContext, call: Call, reason: ReleaseCause | 'completed'): void {
  recordCall(ctx, call);
  ctx.tx.remove('call', call.id, { agents: call.agent ? [call.agent] : [], supervisors: true }, reason);
}

/** The record of an answered call, or null for a call that was never a conversation with a customer. */
export function recordCall(ctx: HandlerContext, call: Call): CallRecord | null {
  if (call.answeredAt === null || !call.agent || call.direction === 'internal') return null;
  const endedAt = call.endedAt ?? ctx.clock.now();
  const holdMs = call.holdMs + (call.holdStartedAt !== null ? endedAt - call.holdStartedAt : 0);
  return ctx.tx.put(
    'callRecord',
    {
      id: call.id,
      direction: call.direction,
      queue: call.queue,
      campaign: call.campaign,
      lead: call.lead,
      agent: call.agent,
      caller: call.caller,
      erg: call.erg,
      arrivedAt: call.arrivedAt,
      answeredAt: call.answeredAt,
      endedAt,
      endCause: call.endCause,
      // The same figures as the day's metrics (talk leaves out hold).
      talkMs: Math.max(0, endedAt - call.answeredAt - holdMs),
      holdMs,
      waitMs: Math.max(0, call.answeredAt - call.arrivedAt),
      disposition: call.disposition,
      form: call.form,
      transfer: call.transfer,
      transferredFrom: call.transferredFrom,
      transferredFromQueue: call.transferredFromQueue,
      agentLeg: call.agentLeg,
      recording: call.recording ?? null,
      contact: call.contact ?? null,
    },
    'recorded',
  );
}

/**
 * Whether a viewer may see a call record (in the Closed list, and its
 * recording): the agent who took it; supervisors of its voice queue or
 * campaign; any supervisor for a call an agent dialled by hand (it belongs to
 * no queue). The Closed rule of conversations: other agents never.
 */
export function mayViewCall(config: Config, who: Pick<Principal, 'agent' | 'supervisor' | 'campaigns'>, r: ViewedCall): boolean {
  return callViewer(config, who)(r);
}

/** What the rule reads: a call record, or a call still on its agent's list. */
type ViewedCall = Pick<CallRecord, 'queue' | 'campaign'> & { agent: string | null };

/** mayViewCall for one viewer over many records: their voice queues are looked up once. */
export function callViewer(config: Config, who: Pick<Principal, 'agent' | 'supervisor' | 'campaigns'>): (r: ViewedCall) => boolean {
  const me = agentConfig(config, who.agent);
  const queues = new Set(me ? voiceQueueNumbers(me) : []);
  return (r) => {
    if (r.agent === who.agent) return true;
    if (!who.supervisor) return false;
    if (r.queue) return queues.has(r.queue);
    if (r.campaign) return who.campaigns.includes(r.campaign);
    return true;
  };
}
