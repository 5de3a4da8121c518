import { CoreError } from '../errors.js';
import type { HandlerContext, Principal } from '../context.js';
import { endCall } from './lifecycle.js';
import { findCall } from './find.js';
import { newCall } from './new-call.js';
import { voiceQueueConfig } from '../config/lookup.js';

export interface TransferTarget {
  queue?: string;
  agent?: string;
  number?: string;
}

const DIALABLE = /^\+?[0-9*#]{2,20}$/;

/**
 * Blind transfer. To a queue: the caller waits there as a new call. To an
 * agent: the call rings that agent only (falling back to its queue if they
 * let it ring out). To a number: the telephony side sends the caller out. The
 * agent's own part of the call ends and follows the completion rule.
 */
export function transfer(ctx: HandlerContext, who: Principal, callId: string | undefined, target: TransferTarget) {
  const call = findCall(ctx, who, callId, 'control');
  if (call.state !== 'on-call' && call.state !== 'on-hold') throw new CoreError('CALL_STATE', 'Only an answered call can be transferred.');
  const now = ctx.clock.now();

  if (target.number !== undefined) {
    const number = target.number.replace(/[\s()-]/g, '');
    if (!DIALABLE.test(number)) throw new CoreError('BAD_NUMBER', `"${target.number}" is not a number that can be dialled.`);
    ctx.tx.afterCommit(() => ctx.telephony.transferOut(call.customerLeg, number));
    const ended = endCall(ctx, { ...call, transfer: { to: number, kind: 'number' } }, 'transferred', { releaseCustomer: false, releaseAgent: true });
    return { call: ended };
  }

  let queueNumber: string;
  let targetAgent: string | null = null;
  if (target.queue !== undefined) {
    const queue = ctx.config.voiceQueues.find((q) => q.number === target.queue || q.name.toLowerCase() === target.queue!.toLowerCase());
    if (!queue) throw new CoreError('QUEUE_NOT_FOUND', `There is no voice queue "${target.queue}".`);
    queueNumber = queue.number;
  } else {
    const agentId = target.agent!;
    const agent = ctx.state.agent(agentId);
    if (!agent) throw new CoreError('AGENT_NOT_FOUND', `There is no agent ${agentId}.`);
    if (agentId === who.agent) throw new CoreError('AGENT_NOT_AVAILABLE', 'You cannot transfer a call to yourself.');
    if (!agent.session || agent.status !== 'available' || agent.activity !== 'idle' || agent.session.mode !== 'inbound') {
      const why = !agent.session ? 'logged out' : agent.status === 'paused' ? `paused (${agent.pauseReason})` : agent.activity !== 'idle' ? 'busy' : 'working outbound';
      throw new CoreError('AGENT_NOT_AVAILABLE', `${agent.name} (${agent.id}) is not available: ${why}.`);
    }
    const queue = call.queue && agent.session.voiceQueues.includes(call.queue) ? call.queue : agent.session.voiceQueues[0];
    if (!queue) throw new CoreError('AGENT_NOT_AVAILABLE', `${agent.name} (${agent.id}) works no voice queue.`);
    queueNumber = queue;
    targetAgent = agentId;
  }
  const queue = voiceQueueConfig(ctx.config, queueNumber)!;
  const moved = newCall({
    id: ctx.random.id('call'),
    direction: 'inbound',
    caller: call.caller,
    customerLeg: call.customerLeg,
    arrivedAt: now,
    state: 'waiting',
    queue: queue.number,
    erg: call.erg,
    postCallSurvey: queue.postCallSurvey,
    transferredFrom: call.id,
    transferredFromQueue: call.queue,
    transfer: targetAgent ? { to: targetAgent, kind: 'agent' } : null,
  });
  const ended = endCall(
    ctx,
    { ...call, transfer: targetAgent ? { to: targetAgent, kind: 'agent' } : { to: queue.number, kind: 'queue' } },
    'transferred',
    { releaseCustomer: false, releaseAgent: true },
  );
  ctx.tx.put('call', moved, 'transferred-in');
  return { call: ended, transferredTo: moved.id };
}
