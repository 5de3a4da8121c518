import { randomUUID } from 'node:crypto';
import { RequestStrategy, type Msg, type NatsConnection } from 'nats';
import { connectNats } from './nats-connect.js';
import { beatEvery } from './heartbeat.js';
import { errorFrame, type CommandFrame } from '../core/protocol/frames.js';
import type { Origin, SocketsBound } from '../core/context.js';
import type { CommandAnswer, CoreLink } from '../core/ports/core-link.js';
import { PanelHolders } from './panel-holders.js';
import { tooManySessions } from '../core/commands/session.js';
import type { ConnectionLimits } from '../core/config/connection-limits.js';
import { AGENTS_SUBJECT, ALIVE_SUBJECT, BEAT_MS, COMMAND_SUBJECT, GATEWAY_ALIVE_SUBJECT, GATEWAY_BEAT_MS, GATEWAY_SILENT_MS, WHERE_SUBJECT, CORE_QUEUE, GONE_SUBJECT, LIMITS_SUBJECT, LIVE_SUBJECT, PASSING_SUBJECT, SESSIONS_SUBJECT, SOCKETS_SUBJECT, GIVEN_UP_SUBJECT, DEFAULT_CORE_WAIT_MS, COUNT_TRIP_MS, settleWithinMs } from './core-subjects.js';

const TOO_LARGE = { code: 'INTERNAL', message: 'The answer is too large for the link between the core and your gateway (NATS max_payload); ask the administrator to raise it to 8MB.' } as const;

/** A command as a gateway sends it. */
export interface CommandRequest {
  frame: CommandFrame;
  origin: Origin;
  maxReplayBytes: number;
  /** The gateway's id: a login or resume through it means it holds a panel of that agent. */
  gateway: string;
  /**
   * With a login or resume: names the place the core reserves for the socket
   * until the gateway's count includes it (PanelCount.settles). The same on a
   * request sent again, so a resend takes no second place.
   */
  ticket?: string;
  /** How long after its answer the gateway may take to settle the ticket's place (settleWithinMs); kept that long, then dropped. */
  settleWithinMs?: number;
}

/** A gateway's word that an agent's last panel on it closed. */
export interface PanelGone {
  agent: string;
  gateway: string;
}

/** A gateway's word of how many logged-in sockets of an agent it holds now. */
export interface PanelCount {
  agent: string;
  gateway: string;
  sockets: number;
  /** The ticket of the login or resume this count is the outcome of: its reserved place is free now. */
  settles?: string;
}

/** A gateway's word that it gave up on a login or resume (GIVEN_UP_SUBJECT). */
export interface GivenUp {
  gateway: string;
  ticket: string;
}

/** A gateway's answer to a starting core: the agents it holds panels of, and how many sockets of each. */
export interface HeldPanels {
  gateway: string;
  agents: string[];
  sockets?: Record<string, number>;
}

/**
 * The active core's side of the bus: it answers the gateways' commands and
 * session lookups (request/reply), hears which agents' panels are gone, and
 * publishes live changes and passing events. Committed events reach the
 * gateways through the JetStream stream (nats-event-stream.ts), not here.
 * Each answer carries the log's last event number then, so a gateway can
 * send it after the events before it, as the in-process gateway does.
 */
export class NatsCoreService {
  private readonly offs: Array<() => void> = [];
  /** This core's instance, in its heartbeat: gateways resend what was in flight when another's appears. */
  private readonly id = randomUUID();
  private readonly panels = new PanelHolders(GATEWAY_SILENT_MS, this.id);

  private constructor(
    private readonly nc: NatsConnection,
    private readonly core: CoreLink,
    private readonly lastSeq: () => number,
    private readonly log: (line: string) => void,
    private readonly limits: ConnectionLimits,
  ) {}

  /** `limits`: the centre's, told to every gateway that asks and held for the agents' sockets over all of them. */
  static async start(url: string, core: CoreLink, lastSeq: () => number, log: (line: string) => void, limits: ConnectionLimits): Promise<NatsCoreService> {
    const nc = await connectNats(url, 'switchboard-core');
    const service = new NatsCoreService(nc, core, lastSeq, log, limits);
    service.serve();
    await nc.flush();
    return service;
  }

  private serve(): void {
    this.nc.subscribe(COMMAND_SUBJECT, { queue: CORE_QUEUE, callback: (_, msg) => this.guard(msg, () => this.command(msg)) });
    this.nc.subscribe(SESSIONS_SUBJECT, {
      queue: CORE_QUEUE,
      callback: (_, msg) => this.guard(msg, () => this.core.sessions(msg.json<string[]>(), (sessions) => this.respond(msg, sessions))),
    });
    this.nc.subscribe(GONE_SUBJECT, {
      queue: CORE_QUEUE,
      callback: (_, msg) =>
        this.guard(msg, () => {
          const { agent, gateway } = msg.json<PanelGone>();
          // A panel of the agent on another gateway keeps them connected.
          if (this.panels.letGo(gateway, agent)) this.core.agentDisconnected(agent);
        }),
    });
    this.nc.subscribe(SOCKETS_SUBJECT, {
      queue: CORE_QUEUE,
      callback: (_, msg) =>
        this.guard(msg, () => {
          const { agent, gateway, sockets, settles } = msg.json<PanelCount>();
          this.panels.counts(gateway, agent, sockets);
          if (settles) this.panels.settle(settles);
        }),
    });
    this.nc.subscribe(GIVEN_UP_SUBJECT, {
      queue: CORE_QUEUE,
      callback: (_, msg) => this.guard(msg, () => this.panels.giveUp(msg.json<GivenUp>().ticket, Date.now())),
    });
    this.nc.subscribe(LIMITS_SUBJECT, {
      queue: CORE_QUEUE,
      callback: (_, msg) => this.respond(msg, { socketsPerAgent: this.limits.socketsPerAgent, httpConnectionsPerAddress: this.limits.httpConnectionsPerAddress } satisfies ConnectionLimits),
    });
    this.nc.subscribe(GATEWAY_ALIVE_SUBJECT, { callback: (_, msg) => this.panels.heardFrom(msg.string(), Date.now()) });
    const watch = setInterval(() => this.gatewaysSilent(), GATEWAY_BEAT_MS);
    watch.unref();
    this.offs.push(() => clearInterval(watch));
    this.offs.push(this.core.onCommitted((_, live) => live.length > 0 && this.nc.publish(LIVE_SUBJECT, JSON.stringify(live))));
    this.offs.push(this.core.onPassing((event) => this.nc.publish(PASSING_SUBJECT, JSON.stringify(event))));
    this.offs.push(beatEvery(this.nc, ALIVE_SUBJECT, this.id, BEAT_MS));
  }

  private command(msg: Msg): void {
    const request = msg.json<CommandRequest>();
    this.admit(request, (answer) => {
      const body = JSON.stringify({ ...answer, seq: this.lastSeq() });
      if (Buffer.byteLength(body) <= this.nc.info!.max_payload) return this.respond(msg, body);
      this.log(`bus: the answer to ${request.frame.cmd} is ${Buffer.byteLength(body)} bytes, more than the NATS server's max_payload (${this.nc.info!.max_payload})`);
      this.respond(msg, JSON.stringify({ response: errorFrame(request.frame.id, TOO_LARGE), seq: this.lastSeq() }));
    });
  }

  /**
   * Run a command from a gateway (or this core's own listener), holding a
   * login or resume to the agent's bound over the centre. The check and the
   * place it reserves are one step in this process, so logins arriving at
   * the same moment through several gateways are counted one after the other.
   */
  private admit(request: CommandRequest, reply: (answer: CommandAnswer) => void): void {
    const { frame, origin, maxReplayBytes, gateway, settleWithinMs: within } = request;
    // A gateway older than the reservations sends no ticket and settles nothing: the core names the place itself,
    // kept while it runs the login (logins at once through several gateways see it) and turned into a socket of the
    // gateway's when answered, until the gateway's own count (which it sends) says how many it holds.
    const unsettled = request.ticket === undefined && (frame.cmd === 'session.login' || frame.cmd === 'session.resume');
    const ticket = unsettled ? randomUUID() : request.ticket;
    const agent = frame.cmd === 'session.login' ? (frame.args as { agent?: unknown } | undefined)?.agent : undefined;
    // A login past the agent's sockets over every gateway is refused once its PIN is proven, before a token is issued.
    if (typeof agent === 'string' && origin.agentSocketsFull === undefined) {
      if (this.agentFull(agent.trim(), origin, ticket)) origin.agentSocketsFull = this.centreBound;
      else this.reserve(ticket, gateway, agent.trim(), origin);
    }
    // A resume names its agent only through its token: asked of that agent once the token is proven, before it is slid on.
    if (frame.cmd === 'session.resume')
      origin.agentSocketsFullFor = (named) => {
        if (this.agentFull(named, origin, ticket)) return this.centreBound;
        this.reserve(ticket, gateway, named, origin);
        return undefined;
      };
    this.core.submit(frame, origin, maxReplayBytes, (committed) => {
      const answer = this.refuseResumePastBound(frame, origin, committed, ticket);
      const started = answer.session && 'session' in answer.session ? answer.session.session.principal.agent : null;
      // Let in: the place is the gateway's socket until its count says so. Not let in: nothing to hold.
      // Its clock starts now: the time its gateway says it may take (one that does not say: the default --core-wait's),
      // and the count's way back to a busy core (COUNT_TRIP_MS, measured).
      // Given up by its gateway (this answer comes after its --core-wait): no socket there will hold it, nothing to count.
      if (started && unsettled) {
        this.panels.settle(ticket!);
        this.panels.joins(gateway, started, Date.now());
      } else if (started && ticket && this.panels.isReserved(ticket)) this.panels.answered(ticket, Date.now() + COUNT_TRIP_MS + (within ?? settleWithinMs(DEFAULT_CORE_WAIT_MS)));
      else if (started && !(ticket && this.panels.wasGivenUp(ticket))) this.panels.holds(gateway, started, Date.now());
      else if (ticket) this.panels.settle(ticket);
      reply(answer);
    });
  }

  /** A place for the socket a login or resume will be; none for a socket already the agent's (it is counted). */
  private reserve(ticket: string | undefined, gateway: string, agent: string, origin: Origin): void {
    if (ticket && origin.principal?.agent !== agent) this.panels.reserve(ticket, gateway, agent);
  }

  /**
   * The link the gateway of this core's own listener (panels connected to the
   * core itself, its SSH panels) reaches the engine through: its sockets are
   * counted with the gateways', as one more gateway, and held to the same
   * bound, and its agents' last panel closing there means them disconnected
   * only when no gateway holds one either.
   */
  ownListener(): CoreLink {
    const core = this.core;
    return {
      onCommitted: (listener) => core.onCommitted(listener),
      onPassing: (listener) => core.onPassing(listener),
      sessions: (tokens, done) => core.sessions(tokens, done),
      submit: (frame, origin, maxReplayBytes, reply) => {
        const ticket = frame.cmd === 'session.login' || frame.cmd === 'session.resume' ? randomUUID() : undefined;
        // Settled as its answer is given, in this process: no wait on a core, no stream to hold for.
        this.admit({ frame, origin, maxReplayBytes, gateway: this.id, ticket, settleWithinMs: 0 }, (answer) => reply({ ...answer, ticket }));
      },
      agentSockets: (agent, sockets, settles) => {
        this.panels.counts(this.id, agent, sockets);
        if (settles) this.panels.settle(settles);
      },
      agentDisconnected: (agent) => {
        if (this.panels.letGo(this.id, agent)) core.agentDisconnected(agent);
      },
    };
  }

  /** The bound on one agent's sockets, counted over every gateway of the centre. */
  private get centreBound(): SocketsBound {
    return { max: this.limits.socketsPerAgent, over: 'centre' };
  }

  /**
   * Whether the agent holds as many logged-in sockets over all gateways as
   * they may, the one this command comes on not among them: the gateways'
   * word and the places reserved for logins let in since (but this one's).
   */
  private agentFull(agent: string, origin: Origin, ticket?: string): boolean {
    const own = origin.principal?.agent === agent ? 1 : 0;
    return this.panels.socketsOf(agent, ticket) - own >= this.limits.socketsPerAgent;
  }

  /**
   * A resume names its agent only through its token, so it is held to the
   * bound once answered (as a gateway does for its own sockets): the session
   * goes on in the agent's other sockets, and this one may try again.
   */
  private refuseResumePastBound(frame: CommandFrame, origin: Origin, answer: CommandAnswer, ticket?: string): CommandAnswer {
    if (frame.cmd !== 'session.resume' || !answer.session || !('session' in answer.session)) return answer;
    const agent = answer.session.session.principal.agent;
    if (!this.agentFull(agent, origin, ticket)) return answer;
    return { response: errorFrame(frame.id, tooManySessions(agent, this.centreBound).toJSON()) };
  }

  /** Gateways gone silent are taken for dead: their agents with no panel elsewhere start their grace, as if their sockets closed. */
  private gatewaysSilent(): void {
    const { gateways, agents } = this.panels.silent(Date.now());
    if (gateways.length === 0) return;
    this.log(`bus: gateway ${gateways.map((g) => g.slice(0, 8)).join(', ')} silent for ${GATEWAY_SILENT_MS / 1000} s: taken for dead, ${agents.length} agents' panels with it`);
    for (const agent of agents) this.core.agentDisconnected(agent);
  }

  /** A message the core cannot take is logged; the gateway's request times out and it answers its client. */
  private guard(msg: Msg, work: () => void): void {
    try {
      work();
    } catch (e) {
      this.log(`bus: a message on ${msg.subject} failed: ${(e as Error).stack ?? String(e)}`);
    }
  }

  private respond(msg: Msg, body: unknown): void {
    try {
      msg.respond(typeof body === 'string' ? body : JSON.stringify(body));
    } catch (e) {
      // Larger than the server's max_payload, or the connection is gone: the gateway's request times out.
      this.log(`bus: an answer on ${msg.subject} could not be sent: ${(e as Error).message}`);
    }
  }

  /** Tell gateways where this core's listener is (once it listens): they relay what they do not serve themselves there. */
  advertise(url: string): void {
    this.nc.subscribe(WHERE_SUBJECT, { queue: CORE_QUEUE, callback: (_, msg) => this.respond(msg, JSON.stringify(url)) });
  }

  /**
   * The agents the gateways hold a panel of, as they say within `waitMs`:
   * a core that starts (a restart, a takeover) broke no gateway's sockets,
   * so only the others' sessions start their grace.
   */
  async connectedAgents(waitMs = 500): Promise<Set<string>> {
    const agents = new Set<string>();
    try {
      for await (const reply of await this.nc.requestMany(AGENTS_SUBJECT, '', { strategy: RequestStrategy.Timer, maxWait: waitMs })) {
        const held = reply.json<HeldPanels>();
        for (const agent of held.agents) {
          agents.add(agent);
          this.panels.holds(held.gateway, agent, Date.now());
          this.panels.counts(held.gateway, agent, held.sockets?.[agent] ?? 1);
        }
      }
    } catch (e) {
      // No gateway at all (503): nobody is connected through one.
      if (!/503|no responders/i.test((e as Error).message)) this.log(`bus: asking the gateways for their agents failed: ${(e as Error).message}`);
    }
    return agents;
  }

  async close(): Promise<void> {
    for (const off of this.offs) off();
    await this.nc.drain();
  }
}
