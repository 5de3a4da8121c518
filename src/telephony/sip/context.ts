import type { CarrierProbes } from './carrier-probes.js';
import { DEFAULT_PHONE_KEEP_ALIVE_SECONDS } from '../../core/config/sip.js';
import type { Random } from '../../core/clock.js';
import type { ReleaseCause } from '../../core/protocol/model.js';
import type { AgentDevice, TelephonyEvents } from '../../core/ports/telephony.js';
import type { InviteThrottle } from './invite-throttle.js';
import type { RefusalLog } from './refusal-log.js';
import type { Leg, Legs } from './legs.js';
import type { Registrar } from './registrar.js';
import type { Srf } from './srf-surface.js';

/** Stands for our SIP address in headers before the drachtio server has told us it (RFC 6761 .invalid). */
export const UNKNOWN_SELF = 'switchboard.invalid';

/** The manual's words for "telephony is down", shown as the panel's banner. */
export const NOT_READY = 'Call center module is not ready.';

/** The agent's phone leg of an outbound call that rings the agent first (from the port's DialContext). */
export interface LegOwner {
  agentLeg: string;
  device: AgentDevice;
}

/** How long we wait before giving up, in milliseconds. */
export interface SipTimeouts {
  /** A phone rung for third-party call control (auto-answer) must pick up within this. */
  phoneAnswer: number;
  /**
   * A phone offered a call must respond (100 Trying, 180, an answer) within
   * this, or it is taken as not there (unreachable, not a missed offer).
   * Shorter than any ring timeout, longer than UDP's first retransmissions.
   */
  phoneReach: number;
  /** An outbound call rings at most this long. */
  dialRing: number;
  /** A far end that answered our offerless INVITE waits at most this for our ACK. */
  ackWait: number;
  /** "Answer" in the panel while the deskphone still rings: it must be picked up within this. */
  pickUp: number;
  /** A REFER must reach a final NOTIFY within this. */
  transfer: number;
  /** A phone in a call is asked OPTIONS this often, so one that vanished ends the call (keepalive.ts); 0: never. */
  phoneKeepAlive: number;
  /**
   * A caller waiting unanswered hears 180 again this often. RFC 3261 13.3.1.1: a UAS that does not answer at
   * once sends a provisional response at least every minute; a carrier's stateful proxy cancels an INVITE
   * that hears nothing for its Timer C (more than three minutes), which would cut off a caller who waited
   * longer than that in a queue.
   */
  ringAgain: number;
}

export const DEFAULT_TIMEOUTS: SipTimeouts = { phoneAnswer: 30_000, phoneReach: 2_000, dialRing: 60_000, ackWait: 20_000, pickUp: 30_000, transfer: 60_000, phoneKeepAlive: DEFAULT_PHONE_KEEP_ALIVE_SECONDS * 1000, ringAgain: 60_000 };

/** Everything the call-logic modules share. */
export interface SipContext {
  legs: Legs;
  registrar: Registrar;
  random: Random;
  timeouts: SipTimeouts;
  /** The live connection, or null while the drachtio server is unreachable. */
  srf(): Srf | null;
  /** Events for the core; they go nowhere once stopped. */
  report: TelephonyEvents;
  /** Run soon, never inside the caller's stack: port methods run inside the core's commit effects. */
  defer(fn: () => void): void;
  /** host:port outbound calls and transfers go to. */
  trunk: string | null;
  /** switchboard's own SIP host:port (the drachtio server's, as it told us), for headers that name us. */
  self(): string;
  /** New calls per source address. */
  invites: InviteThrottle;
  /** OPTIONS to the carriers of waiting callers, one at a time per carrier (carrier-keepalive.ts). */
  carrierProbes: CarrierProbes;
  /** INVITEs refused by that limit: the first per address logged, the rest summed up (a flood must not flood the log). */
  inviteRefusals: RefusalLog;
  log(line: string): void;
}

/** End a leg on our side and tell the core why (the far end is already gone or never came). */
export function endLeg(ctx: SipContext, leg: Leg, cause: ReleaseCause, detail?: string): void {
  if (!ctx.legs.isLive(leg)) return;
  ctx.legs.remove(leg);
  leg.closing = true;
  // The core shows some reasons to the agent and drops others (a declined offer): the log keeps them all.
  if (detail) ctx.log(`leg ${leg.id} (${leg.role}${leg.agent ? ` of agent ${leg.agent}` : ''}) ended, ${cause}: ${detail}`);
  ctx.report.legReleased(leg.id, cause, detail);
}
