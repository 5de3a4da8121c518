import type { ReleaseCause } from '../../core/protocol/model.js';
import type { SipFailure } from './srf-surface.js';

/**
 * How a failed INVITE is told to the core: a release cause it understands
 * (busy, no answer, rejected, failed) and the SIP status as the detail the
 * agent sees, e.g. "SIP 486 Busy Here".
 */
export interface Failure {
  cause: ReleaseCause;
  detail: string;
  /** The SIP status, when the INVITE was answered with one. */
  status?: number;
}

const REASONS: Record<number, string> = {
  403: 'Forbidden',
  404: 'Not Found',
  408: 'Request Timeout',
  410: 'Gone',
  480: 'Temporarily Unavailable',
  484: 'Address Incomplete',
  486: 'Busy Here',
  487: 'Request Terminated',
  488: 'Not Acceptable Here',
  500: 'Server Internal Error',
  503: 'Service Unavailable',
  600: 'Busy Everywhere',
  603: 'Decline',
};

export function causeOfStatus(status: number): ReleaseCause {
  if (status === 486 || status === 600) return 'busy';
  if (status === 408 || status === 480 || status === 487) return 'no-answer';
  if (status === 403 || status === 404 || status === 410 || status === 484 || status === 603) return 'rejected';
  return 'failed';
}

export function statusText(status: number, reason?: string): string {
  return `SIP ${status} ${reason && reason.trim() ? reason.trim() : (REASONS[status] ?? 'Error')}`;
}

/** A rejected createUAC (a SipError with a status) or any other error (connection lost). */
export function failureOf(err: unknown): Failure {
  const e = (err ?? {}) as SipFailure;
  if (typeof e.status === 'number') return { cause: causeOfStatus(e.status), detail: statusText(e.status, e.reason), status: e.status };
  return { cause: 'failed', detail: `SIP request failed: ${e.message ?? String(err)}` };
}

/**
 * Statuses that say the phone was not there when nothing came from it first:
 * drachtio answers 503 when it cannot send to it (a transport failure), 408
 * when it never responded (RFC 3261 timer B), and 410 Gone when the TCP or
 * TLS connection it sends on is broken (sofia-sip's answer to EPIPE: the
 * phone registered over a connection since lost, as one that rebooted or
 * fell back to UDP has). A phone that answers 410 itself says the same:
 * that user is not there, which is no decline.
 */
const NOT_THERE = new Set([408, 410, 503]);

/**
 * How a phone's failed INVITE is told to the core. A phone that sent nothing
 * at all (no 1xx) and failed with 503, 408 or a transport error could not be
 * reached: `unreachable`, which the core does not count as a missed offer.
 * One that rang (any 1xx) and then failed, even with 408, was not answered.
 */
export function phoneFailure(f: Failure, heardFrom: boolean, uri: string): Failure {
  if (heardFrom || (f.status !== undefined && !NOT_THERE.has(f.status))) return f;
  return { ...f, cause: 'unreachable', detail: `the phone at ${uri} could not be reached (${f.detail})` };
}

/** What we answer a caller whose leg the core releases before answering it. */
export function statusForRelease(cause: ReleaseCause): { status: number; reason: string } {
  switch (cause) {
    case 'rejected':
      // The core rejects an INVITE for a number that is no queue.
      return { status: 404, reason: 'Not Found' };
    case 'busy':
      return { status: 486, reason: 'Busy Here' };
    case 'failed':
    case 'service-restart':
      return { status: 503, reason: 'Service Unavailable' };
    default:
      return { status: 480, reason: 'Temporarily Unavailable' };
  }
}
