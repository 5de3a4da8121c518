import type { Clock, TimerHandle } from '../../core/clock.js';
import type { Srf } from './srf-surface.js';

export interface DrachtioAddress {
  host: string;
  port: number;
  secret: string;
}

export interface ConnectionHooks {
  /** Install request handlers on a fresh Srf before it connects (drachtio routes them at login). */
  prepare(srf: Srf): void;
  up(srf: Srf): void;
  /** The connection that was up is gone. */
  down(why: string): void;
  log(line: string): void;
}

export interface Backoff {
  firstMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { firstMs: 500, maxMs: 30_000 };

/**
 * The control connection to the drachtio server (TCP, authenticated with the
 * shared secret). We reconnect ourselves, with a doubling delay up to
 * `maxMs`, on the injected clock, rather than use drachtio-srf's own retry:
 * each attempt gets a fresh Srf (no dialogs of a dead connection linger), the
 * delay is testable, and stop() is final (the library's retry timer ignores
 * disconnect()).
 */
export class SipConnection {
  private current: Srf | null = null;
  private live = false;
  private failures = 0;
  private retry: TimerHandle | null = null;
  private stopped = false;
  private advertised: string | null = null;

  constructor(
    private readonly address: DrachtioAddress,
    private readonly hooks: ConnectionHooks,
    private readonly clock: Clock,
    private readonly create: () => Srf,
    private readonly backoff: Backoff = DEFAULT_BACKOFF,
  ) {}

  /**
   * host:port where the drachtio server takes SIP for us (what it said when we
   * connected; its UDP address first): switchboard's own SIP address.
   */
  get sipAddress(): string | null {
    return this.live ? this.advertised : null;
  }

  /** The Srf to send requests on, while connected. */
  get srf(): Srf | null {
    return this.live ? this.current : null;
  }

  start(): void {
    this.stopped = false;
    this.open();
  }

  stop(): void {
    this.stopped = true;
    if (this.retry) this.clock.clearTimer(this.retry);
    this.retry = null;
    const srf = this.current;
    this.current = null;
    this.live = false;
    if (srf) quietlyDisconnect(srf);
  }

  private open(): void {
    const srf = this.create();
    this.current = srf;
    this.hooks.prepare(srf);
    srf.on('connect', (err, hostport) => {
      if (srf !== this.current) return quietlyDisconnect(srf);
      if (err) {
        this.lost(srf, err.message, 'refused');
        return;
      }
      this.failures = 0;
      this.live = true;
      this.advertised = sipAddressOf(hostport);
      this.hooks.log(`connected to the drachtio server at ${this.where()}`);
      this.hooks.up(srf);
    });
    // A listener is always there: an 'error' nobody listens to would be thrown.
    srf.on('error', (err) => {
      if (srf === this.current) this.lost(srf, err?.message ?? 'connection error');
    });
    srf.on('close', () => {
      if (srf === this.current) this.lost(srf, 'the connection closed');
    });
    try {
      // maxAttempts 1: drachtio-srf must not retry on its own (see above).
      srf.connect({ host: this.address.host, port: this.address.port, secret: this.address.secret, reconnect: { maxAttempts: 1 } });
    } catch (e) {
      this.lost(srf, (e as Error).message);
    }
  }

  /** `refused`: it answered, and turned our secret down; otherwise it could not be reached or went away. */
  private lost(srf: Srf, why: string, how: 'unreachable' | 'refused' = 'unreachable'): void {
    if (srf !== this.current) return;
    this.current = null;
    quietlyDisconnect(srf);
    if (this.live) {
      this.live = false;
      this.hooks.log(`lost the drachtio server at ${this.where()}: ${why}`);
      this.hooks.down(why);
    }
    if (this.stopped) return;
    const delay = Math.min(this.backoff.maxMs, this.backoff.firstMs * 2 ** this.failures);
    this.failures = Math.min(this.failures + 1, 30);
    // Coded as every refusal a newcomer meets, and saying what it costs: serve runs on without calls.
    // A refused secret is told apart: the server is there, and waiting will not help until the secret is changed.
    const again = `trying again in ${Math.round(delay / 100) / 10} s`;
    this.hooks.log(
      how === 'refused'
        ? `DRACHTIO_REFUSED: the drachtio server at ${this.where()} turned down our secret (${why}): set SWITCHBOARD_DRACHTIO_SECRET to its admin secret and restart serve; no calls until then; ${again}`
        : `DRACHTIO_UNREACHABLE: cannot reach the drachtio server at ${this.where()} (${why}): no calls until it is; ${again}`,
    );
    this.retry = this.clock.setTimer(delay, () => {
      this.retry = null;
      if (!this.stopped) this.open();
    });
  }

  private where(): string {
    return `${this.address.host}:${this.address.port}`;
  }
}

/** `tcp/10.0.0.1:5060,udp/10.0.0.1:5060` (what drachtio says on connect) -> `10.0.0.1:5060`, UDP first. */
export function sipAddressOf(hostport: string | undefined): string | null {
  const entries = (hostport ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)
    .map((e) => {
      const slash = e.indexOf('/');
      return { transport: slash > 0 ? e.slice(0, slash).toLowerCase() : 'udp', address: slash > 0 ? e.slice(slash + 1) : e };
    });
  return (entries.find((e) => e.transport === 'udp') ?? entries[0])?.address ?? null;
}

function quietlyDisconnect(srf: Srf): void {
  try {
    srf.disconnect();
  } catch {
    // never connected, or already gone: nothing to close
  }
}
