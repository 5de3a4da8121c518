import { CarrierProbes } from './carrier-probes.js';
import type { Clock, Random } from '../../core/clock.js';
import type { AgentConfig } from '../../core/config/schema.js';
import type { SipConfig } from '../../core/config/sip.js';
import type { ThrottleSettings } from '../../core/login-throttle.js';
import type { ReleaseCause } from '../../core/protocol/model.js';
import type { AgentDevice, DialContext, TelephonyEvents, TelephonyPort } from '../../core/ports/telephony.js';
import { SipConnection, type Backoff, type DrachtioAddress } from './connection.js';
import { DEFAULT_TIMEOUTS, NOT_READY, UNKNOWN_SELF, type SipContext, type SipTimeouts } from './context.js';
import { setHold } from './hold.js';
import { onInvite } from './inbound.js';
import type { ResolveHost } from './carrier-addresses.js';
import { InviteThrottle } from './invite-throttle.js';
import { RefusalLog } from './refusal-log.js';
import { bridge } from './join.js';
import { Legs } from './legs.js';
import { takeOtherRequests } from './out-of-dialog.js';
import { offerAgentLeg } from './offer.js';
import { dial, type SipDialContext } from './outbound.js';
import { Registrar } from './registrar.js';
import type { FloodLimits } from './register-throttle.js';
import { letGo, release } from './release.js';
import type { Srf } from './srf-surface.js';
import { transferOut } from './transfer.js';

export const LOST_CONNECTION = 'lost connection to the SIP server';

/** The configuration's own defaults for `security`, when none is given. */
const DEFAULT_SECURITY: ThrottleSettings = { maxFailedLogins: 5, failedLoginWindowSeconds: 300, lockoutSeconds: 300 };

export interface SipTelephonyOptions {
  drachtio: DrachtioAddress;
  /** host:port of the carrier or PBX that outbound calls and blind transfers go to. */
  trunk?: string | null;
  /** Digest realm deskphones authenticate in. */
  realm?: string;
  /** Failed-registration limits per address and per SIP username (the configuration's `security`, as for PINs). */
  security?: ThrottleSettings;
  /** REGISTER flood limits (tests and the bench may change them). */
  registerFlood?: FloodLimits;
  /** New calls per source address and the carriers' trunk addresses (the configuration's `sip`). */
  limits?: SipConfig;
  /** How carriers' host names are looked up (the system's resolver unless a test scripts DNS). */
  resolveHost?: ResolveHost;
  agents: readonly AgentConfig[];
  clock: Clock;
  random: Random;
  log?: (line: string) => void;
  /** Makes the Srf for each connection attempt: the real drachtio-srf, or a test's fake. */
  createSrf: () => Srf;
  backoff?: Backoff;
  timeouts?: Partial<SipTimeouts>;
}

/** The configuration's keep-alive interval, in the milliseconds the adapter counts in; none: the adapter's default. */
function keepAliveOf(limits: SipConfig | undefined): Partial<SipTimeouts> {
  return limits ? { phoneKeepAlive: limits.phoneKeepAliveSeconds * 1000 } : {};
}

/**
 * The telephony port over SIP: drachtio-srf 5 connected to a drachtio server,
 * switchboard acting as registrar for the agents' deskphones and as a
 * signalling-only B2BUA between callers (or called numbers) and those
 * phones. The same port as the simulator; the core cannot tell them apart.
 */
export class SipTelephony implements TelephonyPort {
  private events: TelephonyEvents | null = null;
  private readonly legs: Legs;
  private readonly registrar: Registrar;
  private readonly connection: SipConnection;
  private readonly ctx: SipContext;
  private ready = false;
  private readonly log: (line: string) => void;

  constructor(private readonly options: SipTelephonyOptions) {
    this.log = (line) => options.log?.(`sip: ${line}`);
    this.legs = new Legs(options.clock);
    const report = this.guardedEvents();
    this.registrar = new Registrar(options.agents, options.clock, (agent, registered, detail) => report.deviceState(agent, registered, detail), {
      realm: options.realm ?? 'switchboard',
      security: options.security ?? DEFAULT_SECURITY,
      flood: options.registerFlood,
      maxContacts: options.limits?.maxContactsPerAgent,
      log: this.log,
    });
    this.connection = new SipConnection(
      options.drachtio,
      {
        prepare: (srf) => {
          srf.invite((req, res) => onInvite(this.ctx, req, res));
          srf.register((req, res) => this.registrar.handle(req, res));
          takeOtherRequests(srf);
        },
        up: () => this.connected(),
        down: () => this.disconnected(),
        log: this.log,
      },
      options.clock,
      options.createSrf,
      options.backoff,
    );
    this.ctx = {
      legs: this.legs,
      registrar: this.registrar,
      random: options.random,
      timeouts: { ...DEFAULT_TIMEOUTS, ...keepAliveOf(options.limits), ...options.timeouts },
      srf: () => this.connection.srf,
      report,
      // A macrotask, not a microtask: an offer refused at once and offered again by the
      // core must not be able to starve the event loop.
      defer: (fn) => void setImmediate(fn),
      trunk: options.trunk ?? null,
      self: () => this.connection.sipAddress ?? UNKNOWN_SELF,
      invites: new InviteThrottle(options.clock, options.limits, this.log, options.resolveHost),
      inviteRefusals: new RefusalLog(options.clock, this.log, 'INVITE'),
      carrierProbes: new CarrierProbes(options.clock),
      log: this.log,
    };
  }

  start(events: TelephonyEvents): void {
    this.events = events;
    events.serviceState(false, NOT_READY);
    this.registrar.announceStatic();
    this.ctx.invites.carriers.start();
    this.connection.start();
  }

  stop(): void {
    // Best effort while still connected: callers get a final answer, dialogs a BYE.
    for (const leg of this.legs.all()) letGo(this.ctx, leg, 'service-restart');
    this.registrar.stop();
    this.ctx.inviteRefusals.close();
    this.ctx.invites.carriers.stop();
    this.connection.stop();
    this.events = null;
  }

  offerAgentLeg(legId: string, customerLeg: string, device: AgentDevice, caller: { number: string; name: string | null; device?: AgentDevice }): void {
    offerAgentLeg(this.ctx, legId, customerLeg, device, caller);
  }

  bridge(customerLeg: string, agentLeg: string): void {
    bridge(this.ctx, customerLeg, agentLeg);
  }

  hold(legId: string): void {
    setHold(this.ctx, legId, true);
  }

  resume(legId: string): void {
    setHold(this.ctx, legId, false);
  }

  release(legId: string, cause: ReleaseCause): void {
    release(this.ctx, legId, cause);
  }

  dial(legId: string, to: string, callerId: string | null, context?: DialContext): void {
    dial(this.ctx, legId, to, callerId, context as SipDialContext | undefined);
  }

  transferOut(customerLeg: string, to: string): void {
    transferOut(this.ctx, customerLeg, to);
  }

  deviceReachable(device: AgentDevice): { ok: true } | { ok: false; reason: string } {
    if (!this.ready) return { ok: false, reason: `${NOT_READY} There is no connection to the SIP server.` };
    const why = this.registrar.whyUnreachable(device.agent);
    return why ? { ok: false, reason: why } : { ok: true };
  }

  /** A ringing deskphone goes off-hook only by itself (auto-answer) or by the agent's hand: no SIP request makes it. */
  answersFromPanel(device: AgentDevice): boolean {
    return device.autoAnswer;
  }

  /** Legs in progress (tests, the bench). */
  liveLegs(): number {
    return this.legs.size;
  }

  /** Each leg's role, state and peer (tests and the integration suite wait on these). */
  describeLegs() {
    return this.legs.describe();
  }

  private connected(): void {
    this.ready = true;
    this.ctx.report.serviceState(true);
  }

  /**
   * The drachtio server is gone and every dialog with it: the panel says the
   * call center module is not ready, and each call in progress is ended with
   * the reason, so the core records it and frees its agent.
   */
  private disconnected(): void {
    this.ready = false;
    this.ctx.report.serviceState(false, NOT_READY);
    const legs = this.legs.all();
    for (const leg of legs) {
      leg.closing = true;
      this.legs.remove(leg);
    }
    for (const leg of legs) this.ctx.report.legReleased(leg.id, 'failed', LOST_CONNECTION);
  }

  /** Events go to the core while started; never after stop(). */
  private guardedEvents(): TelephonyEvents {
    const to = () => this.events;
    return {
      inboundLeg: (leg) => to()?.inboundLeg(leg),
      legAnswered: (id) => to()?.legAnswered(id),
      legHeld: (id) => to()?.legHeld(id),
      legResumed: (id) => to()?.legResumed(id),
      legReleased: (id, cause, detail) => to()?.legReleased(id, cause, detail),
      legProgress: (id, text) => to()?.legProgress(id, text),
      serviceState: (ready, reason) => to()?.serviceState(ready, reason),
      deviceState: (agent, registered, detail) => to()?.deviceState(agent, registered, detail),
    };
  }
}
