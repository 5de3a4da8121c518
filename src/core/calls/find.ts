import { CoreError } from '../errors.js';
import type { HandlerContext, Principal } from '../context.js';
import type { Call } from '../protocol/model.js';

export type CallPurpose = 'answer' | 'control' | 'complete';

const WHAT: Record<CallPurpose, string> = {
  answer: 'ringing for you',
  control: 'in progress',
  complete: 'awaiting a disposition or form',
};

function fits(call: Call, agent: string, purpose: CallPurpose): boolean {
  switch (purpose) {
    case 'answer':
      return call.state === 'ringing' && call.offers.some((o) => o.agent === agent);
    case 'control':
      return call.agent === agent && (call.state === 'on-call' || call.state === 'on-hold' || call.state === 'ringing');
    case 'complete':
      return call.agent === agent && call.answeredAt !== null && (call.needsDisposition || call.needsForm);
  }
}

/**
 * The disposition the agent's completed call was given, from its call record:
 * the index of recent completions lives in memory, so after a restart a
 * disposition sent again (a script that got no answer before the kill) was
 * told "There is no call", as if it had never existed, not that it was taken.
 */
function recordedDisposition(ctx: HandlerContext, callId: string, agent: string): string | undefined {
  const record = ctx.state.get('callRecord', callId);
  return record && record.agent === agent ? record.disposition?.name : undefined;
}

/**
 * The call a command is about: the one named, or the agent's only call that
 * fits. Scripts and hotkeys rarely name a call, so "the current call" must be
 * unambiguous or refused.
 */
export function findCall(ctx: HandlerContext, who: Principal, callId: string | undefined, purpose: CallPurpose): Call {
  if (callId) {
    const call = ctx.state.call(callId);
    const disposed = call ? undefined : (ctx.calls.completedDisposition(callId, who.agent) ?? recordedDisposition(ctx, callId, who.agent));
    if (disposed && purpose === 'complete')
      throw new CoreError('ALREADY_DISPOSED', `A disposition was already submitted for this call (${disposed}).`);
    if (!call) throw new CoreError('CALL_NOT_FOUND', `There is no call ${callId}.`);
    const mine = call.agent === who.agent || call.offers.some((o) => o.agent === who.agent);
    if (!mine) throw new CoreError('NOT_YOUR_CALL', `Call ${callId} is not yours.`);
    if (!fits(call, who.agent, purpose)) throw new CoreError('CALL_STATE', `Call ${callId} is not ${WHAT[purpose]}.`);
    return call;
  }
  const candidates = ctx.calls.callsOf(who.agent).filter((c) => fits(c, who.agent, purpose));
  if (candidates.length === 0) throw new CoreError('NO_CALL', `You have no call ${WHAT[purpose]}.`);
  if (candidates.length > 1) {
    // While one call is live and others wait for dispositions, the live one is "current".
    const live = candidates.filter((c) => c.state === 'on-call' || c.state === 'on-hold');
    if (purpose !== 'complete' && live.length === 1) return live[0]!;
    throw new CoreError('AMBIGUOUS_CALL', `You have ${candidates.length} calls ${WHAT[purpose]}; say which one (call id).`, {
      calls: candidates.map((c) => c.id),
    });
  }
  return candidates[0]!;
}
