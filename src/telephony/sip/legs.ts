import type { Clock, TimerHandle } from '../../core/clock.js';
import { SentSdp } from './sdp.js';
import type { Dialog, IncomingRequest, OfferWaitingForAck, OutgoingResponse, PendingInvite } from './srf-surface.js';

/**
 * caller: an inbound call from the carrier (we are its UAS).
 * phone: an agent's deskphone (we INVITE it).
 * far: an outbound call to a number through the trunk (we INVITE it).
 */
export type LegRole = 'caller' | 'phone' | 'far';

/**
 * ringing: the INVITE has no final answer yet (either direction), or a far
 * leg still waits for the phone's offer before it can be sent.
 * answered: the far end answered our offerless INVITE with its offer and
 * waits for our ACK carrying the answer (third-party call control).
 * up: a dialog exists.
 */
export type LegState = 'ringing' | 'answered' | 'up';

export interface Leg {
  /** The core's name for the leg (it names the legs it asks for; we name inbound ones). */
  id: string;
  role: LegRole;
  state: LegState;
  /** Phone legs: whose phone. */
  agent: string | null;
  /**
   * Phone legs: 'offer' rings for a call the core offered (answers are
   * reported); 'originate' is the first leg of third-party call control,
   * which the core only knows as the call's agent leg.
   */
  purpose: 'offer' | 'originate' | null;
  /** The latest session description this leg gave us (offer or answer). */
  remoteSdp: string | null;
  /** What we sent this leg, so that later descriptions keep its o= line consistent. */
  readonly sent: SentSdp;
  /** caller, ringing: the INVITE we have not answered yet. */
  invite: { req: IncomingRequest; res: OutgoingResponse } | null;
  /** Our INVITE, until its final response: kept to CANCEL it. */
  pending: PendingInvite | null;
  /** answered: the ACK (with our answer) we still owe. */
  waitingAck: OfferWaitingForAck | null;
  dialog: Dialog | null;
  /** The leg whose offer this leg was sent (and which it answers). */
  source: string | null;
  /** The leg this one's media is connected with, or will be once both are ready. */
  peer: string | null;
  /** The core asked to connect this source with its peer before the peer answered. */
  joinWanted: boolean;
  /** Events the far end accepts in NOTIFY (Allow-Events of its answer, else of its REGISTER), lower-cased. */
  events: Set<string>;
  held: boolean;
  /** Where the carrier is (host:port), for REFER targets. */
  carrier: string | null;
  /** A blind transfer by REFER is under way. */
  transferring: boolean;
  timers: TimerHandle[];
  /** We ended it: answers to our CANCEL or BYE are not news for the core. */
  closing: boolean;
  /** Legs waiting for this one's offer (it is an offerless INVITE still ringing). */
  offerWaiters: Array<(sdp: string) => void>;
  /** What the core asked while the leg was still being connected (hold, transfer): done once it is up. */
  whenUp: Array<() => void>;
}

export function newLeg(id: string, role: LegRole, fields: Partial<Leg> = {}): Leg {
  return {
    id,
    role,
    state: 'ringing',
    agent: null,
    purpose: null,
    remoteSdp: null,
    sent: new SentSdp(),
    invite: null,
    pending: null,
    waitingAck: null,
    dialog: null,
    source: null,
    peer: null,
    joinWanted: false,
    events: new Set(),
    held: false,
    carrier: null,
    transferring: false,
    timers: [],
    closing: false,
    offerWaiters: [],
    whenUp: [],
    ...fields,
  };
}

/** Every leg and its dialog, in one map keyed by the leg id the core knows. */
export class Legs {
  private readonly map = new Map<string, Leg>();

  constructor(private readonly clock: Clock) {}

  add(leg: Leg): Leg {
    this.map.set(leg.id, leg);
    return leg;
  }

  get(id: string | null | undefined): Leg | undefined {
    return id ? this.map.get(id) : undefined;
  }

  /** A live leg that is still this very object (not ended and replaced). */
  isLive(leg: Leg): boolean {
    return !leg.closing && this.map.get(leg.id) === leg;
  }

  /** Forget a leg: its timers stop and its peer no longer points at it. */
  remove(leg: Leg): void {
    for (const t of leg.timers) this.clock.clearTimer(t);
    leg.timers = [];
    if (this.map.get(leg.id) === leg) this.map.delete(leg.id);
    const peer = this.get(leg.peer);
    if (peer && peer.peer === leg.id) peer.peer = null;
  }

  after(leg: Leg, ms: number, fn: () => void): void {
    leg.timers.push(this.clock.setTimer(ms, fn));
  }

  all(): Leg[] {
    return [...this.map.values()];
  }

  /** What each leg is doing, for the log and for tests that wait on the network. */
  describe(): Array<{ id: string; role: LegRole; state: LegState; agent: string | null; peer: string | null }> {
    return this.all().map((l) => ({ id: l.id, role: l.role, state: l.state, agent: l.agent, peer: l.peer }));
  }

  get size(): number {
    return this.map.size;
  }
}
