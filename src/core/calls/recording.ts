import { CoreError } from '../errors.js';
import type { HandlerContext } from '../context.js';
import type { StoredFile } from '../protocol/model.js';
import type { State } from '../state/state.js';
import { forgetOldest } from '../bounded-map.js';

/** Recordings arrive moments after their call ends: the legs of the last few thousand calls are plenty. */
const KEEP_LEGS = 5000;

/**
 * Which call each recent agent leg belonged to. Telephony reports a finished
 * recording by the agent leg once it is released; by then the call has ended
 * (CallIndex no longer knows its legs) and may already be a call record. The
 * record keeps the call's id, so one map serves both.
 */
export class RecentAgentLegs {
  private readonly legs = new Map<string, string>();

  constructor(state: State) {
    state.observe((kind, _prev, next) => {
      if (kind !== 'call' && kind !== 'callRecord') return;
      const entity = next as { id: string; agentLeg: string | null } | null;
      if (!entity?.agentLeg || this.legs.get(entity.agentLeg) === entity.id) return;
      this.legs.set(entity.agentLeg, entity.id);
      forgetOldest(this.legs, KEEP_LEGS);
    });
  }

  callOf(agentLeg: string): string | undefined {
    return this.legs.get(agentLeg);
  }
}

/**
 * Link a recording the server has kept as a file to its call: the call
 * record, or the ended call still owed its disposition (its record takes the
 * recording when it is made). The file is registered in the same transaction.
 */
export function attachRecording(ctx: HandlerContext, callId: string, file: StoredFile, seconds: number): void {
  const recording = { fileId: file.id, seconds };
  const record = ctx.state.get('callRecord', callId);
  const call = ctx.state.call(callId);
  if (!record && !call) throw new CoreError('CALL_NOT_FOUND', `There is no call ${callId} to link a recording to.`);
  ctx.tx.put('file', file, 'recorded');
  if (record) ctx.tx.put('callRecord', { ...record, recording }, 'recording');
  else ctx.tx.put('call', { ...call!, recording }, 'recording');
}
