import type { Origin, Principal, SocketsBound } from '../core/context.js';
import { tooManySessions } from '../core/commands/session.js';
import type { StoredEvent } from '../core/ports/store.js';
import { canSee } from '../core/protocol/audience.js';
import { liveTopic } from '../core/protocol/entities.js';
import type { EntityChange } from '../core/protocol/events.js';
import { errorFrame, frameTooLarge, MAX_FRAME_BYTES, parseCommandFrame, type CommandFrame, type ErrorBody, type FrameSender, type ResponseFrame } from '../core/protocol/frames.js';
import { MAX_VIEWS } from '../core/protocol/live.js';
import { groupedFrames } from '../core/protocol/event-group.js';
import type { RosterAnswer, StatsAnswer } from '../core/protocol/results.js';
import type { Log } from './logger.js';
import { CLOSE_LOGIN_DEADLINE } from '../core/protocol/transport.js';
import { DEFAULT_LIMITS } from './limits.js';
import { CountByKey } from '../core/limits/count-by-key.js';
import { LiveHub } from './live-hub.js';
import { frameBytes, frameText, type FrameData } from './frame-data.js';
import type { CommandAnswer, CoreLink, SessionView } from '../core/ports/core-link.js';
import { eventTextFor, toFrame } from './event-frames.js';

/** One client's end of a connection, whatever carries it (ws or in-process). */
export interface Wire {
  readonly address: string;
  /** In this process (the demo's own panel): trusted, with no deadline to log in. */
  readonly local?: boolean;
  send(text: string): void;
  close(code: number, reason: string): void;
  /** Cut at once, with no closing handshake: nothing more is queued for it. */
  terminate(): void;
  /** Bytes queued but not yet sent, where the carrier knows it. */
  bufferedBytes(): number;
}

/**
 * A client this far behind is cut; it resumes from its last event. Every frame
 * queued counts (answers, events, typing), so a socket that does not read
 * cannot make the server hold more than this for it. Before login nothing big
 * is ever sent, so the bound is much lower.
 */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;
const MAX_BUFFERED_BYTES_ANONYMOUS = 1024 * 1024;
/**
 * A replay bigger than this goes as a fresh snapshot instead (tens of KiB):
 * written in one turn, it would count against the limit above and cut the
 * very panel that is catching up, which would resume and be cut again.
 */
const MAX_REPLAY_BYTES = MAX_BUFFERED_BYTES / 4;

export class Connection {
  private who: Principal | null = null;
  /**
   * Logged in at some time: the 16 MiB bound applies from then on. A panel that
   * logs out may still have a replay of megabytes on its way, and the lower
   * bound of a socket that never logged in would cut it for that.
   */
  private loggedInOnce = false;
  private deadline: NodeJS.Timeout | null = null;
  /** Cut for falling behind or shut: nothing more is sent. */
  private cut = false;

  get principal(): Principal | null {
    return this.who;
  }

  /** Logging in or out moves the connection in the gateway's index of who is where. */
  setSession(next: SessionView | null): void {
    this.gateway.reindex(this, this.who, next);
    this.who = next?.principal ?? null;
    if (next) this.loggedInOnce = true;
    this.armDeadline();
  }

  /** Sequence of the last event sent, so a resumed stream has no duplicates. */
  lastSeq = 0;
  /** Live topics followed without asking (the panel's own queues' figures), for the principal now in force. */
  defaults: string[] = [];
  /** Live topics each view of this panel follows (roster.subscribe, stats.subscribe), by `kind:view`. */
  readonly views = new Map<string, string[]>();

  constructor(
    readonly wire: Wire,
    private readonly gateway: AgentGateway,
    private readonly loginDeadlineMs: number,
  ) {
    this.armDeadline();
  }

  /** Handle one text frame from the client. Whatever the frame, it is answered and the server goes on. */
  receive(data: FrameData): void {
    if (this.cut) return;
    const bytes = frameBytes(data);
    if (bytes > MAX_FRAME_BYTES) {
      this.wire.close(1009, 'Frame larger than 1 MiB');
      return;
    }
    const tooLarge = frameTooLarge(bytes, this.sender());
    if (tooLarge) {
      // Not decoded, so its id is not known: the answer comes in its turn with re null.
      this.inOrder()(() => this.reply(errorFrame(null, tooLarge)));
      return;
    }
    const parsed = parseCommandFrame(frameText(data));
    const answer = this.inOrder();
    if (!parsed.ok) {
      answer(() => this.reply(parsed.response));
      return;
    }
    try {
      this.gateway.dispatch(this, parsed.frame, answer);
    } catch (e) {
      this.gateway.failed(this, e);
      answer(() => this.reply(errorFrame(parsed.frame.id, { code: 'INTERNAL', message: 'Something went wrong on the server; try again.' })));
    }
  }

  /** Who sends on this connection, for the size of frame it may send (the demo's own panel is trusted). */
  private sender(): FrameSender {
    if (this.wire.local) return 'supervisor';
    if (!this.who) return 'anonymous';
    return this.who.supervisor ? 'supervisor' : 'agent';
  }

  /** A binary frame: refused, in its turn among the answers. */
  receiveBinary(): void {
    if (this.cut) return;
    this.inOrder()(() => this.reply({ v: 1, re: null, ok: false, error: { code: 'BAD_FRAME', message: 'Frames must be JSON text, not binary.' } }));
  }

  /**
   * Answers owed, in the order their frames came. A command is answered once
   * its group is committed, a malformed frame at once: the second waits for
   * the first, so a panel reads its answers in the order it sent its frames.
   */
  private readonly owed: Array<{ ready: (() => void) | null }> = [];

  /** A place in the order of answers; `answer(send)` sends when every answer before it has gone. */
  private inOrder(): (send: () => void) => void {
    const slot: { ready: (() => void) | null } = { ready: null };
    this.owed.push(slot);
    return (send) => {
      slot.ready ??= send;
      while (this.owed[0]?.ready) this.owed.shift()!.ready!();
    };
  }

  reply(response: ResponseFrame): void {
    this.send(JSON.stringify(response));
  }

  /** Queue a frame; a client that lets too much pile up is cut at once. */
  send(text: string): void {
    if (this.cut) return;
    this.wire.send(text);
    const limit = this.loggedInOnce ? MAX_BUFFERED_BYTES : MAX_BUFFERED_BYTES_ANONYMOUS;
    if (this.wire.bufferedBytes() > limit) this.shut(`dropping slow client ${this.who?.agent ?? 'not logged in'} at ${this.wire.address}`);
  }

  /** Cut the connection now and forget it; `why` goes to the log once. */
  shut(why: string): void {
    if (this.cut) return;
    this.cut = true;
    this.gateway.log(why);
    this.wire.terminate();
    this.closed();
  }

  closed(): void {
    if (this.deadline) clearTimeout(this.deadline);
    this.deadline = null;
    this.gateway.forget(this);
  }

  /** A connection that is not logged in must log in in time; the demo's own panel need not. */
  private armDeadline(): void {
    if (this.deadline) clearTimeout(this.deadline);
    this.deadline = null;
    if (this.who || this.wire.local || this.cut) return;
    this.deadline = setTimeout(() => {
      this.deadline = null;
      if (this.who || this.cut) return;
      this.wire.close(CLOSE_LOGIN_DEADLINE, `Log in within ${Math.round(this.loginDeadlineMs / 1000)} s`);
    }, this.loginDeadlineMs);
    this.deadline.unref?.();
  }
}

/**
 * The protocol front of the core: parses frames, runs commands, and fans
 * committed events out to the connections allowed to see them. Each event is
 * serialised once, however many agents receive it. The core is the engine in
 * this process or, in a cluster, a core reached over NATS (CoreLink).
 */
export class AgentGateway {
  private readonly connections = new Set<Connection>();
  private readonly unsubscribe: () => void;
  /** Connections not logged in, per address: one address may hold only so many (see mayOpen). */
  private readonly anonymous = new CountByKey();
  private readonly loginDeadlineMs: number;
  /** A cluster's gateway learns it from the active core (setSocketsPerAgent). */
  private socketsPerAgent: number;
  /** A cluster's gateway holds the agent to the centre's bound, over every gateway: its refusals say so. */
  private readonly socketsCountedOver: SocketsBound['over'];
  /** Conflated figures and presence, batched per interval (live-hub.ts). */
  private readonly live: LiveHub<Connection>;
  private shut = false;
  /** Committed groups not fanned out yet: they wait while the sessions are derived again after a configuration change. */
  private readonly backlog: Array<{ events: StoredEvent[]; live: EntityChange[]; refreshed: boolean }> = [];
  private refreshing = false;
  /** The ticket of the login or resume being answered: the count it changes settles its place at the core (reindex). */
  private settling: string | undefined;

  constructor(
    private readonly core: CoreLink,
    readonly log: Log = () => {},
    options: { loginDeadlineMs?: number; liveIntervalMs?: number; socketsPerAgent?: number; socketsCountedOver?: SocketsBound['over'] } = {},
  ) {
    this.loginDeadlineMs = options.loginDeadlineMs ?? DEFAULT_LIMITS.loginDeadlineMs;
    this.socketsPerAgent = options.socketsPerAgent ?? DEFAULT_LIMITS.socketsPerAgent;
    this.socketsCountedOver = options.socketsCountedOver ?? 'server';
    this.live = new LiveHub(options.liveIntervalMs ?? DEFAULT_LIMITS.liveIntervalMs, (c, text) => c.send(text));
    const offEvents = core.onCommitted((events, live) => {
      this.backlog.push({ events, live, refreshed: false });
      this.drain();
    });
    const offPassing = core.onPassing((event) => {
      // Passing events (typing) carry no sequence number and are never replayed.
      const text = JSON.stringify({ v: 1, ev: event.ev, at: new Date(event.at).toISOString(), data: event.data });
      for (const c of this.candidates(event.audience)) {
        const who = c.principal;
        if (who && canSee(event.audience, who)) c.send(text);
      }
    });
    this.unsubscribe = () => {
      offEvents();
      offPassing();
    };
  }

  open(wire: Wire): Connection {
    this.anonymous.add(wire.address);
    const connection = new Connection(wire, this, this.loginDeadlineMs);
    this.connections.add(connection);
    return connection;
  }

  forget(connection: Connection): void {
    if (!this.connections.delete(connection)) return;
    if (connection.principal) this.reindex(connection, connection.principal, null, false);
    else this.anonymous.remove(connection.wire.address);
  }

  /** The centre's bound on one agent's logged-in sockets, as its core says (bus/nats-core-link.ts onLimits). */
  setSocketsPerAgent(max: number): void {
    if (max !== this.socketsPerAgent) this.log(`gateway: an agent may hold ${max} logged-in connection${max === 1 ? '' : 's'} (the core's security.socketsPerAgent)`);
    this.socketsPerAgent = max;
  }

  /** The bound on one agent's sockets, as a refusal names it. */
  private get socketsBound(): SocketsBound {
    return { max: this.socketsPerAgent, over: this.socketsCountedOver };
  }

  /** Whether the agent holds as many logged-in sockets here as they may, this one not among them. */
  private agentFull(connection: Connection, agent: string): boolean {
    const held = this.byAgent.get(agent);
    return !held?.has(connection) && (held?.size ?? 0) >= this.socketsPerAgent;
  }

  /**
   * Who sends the frame, for the core: with a login naming an agent who has
   * as many sockets here as they may, that bound, so the core refuses it
   * before issuing a token; with a resume, how to ask the same of the agent
   * its token names, so the core refuses it before sliding the token on (over
   * the bus the core asks its own count; the answer is held to the bound
   * again below, in `answer`, for this gateway's sockets).
   */
  private originOf(connection: Connection, frame: CommandFrame): Origin {
    const origin: Origin = { principal: connection.principal, address: connection.wire.address };
    const agent = frame.cmd === 'session.login' ? (frame.args as { agent?: unknown } | undefined)?.agent : undefined;
    if (typeof agent === 'string' && this.agentFull(connection, agent.trim())) origin.agentSocketsFull = this.socketsBound;
    if (frame.cmd === 'session.resume') origin.agentSocketsFullFor = (named) => (this.agentFull(connection, named) ? this.socketsBound : undefined);
    return origin;
  }

  /** Connections from this address that have not logged in. */
  anonymousFrom(address: string): number {
    return this.anonymous.count(address);
  }

  /** A command failed in a way the core did not foresee: log it whole, the connection is answered and goes on. */
  failed(connection: Connection, e: unknown): void {
    this.log(`command from ${connection.wire.address} failed: ${(e as Error)?.stack ?? String(e)}`);
  }

  /**
   * Logged-in connections by agent, by messaging queue and by campaign of
   * their principal, and supervisors': an event meant for a few is checked
   * against those few, not against every connection.
   */
  private readonly byAgent = new Map<string, Set<Connection>>();
  private readonly byQueue = new Map<string, Set<Connection>>();
  private readonly byCampaign = new Map<string, Set<Connection>>();
  private readonly supervisors = new Set<Connection>();

  reindex(c: Connection, before: Principal | null, next: SessionView | null, open = this.connections.has(c)): void {
    const after = next?.principal ?? null;
    if (open && !before && after) this.anonymous.remove(c.wire.address);
    if (open && before && !after) this.anonymous.add(c.wire.address);
    if (before) {
      unindex(this.byAgent, before.agent, c);
      // The same agent again (sessions derived anew after a configuration change): their count does not move.
      if (after?.agent !== before.agent || !open) this.core.agentSockets?.(before.agent, this.byAgent.get(before.agent)?.size ?? 0);
      if (!this.byAgent.has(before.agent) && after?.agent !== before.agent) this.lastConnectionGone(before.agent);
      for (const q of before.queues) unindex(this.byQueue, q, c);
      for (const k of before.campaigns) unindex(this.byCampaign, k, c);
      this.supervisors.delete(c);
      this.live.unfollow(c, c.defaults);
      c.defaults = [];
      if (!after || after.sessionId !== before.sessionId) this.dropViews(c);
    }
    if (after && open) {
      index(this.byAgent, after.agent, c);
      const settles = this.settling;
      this.settling = undefined;
      // One word for both: the count with this socket in it, and the place reserved for it freed, never one without the other.
      if (before?.agent !== after.agent || settles) this.core.agentSockets?.(after.agent, this.byAgent.get(after.agent)!.size, settles);
      for (const q of after.queues) index(this.byQueue, q, c);
      for (const k of after.campaigns) index(this.byCampaign, k, c);
      if (after.supervisor) this.supervisors.add(c);
      c.defaults = next!.defaults;
      this.live.follow(c, c.defaults);
    }
  }

  /**
   * The agent has no connection left: tell the engine (the status-change
   * trigger's grace starts), once the event fan-out under way is done (a
   * transaction inside it would interleave its events with the ones being
   * sent), and only if no connection of theirs came back meanwhile.
   */
  private lastConnectionGone(agent: string): void {
    queueMicrotask(() => {
      if (!this.shut && !this.byAgent.has(agent)) this.core.agentDisconnected(agent);
    });
  }

  /** Who might see an event: everyone for `all`, else the agents, queue and campaign members named, and supervisors. */
  private candidates(audience: StoredEvent['audience']): Iterable<Connection> {
    if (audience.all) return this.connections;
    const out = new Set<Connection>();
    for (const agent of audience.agents ?? []) for (const c of this.byAgent.get(agent) ?? []) out.add(c);
    for (const q of audience.queues ?? []) for (const c of this.byQueue.get(q) ?? []) out.add(c);
    for (const k of audience.campaigns ?? []) for (const c of this.byCampaign.get(k) ?? []) out.add(c);
    if (audience.supervisors) for (const c of this.supervisors) out.add(c);
    return out;
  }

  private dropViews(c: Connection): void {
    for (const topics of c.views.values()) this.live.unfollow(c, topics);
    c.views.clear();
  }

  connectionCount(): number {
    return this.connections.size;
  }

  /** How many logged-in connections each agent with one here holds (what a starting core asks its gateways). */
  socketsByAgent(): Record<string, number> {
    return Object.fromEntries([...this.byAgent].map(([agent, held]) => [agent, held.size]));
  }

  /** Connections of logged-in agents (what /healthz calls agents). */
  loggedInCount(): number {
    let n = 0;
    for (const set of this.byAgent.values()) n += set.size;
    return n;
  }

  close(): void {
    // Shutting down is not the agents' panels going away.
    this.shut = true;
    this.unsubscribe();
    this.live.close();
    for (const c of [...this.connections]) {
      c.wire.close(1001, 'Server shutting down');
      c.closed();
    }
  }

  /**
   * Run a client's command. It commits with whatever else arrives in this
   * turn (group commit) and is answered once that is on disk, after the
   * answers to the frames this connection sent before it.
   */
  dispatch(connection: Connection, frame: CommandFrame, inOrder: (send: () => void) => void = (send) => send()): void {
    this.core.submit(frame, this.originOf(connection, frame), MAX_REPLAY_BYTES, (answer) =>
      inOrder(() => {
        this.settling = answer.ticket;
        try {
          // Closed while its command waited for the group's commit: nobody to answer.
          if (this.connections.has(connection)) this.answer(connection, frame, answer);
        } catch (e) {
          this.failed(connection, e);
          connection.reply(errorFrame(frame.id, { code: 'INTERNAL', message: 'Something went wrong on the server; try again.' }));
        } finally {
          this.settleUnused(answer);
        }
      }),
    );
  }

  /** A session start that added no socket here (refused here, its socket closed meanwhile): its place at the core is freed. */
  private settleUnused({ session: start }: CommandAnswer): void {
    const ticket = this.settling;
    this.settling = undefined;
    if (ticket === undefined || !start || !('session' in start)) return;
    const agent = start.session.principal.agent;
    this.core.agentSockets?.(agent, this.byAgent.get(agent)?.size ?? 0, ticket);
  }

  /** Send a committed command's answer, completing login (snapshot) and resume (replay) on the way. */
  private answer(connection: Connection, frame: CommandFrame, { response, session: start }: CommandAnswer): void {
    if (!response.ok) {
      connection.reply(response);
      return;
    }
    const result = response.result as Record<string, unknown>;
    if (start && 'ended' in start) {
      // A retried login whose session has since ended.
      connection.reply(errorFrame(frame.id, start.ended));
      return;
    }
    if (start && this.agentFull(connection, start.session.principal.agent)) {
      // The session goes on in the agent's other sockets; this one stays open, not logged in, and may try again.
      connection.reply(errorFrame(frame.id, tooManySessions(start.session.principal.agent, this.socketsBound).toJSON()));
      return;
    }
    if (start && frame.cmd === 'session.login' && 'snapshot' in start) {
      connection.setSession(start.session);
      connection.lastSeq = start.snapshot.seq;
      connection.reply({ ...response, result: { ...result, snapshot: start.snapshot } });
      return;
    }
    if (start && frame.cmd === 'session.resume') {
      const principal = start.session.principal;
      connection.setSession(start.session);
      // Who the session belongs to (never the token): the client needs it to watch its own session.
      const who = { agent: principal.agent, sessionId: principal.sessionId, supervisor: principal.supervisor };
      const expiresAt = result.expiresAt as number;
      if ('snapshot' in start) {
        connection.lastSeq = start.snapshot.seq;
        connection.reply({ ...response, result: { resumed: true, replayed: 0, principal: who, expiresAt, snapshot: start.snapshot } });
        return;
      }
      const { frames, lastSeq, live } = start.replay;
      connection.reply({ ...response, result: { resumed: true, replayed: frames.length, principal: who, expiresAt } });
      for (const text of frames) connection.send(text);
      connection.lastSeq = Math.max(connection.lastSeq, lastSeq);
      this.live.sendNow(connection, live);
      return;
    }
    if (frame.cmd === 'session.logout') connection.setSession(null);
    if (frame.cmd === 'roster.subscribe' || frame.cmd === 'stats.subscribe') {
      const refused = this.follow(connection, frame.cmd, String((frame.args as { view: string }).view), result as unknown as RosterAnswer | StatsAnswer);
      if (refused) return connection.reply(errorFrame(frame.id, refused));
    }
    if (frame.cmd === 'roster.unsubscribe' || frame.cmd === 'stats.unsubscribe') this.unfollowView(connection, frame.cmd, String((frame.args as { view: string }).view));
    connection.reply(response);
  }

  /**
   * What a view follows from now on, replacing what it followed: the agents
   * or figures of the subscribe's answer. A connection holds at most
   * MAX_VIEWS views (screens on it at once); one more is refused.
   */
  private follow(c: Connection, cmd: 'roster.subscribe' | 'stats.subscribe', view: string, answer: RosterAnswer | StatsAnswer): ErrorBody | null {
    const key = `${cmd.split('.')[0]}:${view}`;
    if (!c.views.has(key) && c.views.size >= MAX_VIEWS)
      return { code: 'TOO_MANY_VIEWS', message: `One panel may follow at most ${MAX_VIEWS} views at once; unsubscribe one first.` };
    const topics =
      'agents' in answer
        ? answer.agents.map((a) => liveTopic('agent', a))
        : [...answer.queueStats.map((s) => liveTopic('queueStats', s)), ...answer.mqueueStats.map((s) => liveTopic('mqueueStats', s)), ...answer.campaignStats.map((s) => liveTopic('campaignStats', s))];
    this.live.follow(c, topics);
    this.live.unfollow(c, c.views.get(key) ?? []);
    c.views.set(key, topics);
    return null;
  }

  private unfollowView(c: Connection, cmd: 'roster.unsubscribe' | 'stats.unsubscribe', view: string): void {
    const key = `${cmd.split('.')[0]}:${view}`;
    this.live.unfollow(c, c.views.get(key) ?? []);
    c.views.delete(key);
  }

  /**
   * A committed group: each event serialised once, and each connection sent
   * at once the events it may see, together in one frame (event-group.ts);
   * the live changes (figures, presence) go to the hub, which batches them to
   * their followers.
   */
  private fanOut(events: StoredEvent[], live: EntityChange[]): void {
    const outbox = new Map<Connection, string[]>();
    for (const event of events) {
      let text: string | null = null;
      for (const c of this.candidates(event.audience)) {
        const who = c.principal;
        if (!who || event.seq <= c.lastSeq) continue;
        if (!canSee(event.audience, who)) continue;
        c.lastSeq = event.seq;
        const frame = event.ev === 'catalog.updated' ? eventTextFor(event, who) : (text ??= JSON.stringify(toFrame(event)));
        const queued = outbox.get(c);
        if (queued) queued.push(frame);
        else outbox.set(c, [frame]);
        this.noticeSessionEnd(c, event);
      }
    }
    for (const [c, texts] of outbox) for (const frame of groupedFrames(texts)) c.send(frame);
    this.live.changes(live);
  }

  /**
   * Fan out the committed groups in order. A new configuration may move
   * agents between queues and campaigns: who sees what follows it before its
   * transaction's events (assignments to the new members among them) go out,
   * so that group and those after it wait for the sessions to be derived again.
   */
  private drain(): void {
    while (!this.refreshing && this.backlog.length > 0) {
      const next = this.backlog[0]!;
      if (!next.refreshed && next.events.some((e) => e.ev === 'catalog.updated')) {
        next.refreshed = true;
        this.refreshSessions();
        continue;
      }
      this.backlog.shift();
      this.fanOut(next.events, next.live);
    }
  }

  /** Derive every logged-in connection's session again from its token and the configuration now in force. */
  private refreshSessions(): void {
    const loggedIn = [...this.connections].filter((c) => c.principal);
    this.refreshing = true;
    this.core.sessions(
      loggedIn.map((c) => c.principal!.token),
      (sessions) => {
        sessions.forEach((session, i) => {
          // A session that ended meanwhile: its own events say so.
          if (session && this.connections.has(loggedIn[i]!)) loggedIn[i]!.setSession(session);
        });
        this.refreshing = false;
        this.drain();
      },
    );
  }

  /** A session ended elsewhere (logout, takeover): this connection is no longer logged in. */
  private noticeSessionEnd(c: Connection, event: StoredEvent): void {
    if (event.ev !== 'agent.updated' || !c.principal) return;
    const agent = event.data.agent as { id: string; session: { id: string } | null };
    if (agent.id === c.principal.agent && agent.session?.id !== c.principal.sessionId) c.setSession(null);
  }
}


function index(map: Map<string, Set<Connection>>, key: string, c: Connection): void {
  const set = map.get(key);
  if (set) set.add(c);
  else map.set(key, new Set([c]));
}

function unindex(map: Map<string, Set<Connection>>, key: string, c: Connection): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(c);
  if (set.size === 0) map.delete(key);
}
