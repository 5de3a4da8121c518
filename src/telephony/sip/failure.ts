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
  if (typeof e.status === 'number') return { cause: causeOfStatus(e.status), detail: statusText(e.status, e.reason) };
  return { cause: 'failed', detail: `SIP request failed: ${e.message ?? String(err)}` };
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
