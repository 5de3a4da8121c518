import { randomUUID } from 'node:crypto';
import { DeliverPolicy, Events, type ConsumerMessages, type NatsConnection } from 'nats';
import { connectNats } from './nats-connect.js';
import { beatEvery } from './heartbeat.js';
import type { Origin } from '../core/context.js';
import type { StoredEvent } from '../core/ports/store.js';
import type { EntityChange } from '../core/protocol/events.js';
import { errorFrame, type CommandFrame } from '../core/protocol/frames.js';
import type { CommandAnswer, CoreLink, PassingEvent, SessionView } from '../core/ports/core-link.js';
import { AGENTS_SUBJECT, ALIVE_SUBJECT, BEAT_MS, COMMAND_SUBJECT, CORE_UNAVAILABLE, GATEWAY_ALIVE_SUBJECT, GATEWAY_BEAT_MS, WHERE_SUBJECT, GONE_SUBJECT, LIMITS_SUBJECT, LIVE_SUBJECT, PASSING_SUBJECT, SESSIONS_SUBJECT, SOCKETS_SUBJECT, GIVEN_UP_SUBJECT, DEFAULT_CORE_WAIT_MS, HOLD_MAX_MS, settleWithinMs } from './core-subjects.js';
import type { CommandRequest, GivenUp, HeldPanels, PanelCount, PanelGone } from './nats-core-service.js';
import type { ConnectionLimits } from '../core/config/connection-limits.js';
import { ensureEventStream, EVENT_STREAM, EVENT_SUBJECT } from './nats-event-stream.js';

/** Between tries while no core is there to answer (the standby is taking over). */
const RETRY_PAUSE_MS = 100;
/**
 * A core not heard from for this long is taken for dead and what waits on it
 * is sent again. A takeover shows much sooner (the new core's heartbeat has
 * another id); this is for a core that hangs. Long, because a core busy with
 * a login storm may beat late, and a resend to a busy core only adds to it.
 */
const SILENT_CORE_MS = 10_000;
type Committed = (events: StoredEvent[], live: EntityChange[]) => void;

/**
 * A gateway's core, over NATS (issue 19): commands by request/reply to
 * whichever core holds the lease, retried with the same id while none
 * answers (a takeover), committed events from the JetStream stream in order,
 * live changes and passing events as plain messages.
 *
 * An answer is handed over only once the stream has brought the events
 * committed before it, so a panel reads its command's events before its
 * answer, as on a single server.
 */
export class NatsCoreLink implements CoreLink {
  private readonly committed = new Set<Committed>();
  private readonly passing = new Set<(event: PassingEvent) => void>();
  /** The number of the last event handed to the listeners. */
  private delivered = 0;
  /** Events read from the stream in this turn, handed over together at its end. */
  private pending: StoredEvent[] = [];
  private held: Array<{ seq: number; give: () => void; timer: NodeJS.Timeout }> = [];
  private messages: ConsumerMessages | null = null;
  private silence: NodeJS.Timeout | null = null;
  private stopBeat: () => void = () => {};
  /** This gateway, to the core: which panels it holds, and that it lives. */
  private readonly id = randomUUID();
  private closed = false;
  /** The active core's instance and when it was last heard from (its heartbeat). */
  private core: { id: string | null; heard: number } = { id: null, heard: Date.now() };
  /** Requests waiting on a core, told when it is gone (another took over, or it went silent). */
  private readonly waiting = new Set<{ core: string | null; since: number; gone: () => void }>();
  /** Told the connection limits of each core that becomes active (the first heard, a takeover, a restart). */
  private readonly limitListeners = new Set<(limits: ConnectionLimits) => void>();

  private constructor(
    private readonly nc: NatsConnection,
    private readonly log: (line: string) => void,
    private readonly coreWaitMs: number,
  ) {}

  static async connect(url: string, log: (line: string) => void, coreWaitMs = DEFAULT_CORE_WAIT_MS): Promise<NatsCoreLink> {
    const nc = await connectNats(url, 'switchboard-gateway');
    const link = new NatsCoreLink(nc, log, coreWaitMs);
    await link.follow();
    return link;
  }

  /** The events this gateway has handed over, up to which number (for /healthz and tests). */
  get lastSeq(): number {
    return this.delivered;
  }

  /** The largest message the NATS server takes (a resume's replay must fit in an answer). */
  get maxPayload(): number {
    return this.nc.info?.max_payload ?? 1024 * 1024;
  }

  onCommitted(listener: Committed): () => void {
    this.committed.add(listener);
    return () => this.committed.delete(listener);
  }

  onPassing(listener: (event: PassingEvent) => void): () => void {
    this.passing.add(listener);
    return () => this.passing.delete(listener);
  }

  submit(frame: CommandFrame, origin: Origin, maxReplayBytes: number, reply: (answer: CommandAnswer) => void): void {
    // A login or resume takes a place in the agent's bound at the core, which this gateway's count settles.
    const ticket = frame.cmd === 'session.login' || frame.cmd === 'session.resume' ? randomUUID() : undefined;
    const body: CommandRequest = { frame, origin, maxReplayBytes: Math.min(maxReplayBytes, this.maxPayload / 2), gateway: this.id, ticket, settleWithinMs: settleWithinMs(this.coreWaitMs) };
    void this.ask<CommandAnswer & { seq: number }>(COMMAND_SUBJECT, JSON.stringify(body)).then((answer) => {
      if (!answer) {
        // The core may still answer it, late: the place it reserved would be held for a socket that is not coming.
        if (ticket) this.giveUp(ticket);
        return reply({ response: errorFrame(frame.id, CORE_UNAVAILABLE) });
      }
      this.afterEvents(answer.seq, () => reply({ response: answer.response, session: answer.session, ticket }));
    });
  }

  sessions(tokens: string[], done: (sessions: Array<SessionView | null>) => void): void {
    // No core: the sessions stay as they are; the next configuration change derives them again.
    void this.ask<Array<SessionView | null>>(SESSIONS_SUBJECT, JSON.stringify(tokens)).then((sessions) => done(sessions ?? tokens.map(() => null)));
  }

  /** Where the active core's listener is (http://host:port), waiting for one as a command does; null if none answers. */
  where(): Promise<string | null> {
    return this.ask<string>(WHERE_SUBJECT, '');
  }

  /** Answer a starting core's question: which agents have a panel here, and how many sockets each. */
  tellAgents(sockets: () => Record<string, number>): void {
    this.nc.subscribe(AGENTS_SUBJECT, {
      callback: (_, m) =>
        this.guard(() => {
          const held = sockets();
          m.respond(JSON.stringify({ gateway: this.id, agents: Object.keys(held), sockets: held } satisfies HeldPanels));
        }),
    });
  }

  /**
   * The centre's connection limits, from each core that becomes active: they
   * are read from its configuration at its start (a SIGHUP does not change
   * them), so a new core, and only a new core, may bring others.
   */
  onLimits(listener: (limits: ConnectionLimits) => void): void {
    this.limitListeners.add(listener);
    if (this.core.id !== null) this.askLimits();
  }

  agentDisconnected(agent: string): void {
    if (!this.closed) this.nc.publish(GONE_SUBJECT, JSON.stringify({ agent, gateway: this.id } satisfies PanelGone));
  }

  agentSockets(agent: string, sockets: number, settles?: string): void {
    if (!this.closed) this.nc.publish(SOCKETS_SUBJECT, JSON.stringify({ agent, gateway: this.id, sockets, settles } satisfies PanelCount));
  }

  private giveUp(ticket: string): void {
    if (!this.closed) this.nc.publish(GIVEN_UP_SUBJECT, JSON.stringify({ gateway: this.id, ticket } satisfies GivenUp));
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.silence) clearInterval(this.silence);
    this.stopBeat();
    for (const h of this.held) clearTimeout(h.timer);
    this.held = [];
    this.messages?.stop();
    await this.nc.drain();
  }

  /**
   * Ask the core until one answers. A request that finds no core (the active
   * one died, the standby is taking over) goes again every RETRY_PAUSE_MS; one
   * the core that had it cannot answer any more (another core's heartbeat
   * appeared, or it went silent) goes again at once. The same bytes each
   * time, so a command the dead core committed is answered from what it kept.
   * A core that is alive is waited for, however busy: resending to it would
   * only add to its work. Null after coreWaitMs.
   */
  private async ask<T>(subject: string, body: string): Promise<T | null> {
    const until = Date.now() + this.coreWaitMs;
    let why = 'no core';
    while (!this.closed && Date.now() < until) {
      let entry: { core: string | null; since: number; gone: () => void } | null = null;
      const gone = new Promise<'gone'>((resolve) => {
        entry = { core: this.core.id, since: Date.now(), gone: () => resolve('gone') };
        this.waiting.add(entry);
      });
      try {
        const reply = await Promise.race([this.nc.request(subject, body, { timeout: Math.max(1, until - Date.now()) }), gone]);
        if (reply !== 'gone') return reply.json<T>();
        why = 'the core that had it is gone';
      } catch (e) {
        // No responders: no core has subscribed yet. A timeout ends the loop.
        why = (e as Error).message;
        await new Promise((r) => setTimeout(r, RETRY_PAUSE_MS));
      } finally {
        this.waiting.delete(entry!);
      }
    }
    if (!this.closed) this.log(`bus: no core answered on ${subject} within ${this.coreWaitMs / 1000} s (${why})`);
    return null;
  }

  /** Ask the active core its limits; none answering within --core-wait keeps those in force (the next core is asked). */
  private askLimits(): void {
    if (this.limitListeners.size === 0) return;
    void this.ask<ConnectionLimits>(LIMITS_SUBJECT, '').then((limits) => {
      if (!limits) return;
      for (const listener of this.limitListeners) this.guard(() => listener(limits));
    });
  }

  /** A heartbeat: another core's id means a takeover, and what waited on the old one goes again. */
  private heard(id: string): void {
    const now = Date.now();
    const before = this.core.id;
    this.core = { id, heard: now };
    if (before === id) return;
    this.askLimits();
    // Sent before any core was heard of (a gateway just started) counts as sent to another: sent again, at worst
    // a copy the core answers from what it kept.
    const resend = [...this.waiting].filter((w) => w.core !== id);
    if (before !== null) this.log(`bus: core ${id.slice(0, 8)} took over from ${before.slice(0, 8)}; ${resend.length} request${resend.length === 1 ? '' : 's'} waiting on the old one sent to it`);
    for (const w of resend) w.gone();
  }

  /**
   * NATS itself restarted or the connection broke: a request sent just before
   * may never have reached the core, or its answer never come back. Both
   * sides are connected again; what waits is sent again.
   */
  private async watchConnection(): Promise<void> {
    for await (const status of this.nc.status()) {
      if (status.type !== Events.Reconnect) continue;
      this.log(`bus: connected to NATS again; ${this.waiting.size} requests waiting are sent again`);
      for (const w of this.waiting) w.gone();
    }
  }

  /** What waits on a core silent for SILENT_CORE_MS goes again (to whichever core answers). */
  private checkSilence(): void {
    const now = Date.now();
    if (now - this.core.heard < SILENT_CORE_MS) return;
    for (const w of this.waiting) if (now - w.since >= SILENT_CORE_MS) w.gone();
  }

  /** Give an answer once the events up to `seq` are handed over (or HOLD_MAX_MS passed: the stream is behind). */
  private afterEvents(seq: number, give: () => void): void {
    if (seq <= this.delivered) return give();
    const entry = {
      seq,
      give,
      timer: setTimeout(() => {
        this.held = this.held.filter((h) => h !== entry);
        give();
      }, HOLD_MAX_MS),
    };
    this.held.push(entry);
  }

  /** Read the stream from its end on, and the live and passing subjects. */
  private async follow(): Promise<void> {
    // A gateway may start before any core: the stream is made by whichever comes first.
    await ensureEventStream(this.nc);
    const jsm = await this.nc.jetstreamManager();
    let startAt = 1;
    try {
      const last = await jsm.streams.getMessage(EVENT_STREAM, { last_by_subj: EVENT_SUBJECT });
      this.delivered = (last.json() as StoredEvent).seq;
      startAt = last.seq + 1;
    } catch {
      // An empty stream: read from its start.
    }
    const consumer = await this.nc.jetstream().consumers.get(EVENT_STREAM, { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: startAt });
    this.messages = await consumer.consume({ callback: (m) => this.read(m.json<StoredEvent>()) });
    this.nc.subscribe(ALIVE_SUBJECT, { callback: (_, m) => this.heard(m.string()) });
    void this.watchConnection();
    this.silence = setInterval(() => this.checkSilence(), BEAT_MS * 4);
    this.silence.unref();
    this.stopBeat = beatEvery(this.nc, GATEWAY_ALIVE_SUBJECT, this.id, GATEWAY_BEAT_MS);
    this.nc.subscribe(LIVE_SUBJECT, { callback: (_, m) => this.guard(() => this.emit([], m.json<EntityChange[]>())) });
    this.nc.subscribe(PASSING_SUBJECT, {
      callback: (_, m) =>
        this.guard(() => {
          const event = m.json<PassingEvent>();
          for (const listener of this.passing) listener(event);
        }),
    });
    await this.nc.flush();
  }

  private read(event: StoredEvent): void {
    // A copy (a core republishing after a takeover is deduplicated by JetStream; this is the belt to its braces).
    if (event.seq <= this.delivered || event.seq <= (this.pending.at(-1)?.seq ?? 0)) return;
    if (this.pending.length === 0) setImmediate(() => this.flush());
    this.pending.push(event);
  }

  /** This turn's events to the listeners as one group, then the answers that waited for them. */
  private flush(): void {
    const events = this.pending;
    this.pending = [];
    if (events.length === 0) return;
    this.guard(() => this.emit(events, []));
    this.delivered = events.at(-1)!.seq;
    const ready = this.held.filter((h) => h.seq <= this.delivered);
    if (ready.length === 0) return;
    this.held = this.held.filter((h) => h.seq > this.delivered);
    for (const h of ready) {
      clearTimeout(h.timer);
      h.give();
    }
  }

  private emit(events: StoredEvent[], live: EntityChange[]): void {
    for (const listener of this.committed) listener(events, live);
  }

  private guard(work: () => void): void {
    try {
      work();
    } catch (e) {
      this.log(`bus: ${(e as Error).stack ?? String(e)}`);
    }
  }
}
