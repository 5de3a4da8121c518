import { randomUUID } from 'node:crypto';
import { RequestStrategy, type Msg, type NatsConnection } from 'nats';
import { connectNats } from './nats-connect.js';
import { beatEvery } from './heartbeat.js';
import { errorFrame, type CommandFrame } from '../core/protocol/frames.js';
import type { Origin } from '../core/context.js';
import type { CoreLink } from '../core/ports/core-link.js';
import { PanelHolders } from './panel-holders.js';
import { AGENTS_SUBJECT, ALIVE_SUBJECT, BEAT_MS, COMMAND_SUBJECT, GATEWAY_ALIVE_SUBJECT, GATEWAY_BEAT_MS, GATEWAY_SILENT_MS, WHERE_SUBJECT, CORE_QUEUE, GONE_SUBJECT, LIVE_SUBJECT, PASSING_SUBJECT, SESSIONS_SUBJECT } from './core-subjects.js';

const TOO_LARGE = { code: 'INTERNAL', message: 'The answer is too large for the link between the core and your gateway (NATS max_payload); ask the administrator to raise it to 8MB.' } as const;

/** A command as a gateway sends it. */
export interface CommandRequest {
  frame: CommandFrame;
  origin: Origin;
  maxReplayBytes: number;
  /** The gateway's id: a login or resume through it means it holds a panel of that agent. */
  gateway: string;
}

/** A gateway's word that an agent's last panel on it closed. */
export interface PanelGone {
  agent: string;
  gateway: string;
}

/** A gateway's answer to a starting core: the agents it holds panels of. */
export interface HeldPanels {
  gateway: string;
  agents: string[];
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
  private readonly panels = new PanelHolders(GATEWAY_SILENT_MS);

  private constructor(
    private readonly nc: NatsConnection,
    private readonly core: CoreLink,
    private readonly lastSeq: () => number,
    private readonly log: (line: string) => void,
  ) {}

  static async start(url: string, core: CoreLink, lastSeq: () => number, log: (line: string) => void): Promise<NatsCoreService> {
    const nc = await connectNats(url, 'switchboard-core');
    const service = new NatsCoreService(nc, core, lastSeq, log);
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
    this.nc.subscribe(GATEWAY_ALIVE_SUBJECT, { callback: (_, msg) => this.panels.heardFrom(msg.string(), Date.now()) });
    const watch = setInterval(() => this.gatewaysSilent(), GATEWAY_BEAT_MS);
    watch.unref();
    this.offs.push(() => clearInterval(watch));
    this.offs.push(this.core.onCommitted((_, live) => live.length > 0 && this.nc.publish(LIVE_SUBJECT, JSON.stringify(live))));
    this.offs.push(this.core.onPassing((event) => this.nc.publish(PASSING_SUBJECT, JSON.stringify(event))));
    this.offs.push(beatEvery(this.nc, ALIVE_SUBJECT, this.id, BEAT_MS));
  }

  private command(msg: Msg): void {
    const { frame, origin, maxReplayBytes, gateway } = msg.json<CommandRequest>();
    this.core.submit(frame, origin, maxReplayBytes, (answer) => {
      if (answer.session && 'session' in answer.session) this.panels.holds(gateway, answer.session.session.principal.agent, Date.now());
      const body = JSON.stringify({ ...answer, seq: this.lastSeq() });
      if (Buffer.byteLength(body) <= this.nc.info!.max_payload) return this.respond(msg, body);
      this.log(`bus: the answer to ${frame.cmd} is ${Buffer.byteLength(body)} bytes, more than the NATS server's max_payload (${this.nc.info!.max_payload})`);
      this.respond(msg, JSON.stringify({ response: errorFrame(frame.id, TOO_LARGE), seq: this.lastSeq() }));
    });
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
