import type { Call } from '../protocol/model.js';

/** A call with every optional part empty; callers fill in what they know. */
export function newCall(fields: Pick<Call, 'id' | 'direction' | 'caller' | 'customerLeg' | 'arrivedAt' | 'state'> & Partial<Call>): Call {
  return {
    queue: null,
    campaign: null,
    erg: null,
    postCallSurvey: false,
    agentLeg: null,
    agent: null,
    offers: [],
    answeredAt: null,
    endedAt: null,
    endCause: null,
    holdStartedAt: null,
    holdMs: 0,
    needsDisposition: false,
    needsForm: false,
    disposition: null,
    form: null,
    transfer: null,
    transferredFrom: null,
    transferredFromQueue: null,
    progress: null,
    lastMissedBy: null,
    screenPopUrl: null,
    peerCall: null,
    lead: null,
    ...fields,
  };
}
