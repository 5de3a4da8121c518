import type { Clock, Random, TimerHandle } from '../../core/clock.js';
import type { ReleaseCause } from '../../core/protocol/model.js';
import type { AgentDevice, BridgeOptions, DialContext, TelephonyEvents, TelephonyPort } from '../../core/ports/telephony.js';
import { inventCaller } from './names.js';
import { simulatedRecording } from './wav.js';

/** A simulated recording lasts as long as the talk, up to this (the file stays small). */
export const MAX_RECORDING_SECONDS = 30;

export interface SimSettings {
  /** Numbers callers dial: voice queues and the ring groups in front of them. */
  queues: string[];
  callsPerMinute: number;
  patienceSeconds: { min: number; max: number };
  talkSeconds: { min: number; max: number };
  /** How dialled leads answer (weights). */
  leads?: { live: number; noAnswer: number; busy: number; machine: number };
  ringSeconds?: { min: number; max: number };
}

interface SimLeg {
  id: string;
  kind: 'customer' | 'agent';
  state: 'ringing' | 'up' | 'held' | 'gone';
  peer: string | null;
  timers: TimerHandle[];
  /** An agent leg being recorded: since when (bridge with `record`). */
  recordingSince?: number;
}

/**
 * A simulated carrier and simulated phones. It is a real input of the engine:
 * callers arrive through the same telephony port a SIP adapter uses, hang up
 * when their patience runs out, and end answered calls after a talk time.
 * Everything runs on the injected clock and random source.
 */
export class SimTelephony implements TelephonyPort {
  private events: TelephonyEvents | null = null;
  private readonly legs = new Map<string, SimLeg>();
  private arrivalTimer: TimerHandle | null = null;
  private traffic = false;
  /** Recordings about to be handed over (a moment after their leg goes). */
  private readonly handovers = new Set<TimerHandle>();

  constructor(
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly settings: SimSettings,
  ) {}

  start(events: TelephonyEvents): void {
    this.events = events;
    events.serviceState(true);
  }

  stop(): void {
    this.stopTraffic();
    for (const leg of this.legs.values()) for (const t of leg.timers) this.clock.clearTimer(t);
    this.legs.clear();
    for (const t of this.handovers) this.clock.clearTimer(t);
    this.handovers.clear();
  }

  /** Begin bringing simulated callers into the queues. */
  startTraffic(): void {
    if (this.traffic || this.settings.callsPerMinute <= 0 || this.settings.queues.length === 0) return;
    this.traffic = true;
    this.scheduleArrival();
  }

  stopTraffic(): void {
    this.traffic = false;
    if (this.arrivalTimer) this.clock.clearTimer(this.arrivalTimer);
    this.arrivalTimer = null;
  }

  /** One caller dials a queue now (also used by tests and the bench). */
  placeInboundCall(dialed?: string, from?: { number: string; name: string | null }): string {
    const leg = this.newLeg('customer', 'ringing');
    const queue = dialed ?? this.settings.queues[Math.floor(this.random.next() * this.settings.queues.length)]!;
    const patience = this.between(this.settings.patienceSeconds);
    leg.timers.push(this.clock.setTimer(patience * 1000, () => this.hangUp(leg.id, 'normal')));
    this.events?.inboundLeg({ legId: leg.id, dialed: queue, from: from ?? inventCaller(() => this.random.next()), erg: null });
    return leg.id;
  }

  /** The simulated customer hangs up (tests use it to end a call on cue). */
  hangUp(legId: string, cause: ReleaseCause): void {
    const leg = this.legs.get(legId);
    if (!leg || leg.state === 'gone') return;
    this.drop(leg);
    this.events?.legReleased(legId, cause);
  }

  offerAgentLeg(legId: string, customerLeg: string, device: AgentDevice): void {
    const leg = this.newLeg('agent', 'ringing', legId);
    leg.peer = customerLeg;
    // A phone set to auto-answer picks up at once (the SIP adapter sends answer-after=0).
    if (device.autoAnswer) leg.timers.push(this.clock.setTimer(0, () => this.answerAgentLeg(legId)));
  }

  /** The simulated agent phone goes off-hook (tests, auto-answer). */
  answerAgentLeg(legId: string): void {
    const leg = this.legs.get(legId);
    if (!leg || leg.state !== 'ringing') return;
    leg.state = 'up';
    this.events?.legAnswered(legId);
  }

  bridge(customerLeg: string, agentLeg: string, options?: BridgeOptions): void {
    const customer = this.legs.get(customerLeg);
    const agent = this.legs.get(agentLeg);
    if (!customer || !agent || customer.kind !== 'customer') return;
    // Recorded per agent leg: each agent's part of a transferred call is a recording of its own.
    if (options?.record) agent.recordingSince = this.clock.now();
    if (customer.state === 'up') return; // an outbound call already answered: nothing more to do
    for (const t of customer.timers) this.clock.clearTimer(t);
    customer.timers = [];
    customer.state = 'up';
    agent.state = 'up';
    customer.peer = agentLeg;
    agent.peer = customerLeg;
    const talk = this.between(this.settings.talkSeconds);
    customer.timers.push(this.clock.setTimer(talk * 1000, () => this.hangUp(customerLeg, 'normal')));
    this.events?.legAnswered(customerLeg);
  }

  hold(legId: string): void {
    const leg = this.legs.get(legId);
    if (leg && leg.state === 'up') {
      leg.state = 'held';
      this.events?.legHeld(legId);
    }
  }

  resume(legId: string): void {
    const leg = this.legs.get(legId);
    if (leg && leg.state === 'held') {
      leg.state = 'up';
      this.events?.legResumed(legId);
    }
  }

  release(legId: string, _cause: ReleaseCause): void {
    const leg = this.legs.get(legId);
    if (leg) this.drop(leg);
  }

  /**
   * The far end rings for a while. A campaign's lead then answers in person,
   * lets it ring out, is busy, or has a machine answer, with the configured
   * weights; a number an agent dials by hand always answers. Answered calls
   * are hung up by the far end after a talk time.
   */
  dial(legId: string, _to: string, _callerId: string | null, context?: DialContext): void {
    const leg = this.newLeg('customer', 'ringing', legId);
    const outcome = context?.campaign ? this.leadOutcome() : 'live';
    const ring = this.between(this.settings.ringSeconds ?? { min: 2, max: 6 });
    leg.timers.push(
      this.clock.setTimer(ring * 1000, () => {
        if (leg.state !== 'ringing') return;
        if (outcome === 'busy' || outcome === 'noAnswer') {
          this.drop(leg);
          this.events?.legReleased(legId, outcome === 'busy' ? 'busy' : 'no-answer');
          return;
        }
        if (outcome === 'machine') this.events?.legProgress(legId, 'answering machine');
        leg.state = 'up';
        this.events?.legAnswered(legId);
        const talk = this.between(this.settings.talkSeconds);
        leg.timers.push(this.clock.setTimer(talk * 1000, () => this.hangUp(legId, 'normal')));
      }),
    );
  }

  private leadOutcome(): 'live' | 'noAnswer' | 'busy' | 'machine' {
    const w = this.settings.leads ?? { live: 1, noAnswer: 0, busy: 0, machine: 0 };
    const total = w.live + w.noAnswer + w.busy + w.machine || 1;
    let pick = this.random.next() * total;
    for (const key of ['live', 'noAnswer', 'busy', 'machine'] as const) {
      pick -= w[key];
      if (pick < 0) return key;
    }
    return 'live';
  }

  transferOut(customerLeg: string, _to: string): void {
    const leg = this.legs.get(customerLeg);
    if (leg) this.drop(leg);
  }

  deviceReachable(_device: AgentDevice): { ok: true } {
    return { ok: true };
  }

  liveLegs(): number {
    return this.legs.size;
  }

  private scheduleArrival(): void {
    // Exponential gaps give Poisson arrivals at the configured mean rate.
    const meanMs = 60_000 / this.settings.callsPerMinute;
    const gap = -Math.log(1 - this.random.next()) * meanMs;
    this.arrivalTimer = this.clock.setTimer(gap, () => {
      if (!this.traffic) return;
      this.placeInboundCall();
      this.scheduleArrival();
    });
  }

  private newLeg(kind: SimLeg['kind'], state: SimLeg['state'], id?: string): SimLeg {
    const leg: SimLeg = { id: id ?? this.random.id(kind === 'customer' ? 'leg-c' : 'leg-a'), kind, state, peer: null, timers: [] };
    this.legs.set(leg.id, leg);
    return leg;
  }

  private drop(leg: SimLeg): void {
    for (const t of leg.timers) this.clock.clearTimer(t);
    leg.state = 'gone';
    this.legs.delete(leg.id);
    if (leg.recordingSince !== undefined) this.finishRecording(leg.id, leg.recordingSince);
  }

  /**
   * The recording of an agent leg that went: a WAV as long as the talk (at
   * most MAX_RECORDING_SECONDS, at least one), handed over on a later turn,
   * as a media server would once the file is written — never from inside
   * the core's own request to release the leg.
   */
  private finishRecording(legId: string, since: number): void {
    const seconds = Math.min(MAX_RECORDING_SECONDS, Math.max(1, Math.round((this.clock.now() - since) / 1000)));
    const handover = this.clock.setTimer(0, () => {
      this.handovers.delete(handover);
      this.events?.recordingReady?.(legId, { name: `recording-${legId}.wav`, type: 'audio/wav', bytes: simulatedRecording(seconds), seconds });
    });
    this.handovers.add(handover);
  }

  private between(range: { min: number; max: number }): number {
    return range.min + this.random.next() * Math.max(0, range.max - range.min);
  }
}
