import { randomUUID } from 'node:crypto';
import type { Snapshot } from '../core/protocol/snapshot.js';
import { commandSchemas, type CommandArgs, type CommandName } from '../core/protocol/commands.js';
import type { ErrorCode } from '../core/protocol/error-codes.js';
import type { CheckResult, CommandResult } from '../core/protocol/results.js';
import type { EventFrame } from '../core/protocol/events.js';
import { framesIn } from '../core/protocol/event-group.js';
import type { ResponseFrame } from '../core/protocol/frames.js';
import { CLOSE_LOGIN_DEADLINE, type Transport, type TransportFactory } from '../core/protocol/transport.js';
import { LIVE_BATCH_EVENT, type LiveUpdate } from '../core/protocol/live.js';
import { CommandJournal } from './journal.js';
import { ClientStore } from './store.js';
import { parsePrintable } from './printable.js';

export type ConnectionState = 'idle' | 'connecting' | 'online' | 'offline' | 'closed';
export type SessionState = 'logged-out' | 'logged-in' | 'broken';

/** Refusals the client makes itself, when it cannot ask the server or before it does. */
export type LocalErrorCode =
  | 'OFFLINE'
  | 'CLOSED'
  | 'CONNECT_FAILED'
  /** A script gave up waiting for the server (switchboard dispose --timeout). */
  | 'NO_ANSWER'
  | 'UPLOAD_FAILED'
  | 'DOWNLOAD_FAILED'
  | 'DISK_FULL'
  | 'FILE_EXISTS'
  | 'NO_SUCH_FOLDER'
  | 'CANNOT_WRITE'
  | 'NO_WEB_ADDRESS'
  | 'PATH_REQUIRED'
  | 'NOT_A_FILE'
  | 'FILE_UNREADABLE'
  | 'BAD_FIELD'
  /** An HTTP refusal that did not say its code (not JSON). */
  | `HTTP_${number}`;

/** A refusal from the server (or from the client when it cannot ask). */
export class ClientError extends Error {
  constructor(
    readonly code: ErrorCode | LocalErrorCode,
    message: string,
    /** What the server added to say exactly what was wrong, e.g. `{field}` of a form. */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ClientError';
  }
}

export interface ClientOptions {
  transport: TransportFactory;
  /** Where unacknowledged commands are kept; null keeps them in memory. */
  journalPath?: string | null;
  /** A journal shared with other panels of the same agent in this process (the SSH server); overrides journalPath. */
  journal?: CommandJournal;
  reconnect?: { initialMs: number; maxMs: number };
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: ClientError) => void;
  frame: string;
  journaled: boolean;
  /** Sent from the journal once the session was back (kept offline, cut in flight, or from an earlier run): its answer is told to onLateAnswer. */
  late?: { cmd: string; args: Record<string, unknown>; awaited: boolean };
  /** Applied to the store as the answer is read, before the next frame of its burst (a view's answer: later changes build on it). */
  apply?: (result: unknown) => void;
}

export type LoginResult = CommandResult<'session.login'>;

/**
 * A journaled command delivered after a reconnect or the next login, and its
 * answer: the agent typed it during the outage (or before the panel was
 * killed) and would not know it went through, or why it did not.
 */
export type LateAnswer = {
  cmd: string;
  args: Record<string, unknown>;
  /** Someone in this run of the panel still awaited it (and says its outcome), rather than a command from an earlier run or a lost session. */
  awaited: boolean;
} & ({ ok: true; result: unknown } | { ok: false; error: ClientError });

const SESSION_GONE = new Set(['NOT_LOGGED_IN', 'SESSION_BROKEN', 'TOKEN_EXPIRED', 'LOGGED_OUT_ELSEWHERE']);

/** Refusals of a resume after which its token works no more: the agent logs in again. Any other leaves it as good as it was. */
export const TOKEN_GONE = new Set<string>(['SESSION_BROKEN', 'TOKEN_EXPIRED', 'LOGGED_OUT_ELSEWHERE']);

/** Said on the login screen when the server could not say why the session ended elsewhere. */
const ENDED_ELSEWHERE = 'You were logged out from another panel or a script. Log in again to go on working.';

/** Failures the client itself reports (the link dropped, the client closed): no refusal of the server's. */
const LOCAL_CODES = new Set<string>(['OFFLINE', 'CLOSED', 'CONNECT_FAILED', 'NO_ANSWER']);

/**
 * Commands that only make sense on a live connection; everything else is journaled.
 * conversations.list is a read of pages for a screen: kept on disk and sent after a
 * reconnect it would only answer a question nobody is asking any more.
 */
/**
 * Reads and session steps: they make sense only on a live connection and are never journaled.
 * A write is never here, however large: contacts.import was, and a server restarted in the
 * middle of a file failed the import (OFFLINE) with the parts before in and the rest unsent;
 * journaled, as leads.import, the part in flight is sent again with its id once the server is
 * back (answered once), and the file goes on.
 */
const LIVE_ONLY_COMMANDS = [
  'session.check',
  'session.login',
  'session.resume',
  'session.logout',
  'sys.ping',
  'conversations.list',
  'conversation.messages',
  'conversation.history',
  'roster.subscribe',
  'roster.unsubscribe',
  'stats.subscribe',
  'stats.unsubscribe',
  'directory.lookup',
  // A typing notice delivered late from the journal would be wrong: it passes now, or not at all.
  'agentchat.typing',
  'conversation.typing',
  'conversation.pastHistory',
  'contacts.search',
  'contacts.suggest',
  'contacts.watch',
  'contact.get',
  'contact.history',
] as const satisfies readonly CommandName[];
const LIVE_ONLY = new Set<string>(LIVE_ONLY_COMMANDS);

/** Every command the journal can hold: kept on disk and delivered late, so each needs words for the late-answer notice. */
export type JournaledCommand = Exclude<CommandName, (typeof LIVE_ONLY_COMMANDS)[number]>;
export const JOURNALED_COMMANDS = (Object.keys(commandSchemas) as CommandName[]).filter((cmd): cmd is JournaledCommand => !LIVE_ONLY.has(cmd));

/** What a screen follows live: colleagues (roster) or queues' figures beyond the panel's own (stats). */
export type FollowKind = 'roster' | 'stats';
export type FollowArgs = { roster: CommandArgs<'roster.subscribe'>; stats: CommandArgs<'stats.subscribe'> };

/** A reason as a sentence: a full stop unless it ends with its own. */
function sentence(reason: string): string {
  return /[.?!]$/.test(reason) ? reason : `${reason}.`;
}

/** Why a command cannot be sent now: the server out of reach, or not taking the session back yet. */
function offlineSentence(lastFailure: string | null, resumeRefused: string | null): string {
  if (resumeRefused) return `The server has not taken your session back: ${sentence(resumeRefused)} Trying again shortly.`;
  return lastFailure ? `Cannot reach the server: ${sentence(lastFailure)} Trying again shortly.` : 'Not connected to the server. Trying again shortly.';
}

/**
 * An agent's session as a client sees it: one API for the panel and for
 * scripts. It keeps the store up to date from the snapshot and events,
 * reconnects with backoff and resumes without missing an event, and delivers
 * commands issued while disconnected exactly once when it is back.
 */
export class AgentClient {
  readonly store = new ClientStore();
  connection: ConnectionState = 'idle';
  session: SessionState = 'logged-out';
  brokenMessage: string | null = null;
  /**
   * Why the agent is at the login screen though they did not log out here:
   * the server's sentence for a logout from another panel or a script
   * (LOGGED_OUT_ELSEWHERE, with when and from where). Null once logged in.
   */
  endedElsewhere: string | null = null;
  /**
   * Why the server would not take the session back on the new connection,
   * while the panel waits and tries again (TOO_MANY_SESSIONS, no core
   * answering): the refusal's sentence, for the panel to say instead of a
   * bare "reconnecting". Null once resumed.
   */
  resumeRefused: string | null = null;
  token: string | null = null;
  /** When the token stops working (the server slides it on at each resume). */
  tokenExpiresAt: number | null = null;
  agent: string | null = null;
  private sessionId: string | null = null;
  private transport: Transport | null = null;
  private readonly pending = new Map<string, Pending>();
  private readonly journal: CommandJournal;
  private readonly listeners = new Set<() => void>();
  private readonly eventListeners = new Set<(event: EventFrame) => void>();
  private readonly lateListeners = new Set<(answer: LateAnswer) => void>();
  /** The transport is open (commands may be sent), though a resume may still be under way. */
  private linkUp = false;
  /** A logout of this client's own is under way (see logout). */
  private loggingOut = false;
  private attempt = 0;
  /** Why the last try to connect failed, said while it is tried again ("Not connected" alone leaves the agent guessing). */
  private lastFailure: string | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private closing = false;
  /** The views screens follow, by `kind:view`, with the request each was last asked with (`asked` tells answers apart). */
  private readonly follows = new Map<string, { kind: FollowKind; args: FollowArgs[FollowKind]; asked: number }>();
  private asked = 0;
  /** Agents whose directory row is being asked for, and those the server does not know (never asked again). */
  private readonly lookingUp = new Set<string>();
  private readonly unknownAgents = new Set<string>();
  private readonly toLookUp = new Set<string>();
  private knowsAll = false;
  /** Lists collecting the commands sent while a key is handled (see watchSends). */
  private readonly watchers = new Set<Promise<unknown>[]>();

  constructor(private readonly options: ClientOptions) {
    this.journal = options.journal ?? new CommandJournal(options.journalPath ?? null);
  }

  /** Open the connection; resolves once it is up. */
  connect(): Promise<void> {
    this.closing = false;
    return new Promise((resolve, reject) => this.open(resolve, reject));
  }

  /** Verify credentials and learn what this agent may log in to. */
  check(args: CommandArgs<'session.check'>): Promise<CheckResult> {
    return this.request('session.check', args);
  }

  /**
   * Log in. The session is taken as the answer is read, before the frames of
   * its burst that follow it: an event among them that ends the session (a
   * logout from a script at that moment) is then seen as ending ours.
   */
  login(args: CommandArgs<'session.login'>): Promise<LoginResult> {
    return this.request('session.login', args, (result) => {
      this.token = result.token;
      this.tokenExpiresAt = result.expiresAt;
      this.agent = result.snapshot.me;
      // The snapshot is already in the store (see receiveFrame).
      this.sessionId = this.store.myAgent()?.session?.id ?? null;
      this.loggedIn();
    });
  }

  /** Resume a session by token (after a reconnect, or a panel restart); taken as the answer is read, as a login is. */
  async resume(token: string): Promise<void> {
    await this.request('session.resume', { token, lastSeq: this.store.lastSeq }, (result) => {
      this.token = token;
      this.tokenExpiresAt = result.expiresAt;
      this.agent = result.principal.agent;
      this.sessionId = result.principal.sessionId;
      this.connection = 'online';
      this.resumeRefused = null;
      // Back in: the next drop starts its waits short again.
      this.attempt = 0;
      this.loggedIn();
    });
  }

  /** The session is ours (login, resume): commands kept for it go out, and what the screens follow is asked again. */
  private loggedIn(): void {
    this.session = 'logged-in';
    this.brokenMessage = null;
    this.endedElsewhere = null;
    this.changed();
    this.deliverJournal();
    // What a panel follows lives with its connection: a new one is asked again.
    this.followAgain();
  }

  /**
   * Follow live what a screen shows, under a name of its own (`view`): the
   * colleagues it lists (roster) or queues' figures beyond the panel's own
   * (stats). Their state arrives now and their changes in the server's
   * batches; asking again under the same view replaces what it follows. Kept
   * across reconnects (asked again after every resume) until `unfollow`.
   */
  follow<K extends FollowKind>(kind: K, args: FollowArgs[K]): void {
    const key = `${kind}:${args.view}`;
    const entry = { kind, args, asked: ++this.asked };
    this.follows.set(key, entry);
    this.ask(key, entry);
  }

  /** The screen no longer shows it: the server stops sending it and the store forgets the colleagues no other view follows. */
  unfollow(kind: FollowKind, view: string): void {
    if (!this.follows.delete(`${kind}:${view}`)) return;
    if (kind === 'roster') this.store.unfollow(view);
    if (this.connection === 'online' && this.session === 'logged-in') this.request(`${kind}.unsubscribe`, { view }).catch(() => {});
  }

  /**
   * Learn the names (directory rows) of agents a screen names but does not
   * follow: the store gets them (catalog.agents) once the server answers.
   */
  learnAgents(ids: Iterable<string>): void {
    const wanted = [...new Set(ids)].filter((id) => id && !this.store.directoryRow(id) && !this.lookingUp.has(id) && !this.unknownAgents.has(id));
    if (wanted.length === 0) return;
    if (this.connection !== 'online' || this.session !== 'logged-in') {
      // Asked for once the session is back (followAgain).
      for (const id of wanted) this.toLookUp.add(id);
      return;
    }
    for (const id of wanted) this.lookingUp.add(id);
    this.request('directory.lookup', { agents: wanted }).then(
      ({ directory }) => {
        const found = new Set(directory.map((r) => r.number));
        for (const id of wanted) if (!found.has(id)) this.unknownAgents.add(id);
        for (const id of wanted) this.lookingUp.delete(id);
        this.store.addDirectory(directory);
      },
      () => {
        for (const id of wanted) this.lookingUp.delete(id);
      },
    );
  }

  /** Learn every agent's directory row (a list to choose colleagues from); asked once per session. */
  learnAllAgents(): void {
    if (this.knowsAll || this.connection !== 'online' || this.session !== 'logged-in') return;
    this.knowsAll = true;
    this.request('directory.lookup', { all: true }).then(
      ({ directory }) => this.store.addDirectory(directory),
      () => (this.knowsAll = false),
    );
  }

  /**
   * A new configuration may change colleagues' rows (queues, capacity) and
   * add or remove agents: the rows learned by lookup are asked again (the
   * followed ones come with the roster's answers), every row when the panel
   * had them all.
   */
  private relearnDirectory(): void {
    this.unknownAgents.clear();
    const learned = this.store.learnedAgents();
    const all = this.knowsAll;
    this.knowsAll = false;
    if (all) {
      this.knowsAll = true;
      this.request('directory.lookup', { all: true }, ({ directory }) => this.store.replaceDirectory(directory)).catch(() => (this.knowsAll = false));
    } else if (learned.length > 0) {
      this.request('directory.lookup', { agents: learned }, ({ directory }) => this.store.replaceDirectory(directory, learned)).catch(() => {});
    }
  }

  private ask(key: string, entry: { kind: FollowKind; args: FollowArgs[FollowKind]; asked: number }): void {
    if (this.connection !== 'online' || this.session !== 'logged-in') return;
    // Only the answer to the latest request of a view still followed counts.
    const current = () => this.follows.get(key)?.asked === entry.asked;
    if (entry.kind === 'roster') {
      const args = entry.args as FollowArgs['roster'];
      this.request('roster.subscribe', args, (answer) => current() && this.store.follow(args.view, answer)).catch(() => {});
    } else {
      this.request('stats.subscribe', entry.args as FollowArgs['stats'], (answer) => current() && this.store.applyStats(answer)).catch(() => {});
    }
  }

  private followAgain(kinds: readonly FollowKind[] = ['roster', 'stats']): void {
    for (const [key, entry] of this.follows) if (kinds.includes(entry.kind)) this.ask(key, entry);
    const names = [...this.toLookUp];
    this.toLookUp.clear();
    this.learnAgents(names);
  }

  /** End the session; `hangUp` ends the agent's calls first (Call Centre Status). Resolves with how many calls were hung up. */
  async logout(options: { hangUp?: boolean } = {}): Promise<number> {
    // The session's end comes back as an event before the answer: it is ours, not one from elsewhere.
    this.loggingOut = true;
    try {
      const result = await this.request('session.logout', options.hangUp ? { hangUp: true } : {});
      this.endSession();
      return result.hungUp;
    } finally {
      this.loggingOut = false;
    }
  }

  /**
   * Send a command of the logged-in agent. It is written to the journal first;
   * if the connection is down it is delivered after the reconnect.
   */
  send<C extends CommandName>(cmd: C, args: CommandArgs<C>): Promise<CommandResult<C>> {
    if (LIVE_ONLY.has(cmd)) return this.request(cmd, args);
    if (!this.agent || this.session !== 'logged-in') return Promise.reject(new ClientError('NOT_LOGGED_IN', 'Log in first.'));
    const id = randomUUID();
    this.journal.add({ id, cmd, args: args as Record<string, unknown>, agent: this.agent, at: Date.now() });
    this.changed();
    return this.track(id, cmd, args as Record<string, unknown>, true) as Promise<CommandResult<C>>;
  }

  /**
   * Send a setting the panel sends by itself again after every login and
   * resume (the agent's alert settings): on the live connection only, never
   * journaled. Journaled, one cut in flight counted on the login screen as an
   * action of the agent's, and the next login said it was sent after
   * reconnect, for something the agent had not done then.
   */
  sendSetting<C extends CommandName>(cmd: C, args: CommandArgs<C>): Promise<CommandResult<C>> {
    if (this.connection !== 'online' || this.session !== 'logged-in') return Promise.reject(new ClientError('OFFLINE', 'Sent again once the session is back.'));
    return this.request(cmd, args);
  }

  /**
   * Watch the commands sent from now on: the function returned stops watching
   * and gives a promise settled once all of them are answered, or null when
   * none was sent. Commands sent while offline are not watched: they are
   * answered only when the link is back, and the panel says so at once.
   */
  watchSends(): () => Promise<void> | null {
    const sent: Promise<unknown>[] = [];
    this.watchers.add(sent);
    return () => {
      this.watchers.delete(sent);
      return sent.length ? Promise.allSettled(sent).then(() => {}) : null;
    };
  }

  /** Commands written but not yet acknowledged by the server. */
  queued(): number {
    return this.journal.size();
  }

  onChange(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  onEvent(fn: (event: EventFrame) => void): () => void {
    this.eventListeners.add(fn);
    return () => this.eventListeners.delete(fn);
  }

  /** Answers to journaled commands delivered once the session was back (see LateAnswer). */
  onLateAnswer(fn: (answer: LateAnswer) => void): () => void {
    this.lateListeners.add(fn);
    return () => this.lateListeners.delete(fn);
  }

  /** Forget a broken session so the panel can offer a fresh login. */
  acknowledgeBroken(): void {
    this.endSession();
  }

  close(): void {
    this.closing = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.transport?.close();
    this.transport = null;
    this.linkUp = false;
    this.connection = 'closed';
    this.failPending('CLOSED', 'The connection was closed.', false);
    this.journal.close();
    this.changed();
  }

  /** Send a command; `apply` takes its answer in the order frames come (a promise's `then` runs after the rest of the burst). */
  private request<C extends CommandName>(cmd: C, args: CommandArgs<C>, apply?: (result: CommandResult<C>) => void): Promise<CommandResult<C>> {
    if (!this.linkUp)
      return Promise.reject(
        new ClientError('OFFLINE', offlineSentence(this.lastFailure, this.resumeRefused)),
      );
    // The server's answer to this command (protocol/results.ts); the frame itself is not checked here.
    return this.track(randomUUID(), cmd, args as Record<string, unknown>, false, apply as Pending['apply']) as Promise<CommandResult<C>>;
  }

  private track(id: string, cmd: string, args: Record<string, unknown>, journaled: boolean, apply?: Pending['apply'], late?: Pending['late']): Promise<unknown> {
    const frame = JSON.stringify({ v: 1, id, cmd, args });
    const answered = new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, frame, journaled, apply, late });
      // Journaled commands wait until the session is resumed; the rest need only the link.
      if (journaled ? this.connection === 'online' : this.linkUp) this.transport!.send(frame);
    });
    if (this.connection === 'online') for (const list of this.watchers) list.push(answered);
    return answered;
  }

  private open(onOpen?: () => void, onFail?: (e: Error) => void): void {
    this.connection = this.attempt === 0 ? 'connecting' : 'offline';
    this.changed();
    let opened = false;
    const transport = this.options.transport();
    this.transport = transport;
    transport.onOpen(() => {
      opened = true;
      this.lastFailure = null;
      this.linkUp = true;
      onOpen?.();
      if (this.token && this.session === 'logged-in') {
        // The waits start short again once the session is back (resume), not on opening: a refused
        // resume reconnects, and reset here it asked again every quarter second for as long as it lasted.
        this.resume(this.token).catch((e: ClientError) => this.sessionLost(e));
      } else {
        this.attempt = 0;
        this.connection = 'online';
        this.changed();
      }
    });
    transport.onMessage((text) => this.receive(text));
    transport.onClose((code, reason) => {
      if (this.transport !== transport) return;
      this.transport = null;
      this.linkUp = false;
      if (!opened) this.lastFailure = reason || null;
      if (!opened && onFail) {
        this.connection = 'offline';
        this.changed();
        onFail(new ClientError('CONNECT_FAILED', `Cannot reach the server: ${reason || `closed (${code})`}`));
        return;
      }
      if (this.closing) return;
      this.failPending('OFFLINE', 'The connection dropped before the server answered.', true);
      if (code === CLOSE_LOGIN_DEADLINE && this.session !== 'logged-in') {
        // The server closes sockets that sit on the login screen too long: open a fresh one, quietly.
        this.connection = 'connecting';
        this.changed();
        this.open();
        return;
      }
      this.connection = 'offline';
      this.changed();
      this.scheduleReconnect();
    });
  }

  private scheduleReconnect(): void {
    const { initialMs, maxMs } = this.options.reconnect ?? { initialMs: 250, maxMs: 10_000 };
    const delay = Math.min(maxMs, initialMs * 2 ** this.attempt) * (0.75 + Math.random() * 0.5);
    this.attempt++;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (!this.closing) this.open();
    }, delay);
  }

  private receive(text: string): void {
    let parsed: unknown;
    try {
      // Everything the server relays (customers' words above all) reaches a terminal: no control character does.
      parsed = parsePrintable(text);
    } catch {
      return;
    }
    for (const frame of framesIn(parsed)) this.receiveFrame(frame as ResponseFrame | EventFrame);
  }

  private receiveFrame(frame: ResponseFrame | EventFrame): void {
    if (!('seq' in frame) && 'ev' in frame) {
      // A live batch (figures, colleagues) or a passing event (typing): never replayed nor counted.
      const passing = frame as unknown as { ev: string; data: Record<string, unknown> };
      if (passing.ev === LIVE_BATCH_EVENT) this.store.applyLive((passing.data.updates ?? []) as LiveUpdate[]);
      else this.store.applyPassing(passing);
      for (const fn of this.eventListeners) fn(frame as unknown as EventFrame);
      return;
    }
    if ('seq' in frame) {
      if (this.store.applyEvent(frame)) {
        this.watchOwnSession(frame);
        // A new configuration may change who the views' queues hold: they are asked again.
        if (frame.ev === 'catalog.updated') {
          this.followAgain(['roster']);
          this.relearnDirectory();
        }
        for (const fn of this.eventListeners) fn(frame);
      }
      return;
    }
    const pending = frame.re ? this.pending.get(frame.re) : undefined;
    if (!pending || !frame.re) return;
    if (pending.journaled && !frame.ok && SESSION_GONE.has(frame.error.code)) {
      // Not delivered to a session: keep it for the next login or resume.
      return;
    }
    this.pending.delete(frame.re);
    if (pending.journaled) {
      this.journal.done(frame.re);
      this.changed();
    }
    if (pending.late) {
      const told: LateAnswer = frame.ok
        ? { ...pending.late, ok: true, result: frame.result }
        : { ...pending.late, ok: false, error: new ClientError(frame.error.code, frame.error.message, frame.error.details) };
      for (const fn of this.lateListeners) fn(told);
    }
    if (frame.ok) {
      // Load a snapshot (login, resume) now, before the next frame: events that
      // came in the same burst build on it instead of being wiped by it later.
      const snapshot = (frame.result as { snapshot?: Snapshot } | null)?.snapshot;
      if (snapshot) this.store.loadSnapshot(snapshot);
      pending.apply?.(frame.result);
      pending.resolve(frame.result);
    } else pending.reject(new ClientError(frame.error.code, frame.error.message, frame.error.details));
  }

  /** Our session ended elsewhere (logout from another terminal). */
  private watchOwnSession(frame: EventFrame): void {
    if (frame.ev !== 'agent.updated' || this.session !== 'logged-in') return;
    const agent = frame.data.agent as { id: string; session: { id: string } | null };
    if (agent.id !== this.agent || agent.session?.id === this.sessionId) return;
    const token = this.token;
    const me = this.agent;
    // As for a panel offline at the time (sessionLost): whoever awaits a journaled command is told now
    // that it waits for the next login. Left pending, an upload's part was resent then as still awaited,
    // the closed upload screen's loop went on with the rest of the file, and nothing said so.
    if (!this.loggingOut) this.rejectJournaled(new ClientError('LOGGED_OUT_ELSEWHERE', ENDED_ELSEWHERE));
    this.endSession();
    if (!this.loggingOut) this.askWhyEnded(token, me);
  }

  /**
   * The event says only that the session ended; the server says why when the
   * ended token is shown to it (a resume, refused LOGGED_OUT_ELSEWHERE with
   * when and from where), the sentence an offline panel coming back gets.
   * It cannot succeed: the token's session is not the agent's any more.
   */
  private askWhyEnded(token: string | null, agent: string | null): void {
    const say = (why: string) => {
      // A login meanwhile (the agent quick at the keys) needs no reason any more.
      if (this.session !== 'logged-out') return;
      this.endedElsewhere = this.withKept(why, agent);
      this.changed();
    };
    if (!token) return say(ENDED_ELSEWHERE);
    this.request('session.resume', { token, lastSeq: this.store.lastSeq }).then(
      () => say(ENDED_ELSEWHERE),
      (e: ClientError) => say(e.code === 'LOGGED_OUT_ELSEWHERE' ? e.message : ENDED_ELSEWHERE),
    );
  }

  private sessionLost(error: ClientError): void {
    if (error.code === 'LOGGED_OUT_ELSEWHERE') {
      // Nothing is broken: the agent chose to log out, elsewhere. The login screen says so,
      // as it does for a panel online at the time; journaled commands wait for the next login.
      const agent = this.agent;
      this.rejectJournaled(error);
      this.endSession();
      if (this.linkUp) this.connection = 'online';
      this.endedElsewhere = this.withKept(error.message, agent);
      this.changed();
      return;
    }
    if (TOKEN_GONE.has(error.code)) {
      this.session = 'broken';
      this.brokenMessage = error.message;
      this.resumeRefused = null;
      this.token = null;
      // The link itself is fine: a new login on it must be able to send the journal.
      if (this.linkUp) this.connection = 'online';
      this.rejectJournaled(error);
      this.changed();
      return;
    }
    // Any other failure (the agent's connections full, no core answering, the link
    // dropping mid-resume): the token still holds, so start over on a fresh connection,
    // after a wait that grows with each try, rather than sit offline with the link up.
    // A refusal from the server is said in the panel until the session is back.
    if (!LOCAL_CODES.has(error.code)) {
      this.resumeRefused = error.message;
      this.changed();
    }
    this.transport?.close();
  }

  /**
   * Why the session ended, and what of the agent's the journal still keeps:
   * work typed offline before a logout from elsewhere waits for their next
   * login, and the login screen said only that they were logged out, so it
   * looked lost until it went out (or for good, had they logged in as someone else).
   */
  private withKept(why: string, agent: string | null): string {
    const kept = agent ? this.journal.entries(agent).length : 0;
    if (kept === 0) return why;
    const what = kept === 1 ? '1 action of yours was not sent yet: it is kept and goes' : `${kept} actions of yours were not sent yet: they are kept and go`;
    return `${sentence(why)} ${what} out when you log in again as ${agent}.`;
  }

  /** Journaled commands stay on disk, delivered after the next login; whoever awaits one is told so now rather than left waiting. */
  private rejectJournaled(error: ClientError): void {
    for (const [id, p] of this.pending) {
      if (!p.journaled) continue;
      this.pending.delete(id);
      p.reject(new ClientError(error.code, `Not delivered yet: it is kept and will be sent after you log in again. (${error.message})`));
    }
  }

  private deliverJournal(): void {
    for (const entry of this.journal.entries(this.agent ?? undefined)) {
      const late = { cmd: entry.cmd, args: entry.args, awaited: false };
      const existing = this.pending.get(entry.id);
      if (existing) {
        existing.late = { ...late, awaited: true };
        if (this.connection === 'online') this.transport!.send(existing.frame);
        continue;
      }
      // From an earlier run of the panel, or given up on at a lost session: nobody awaits it, but it must still arrive once.
      void this.track(entry.id, entry.cmd, entry.args, true, undefined, late).catch(() => {});
    }
  }

  private failPending(code: ErrorCode | LocalErrorCode, message: string, keepJournaled: boolean): void {
    for (const [id, p] of this.pending) {
      if (keepJournaled && p.journaled) continue;
      this.pending.delete(id);
      p.reject(new ClientError(code, message));
    }
  }

  private endSession(): void {
    this.knowsAll = false;
    this.session = 'logged-out';
    this.token = null;
    this.tokenExpiresAt = null;
    this.agent = null;
    this.sessionId = null;
    this.brokenMessage = null;
    this.resumeRefused = null;
    this.store.clear();
    this.changed();
  }

  private changed(): void {
    for (const fn of this.listeners) fn();
  }
}
