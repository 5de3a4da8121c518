import { CoreError } from '../errors.js';
import type { HandlerContext, Principal } from '../context.js';
import type { Agent, Call, DeviceUnreachable } from '../protocol/model.js';
import { DEVICE_RETRY_FIRST_MS, DEVICE_RETRY_MAX_MS } from './device-reach.js';
import { setActivity } from '../state/agent-machines.js';
import { endCall } from './lifecycle.js';
import { agentConfig } from '../config/lookup.js';

/**
 * An agent's phone that is not there is not an agent who did not answer.
 * When telephony releases an offer's leg as `unreachable` (over SIP: no
 * response at all, 503, 408 before it rang, a transport failure, no phone
 * registered) the offer is not counted as missed: the agent's device is
 * marked unreachable with the reason, the call goes back to waiting and is
 * offered to the next free agent in the same transaction, and offers skip
 * the device for a while that doubles with each failure in a row. When the
 * wait is over the next offer is the retry; the agent may also ask for one
 * at once (`device.retry`). The mark goes as soon as the phone is heard
 * from: an offer answered, or one that rang and was missed.
 */

/** The phone an offer rang could not be reached (telephony released the offer's leg as `unreachable`). */
export function offerUnreachable(ctx: HandlerContext, call: Call, agentId: string, detail: string | undefined): void {
  if (!call.offers.some((o) => o.agent === agentId)) return;
  const reason = detail ?? 'the phone did not respond';
  const agent = ctx.state.agent(agentId);
  if (agent) markUnreachable(ctx, agent, reason);
  const fresh = ctx.state.call(call.id) ?? call;
  const offers = fresh.offers.filter((o) => o.agent !== agentId);
  if (offers.length > 0) {
    ctx.tx.put('call', { ...fresh, offers });
    return;
  }
  ctx.cancel(`ring:${call.id}`);
  if (fresh.direction === 'internal') {
    const name = agent?.name ?? agentId;
    endCall(ctx, { ...fresh, offers, progress: `${name}'s phone cannot be reached: ${reason}` }, 'unreachable', { releaseCustomer: true, releaseAgent: false });
    return;
  }
  // A call transferred to this agent falls back to its queue, as when the agent declines it.
  const transfer = fresh.transfer?.kind === 'agent' ? null : fresh.transfer;
  ctx.tx.put('call', { ...fresh, state: 'waiting', offers, transfer }, 'unreachable');
}

function markUnreachable(ctx: HandlerContext, agent: Agent, reason: string): void {
  const now = ctx.clock.now();
  const before = agent.deviceUnreachable;
  const failures = (before?.failures ?? 0) + 1;
  const waitUntil = now + Math.min(DEVICE_RETRY_MAX_MS, DEVICE_RETRY_FIRST_MS * 2 ** (failures - 1));
  const mark: DeviceUnreachable = { reason, since: before?.since ?? now, failures, waitUntil };
  const ringing = agent.activity === 'ringing';
  ctx.tx.put(
    'agent',
    { ...(ringing ? setActivity(agent, 'idle', now) : agent), deviceUnreachable: mark },
    'device-unreachable',
  );
  ctx.schedule(`device:${agent.id}`, waitUntil, (later) => waitOver(later, agent.id, waitUntil));
}

/** The wait is over: the device may be offered again (the agent update lets distribute run). */
function waitOver(ctx: HandlerContext, agentId: string, waitUntil: number): void {
  const agent = ctx.state.agent(agentId);
  const mark = agent?.deviceUnreachable;
  if (!agent || !mark || mark.waitUntil !== waitUntil) return;
  ctx.tx.put('agent', { ...agent, deviceUnreachable: { ...mark, waitUntil: null } }, 'device-retry-due');
}

/** device.retry: the agent says the phone is back; offers may go to it at once. */
export function retryDevice(ctx: HandlerContext, who: Principal) {
  const agent = ctx.state.agent(who.agent)!;
  if (!agent.deviceUnreachable) throw new CoreError('DEVICE_NOT_UNREACHABLE', 'Your phone is not marked unreachable, so there is nothing to try again.');
  const session = agent.session;
  if (session) {
    const config = agentConfig(ctx.config, agent.id);
    const reach = ctx.telephony.deviceReachable({ agent: agent.id, device: session.device, autoAnswer: config?.autoAnswer ?? false });
    if (!reach.ok) throw new CoreError('DEVICE_UNREACHABLE', `Your ${session.device} still cannot be reached: ${reach.reason}`);
  }
  ctx.cancel(`device:${agent.id}`);
  return { agent: ctx.tx.put('agent', { ...agent, deviceUnreachable: null }, 'device-retry') };
}
