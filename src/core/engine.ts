import { buildCatalog, publishCatalog } from './catalog.js';
import type { Catalog } from './protocol/catalog.js';
import type { Clock, Random } from './clock.js';
import { COMMANDS, type CommandSpec } from './commands/index.js';
import { loggedOutAgent, principalFromToken } from './commands/session.js';
import type { Config } from './config/schema.js';
import type { HandlerContext, Origin, Principal } from './context.js';
import { CoreError, isCoreError } from './errors.js';
import { LoginThrottle } from './login-throttle.js';
import type { Message, StoredFile } from './protocol/model.js';
import type { EventStore, StoredEvent } from './ports/store.js';
import type { PassingEvent } from './ports/core-link.js';
import type { TelephonyEvents, TelephonyPort, TelephonyRecording } from './ports/telephony.js';
import { attachRecording, RecentAgentLegs } from './calls/recording.js';
import { isCommandName, parseCommandArgs, type CommandName } from './protocol/commands.js';
import type { EntityChange } from './protocol/events.js';
import type { Snapshot } from './protocol/snapshot.js';
import { replayFor, snapshotFor } from './snapshot.js';
import { errorFrame, okFrame, type CommandFrame, type ResponseFrame } from './protocol/frames.js';
import { CommitGroup } from './commit-group.js';
import { commandSignature, sameCommand } from './command-signature.js';
import { formatPath } from './protocol/path.js';
import { agentsChanged, changesNeedingRestart } from './config/live-changes.js';
import { figuresOnDay, QueueStatsKeeper } from './queue-stats.js';
import { State } from './state/state.js';
import { Transaction } from './transaction.js';
import { CallIndex } from './calls/call-index.js';
import { callArrived, endCallsAfterRestart } from './calls/inbound.js';
import { onLegAnswered, onLegHeld, onLegProgress, onLegReleased } from './calls/telephony-events.js';
import { settleAgent } from './calls/completion.js';
import { distribute } from './acd/distribute.js';
import { runFollowUps, type Keepers } from './follow-ups.js';
import { queueMembers, type QueueMember } from './acd/members.js';
import { Timers } from './timers.js';
import { warnRemovedFromCampaign } from './dialer/campaign-warning.js';
import { syncMembership } from './membership.js';
import { ConversationIndex } from './messaging/index.js';
import { ContactIndex } from './contacts/index.js';
import { ContactWatchers } from './contacts/watchers.js';
import { autoAssign } from './messaging/assign.js';
import { linkLost, rearmAfterRestart } from './messaging/status-change.js';
import { Presence } from './presence.js';
import { nextOpening } from './messaging/hours.js';
import { pruneBans } from './messaging/bans.js';
import { pruneInboundKeys } from './messaging/inbound.js';
import { pruneEarlyStatuses } from './messaging/early-status.js';
import { pruneExpiredTokens } from './commands/ended-tokens.js';
import { carryOver, MetricsKeeper } from './metrics/keeper.js';
import { refreshLoads, refreshQueueFigures } from './metrics/live-figures.js';
import { currentOf, defaultTopics } from './live.js';
import { catalogFor } from './protocol/catalog.js';
import { dayKey, startOfDay } from './dialer/local-time.js';
import { setService } from './services.js';
import { boundedLeg, boundText } from './calls/telephony-text.js';
import { checkWaitAlerts } from './alerts.js';
import { pace } from './dialer/pacing.js';
import { refreshCampaignStats } from './dialer/stats.js';

export interface EngineDeps {
  config: Config;
  store: EventStore;
  clock: Clock;
  random: Random;
  telephony: TelephonyPort;
  /** Where the engine writes what operators need (never the agent's screen). */
  log?: (line: string) => void;
  /**
   * Where a finished call recording's bytes go: the server keeps them as a
   * file (the core does no I/O) and then calls `recordingKept`. Without it
   * recordings are dropped.
   */
  recordings?: (recording: TelephonyRecording & { callId: string }) => void;
  /**
   * How the engine waits for work arriving together: `defer(flush)` calls
   * flush once the current turn's input has been read (the server passes
   * setImmediate). Commands submitted and internal reports until then run at
   * once in memory and commit as one group (group commit). Without it every
   * transaction commits on its own, at once (tests of the bare core).
   */
  defer?: (flush: () => void) => void;
  /** Messages kept in memory (the latest changed; see State): RECENT_MESSAGES_KEPT unless told. */
  recentMessagesKept?: number;
}

/**
 * Told of each committed group: its events (seq order) and its changes to
 * live kinds (streams, which are not in the log, and agents' presence).
 */
export type EventListener = (events: StoredEvent[], live: EntityChange[]) => void;
/** Passing events (typing) that are not stored and carry no sequence number. */
export type EphemeralListener = (event: PassingEvent) => void;

const ERROR_CACHE_LIMIT = 10_000;
/**
 * What one group may hold before it is committed and the next opened, even
 * within one turn. A burst (1,000 webhooks read in one turn) otherwise made
 * one group of them all, whose commit and fan-out held the event loop for
 * seconds: /healthz and agents' keys waited behind it. Bounded groups commit
 * as the burst is read, each in tens of milliseconds.
 */
const GROUP_LIMITS = { transactions: 64, rows: 4_000 } as const;
const STORE_FAILED = { code: 'STORE_FAILED', message: 'The server could not save this; nothing was changed. Try again.' } as const;

type Outcome<T> = { ok: true; response: ResponseFrame; value: T } | { ok: false; response: ResponseFrame };
const ALERT_TICK_MS = 5_000;
/**
 * Messages kept in memory, the latest changed: the chats going on read their
 * logs from memory, older ones from the store (about 5 µs a message).
 */
const RECENT_MESSAGES_KEPT = 5_000;

/**
 * The single writer. Every command, telephony report and timer runs here one
 * at a time, in a transaction whose events are committed to the store before
 * anyone is told of them or the command is acknowledged.
 */
export class Engine {
  readonly state: State;
  private currentConfig: Config;
  private currentCatalog: Catalog;
  private readonly throttle: LoginThrottle;
  private readonly keepers: Keepers;
  private readonly calls: CallIndex;
  private members: Map<string, QueueMember[]>;
  private readonly timers: Timers;
  private readonly conversations: ConversationIndex;
  private readonly contacts: ContactIndex;
  private readonly contactWatchers = new ContactWatchers();
  private readonly agentLegs: RecentAgentLegs;
  /** Agents with no panel connected (the gateway says so), for the status-change trigger and who is online. */
  readonly presence = new Presence();
  private readonly ephemeralListeners = new Set<EphemeralListener>();
  private readonly listeners = new Set<EventListener>();
  private readonly failedCommands = new Map<string, { actor: string; cmd: string; response: ResponseFrame }>();
  private telephonyReady = true;
  /** Transactions run since the last commit, waiting to be committed together (see EngineDeps.defer). */
  private group: CommitGroup | null = null;
  /** Transactions whose work is running (more than one only if work commits from inside: see trimRecent). */
  private working = 0;

  constructor(private readonly deps: EngineDeps) {
    this.state = new State({ stored: deps.store, keepRecent: deps.recentMessagesKept ?? RECENT_MESSAGES_KEPT });
    this.currentConfig = deps.config;
    this.currentCatalog = buildCatalog(deps.config);
    this.throttle = new LoginThrottle(deps.clock, deps.config.security);
    this.keepers = { stats: new QueueStatsKeeper(this.state, deps.config), metrics: new MetricsKeeper() };
    this.calls = new CallIndex(this.state);
    this.members = queueMembers(deps.config);
    this.timers = new Timers(deps.clock);
    this.conversations = new ConversationIndex(this.state, deps.config);
    this.contacts = new ContactIndex(this.state, () => this.currentConfig.dialer.defaultRegion);
    this.agentLegs = new RecentAgentLegs(this.state);
  }

  get config(): Config {
    return this.currentConfig;
  }

  get catalog(): Catalog {
    return this.currentCatalog;
  }

  /**
   * Apply a new configuration to the running center. Only what may change
   * live (agents' queues, campaigns and capacity; see live-changes.ts) may
   * differ, else it is refused and nothing changes. Logged-in agents follow at
   * once: sessions take the new queues, an agent taken off their campaign gets
   * the manual's warning, waiting work is offered to whoever may now take it,
   * and every panel is sent the new catalog.
   */
  reconfigure(next: Config): { agents: string[] } {
    const blocked = changesNeedingRestart(this.currentConfig, next);
    if (blocked.length > 0)
      throw new CoreError('RESTART_NEEDED', `Only agents' queues, campaigns and capacity change while the server runs; a restart is needed for: ${blocked.join(', ')}. Nothing was changed.`);
    const agents = agentsChanged(this.currentConfig, next);
    const previous = { config: this.currentConfig, catalog: this.currentCatalog, members: this.members };
    this.currentConfig = next;
    this.currentCatalog = buildCatalog(next);
    this.members = queueMembers(next);
    try {
      this.run((ctx) => {
        publishCatalog(ctx, this.currentCatalog);
        warnRemovedFromCampaign(ctx);
        syncMembership(ctx);
        autoAssign(ctx);
        distribute(ctx);
        for (const campaign of next.campaigns) refreshCampaignStats(ctx, campaign.id);
        refreshLoads(ctx, agents);
      });
    } catch (e) {
      // The transaction did not commit: the center goes on as it was.
      this.currentConfig = previous.config;
      this.currentCatalog = previous.catalog;
      this.members = previous.members;
      throw e;
    }
    this.log(`configuration reloaded: ${agents.length} agent(s) changed${agents.length ? ` (${agents.join(', ')})` : ''}`);
    return { agents };
  }

  /** Load the state from the store, settle what a restart broke, start telephony. */
  start(): void {
    this.state.load(this.deps.store.loadEntities());
    // The loaded directory in name order now, not at the first searches.
    this.contacts.settle();
    this.run((ctx) => {
      for (const agent of this.currentConfig.agents) {
        if (!ctx.state.agent(agent.number)) ctx.tx.put('agent', loggedOutAgent(agent, ctx.clock.now()), 'configured');
      }
      this.queueFiguresOnDay(ctx);
      const ended = endCallsAfterRestart(ctx);
      if (ended > 0) this.log(`ended ${ended} call(s) left over from before the restart`);
      for (const campaign of this.currentConfig.campaigns) refreshCampaignStats(ctx, campaign.id);
      for (const queue of this.currentConfig.messagingQueues) refreshQueueFigures(ctx, queue.id);
      if (ctx.state.count('canned') === 0) {
        for (const c of this.currentConfig.cannedResponses) ctx.tx.put('canned', { id: ctx.random.id('canned'), ...c, createdBy: null }, 'configured');
      }
      // Panels that resume rather than log in again learn of a configuration changed across the restart.
      publishCatalog(ctx, this.currentCatalog);
      warnRemovedFromCampaign(ctx);
      syncMembership(ctx);
      // The checks of paused agents live in memory: arm them again.
      rearmAfterRestart(ctx);
      // Wrap-up timers live in memory: arm them again from the agents' state.
      for (const agent of ctx.state.all('agent')) {
        if (agent.activity === 'wrap-up' && agent.wrapUpUntil !== null)
          ctx.schedule(`wrapup:${agent.id}`, agent.wrapUpUntil, (later) => settleAgent(later, agent.id));
      }
    });
    this.deps.telephony.start(this.telephonyEvents());
    // MWT alerts (and bans that ran out) are checked on a steady tick of the injected clock.
    this.loop(
      'alerts',
      () => this.deps.clock.now() + ALERT_TICK_MS,
      () =>
        this.safely('alert check failed', (ctx) => {
          checkWaitAlerts(ctx);
          pruneBans(ctx);
        }),
    );
    // The dialler paces its campaigns on a steady tick.
    this.loop('pacing', () => this.deps.clock.now() + this.currentConfig.dialer.pacingSeconds * 1000, () => this.safely('pacing failed', (ctx) => pace(ctx)));
    // At the start of a queue's operation hours, waiting conversations are assigned.
    this.loop('hours', () => this.nextOpening(), () => this.safely('opening-hours assignment failed', (ctx) => autoAssign(ctx)));
    this.countDailyFigures();
    this.loop('midnight', () => this.nextMidnight(), () => {
      this.countDailyFigures();
      this.safely("starting the voice queues' day failed", (ctx) => this.queueFiguresOnDay(ctx));
    });
    // Provider message ids taken in are kept a week (providers retry webhooks for hours).
    this.loop('inbound-keys', () => this.deps.clock.now() + 3600_000, () =>
      this.safely('pruning provider ids failed', (ctx) => {
        pruneInboundKeys(ctx);
        pruneEarlyStatuses(ctx);
      }),
    );
    // Session tokens past their time, logged out or not, are forgotten (ended-tokens.ts).
    this.loop('expired-tokens', () => this.deps.clock.now() + 3600_000, () => this.safely('pruning expired tokens failed', (ctx) => pruneExpiredTokens(ctx)));
  }

  /**
   * A timer that runs `tick` and arms itself again for the time `nextAt`
   * says then (null: not again). The tick handles its own failures.
   */
  private loop(key: string, nextAt: () => number | null, tick: () => void): void {
    const at = nextAt();
    if (at === null) return;
    this.timers.set(key, at, () => {
      tick();
      this.loop(key, nextAt, tick);
    });
  }

  /**
   * Run internal work nobody waits on (telephony reports, timers) as a
   * transaction; it commits with whatever else arrives in this turn. A
   * failure is logged (`what: why`) and goes no further.
   */
  private safely(what: string, work: (ctx: HandlerContext) => void): void {
    if (this.deps.defer) this.openGroup();
    const outcome = this.transact({ principal: null, address: 'internal' }, work, null);
    if (!outcome.ok && !outcome.response.ok) this.log(`${what}: ${outcome.response.error.message}`);
  }

  /**
   * Today's carried-over conversations are counted from the conversations
   * themselves (right after a restart at any hour), and again at each local
   * midnight for the new day. A failure marks the metrics service not ready;
   * the dashboards then say so.
   */
  private countDailyFigures(): void {
    const zone = this.currentConfig.center.timeZone;
    const now = this.deps.clock.now();
    try {
      this.run((ctx) => {
        carryOver(ctx, dayKey(zone, now), startOfDay(zone, now));
        setService(ctx, 'metrics', true, null);
      });
    } catch (e) {
      const reason = `Error while loading daily stats: ${(e as Error).message}`;
      this.log(reason);
      try {
        this.run((ctx) => setService(ctx, 'metrics', false, reason));
      } catch {
        // nothing more to do: the log has it
      }
    }
  }

  /** The voice queues' figures count today's calls (queue-stats.ts figuresOnDay). */
  private queueFiguresOnDay(ctx: HandlerContext): void {
    const queues = this.currentConfig.voiceQueues.map((q) => q.number);
    figuresOnDay(ctx.state, ctx.tx, queues, dayKey(this.currentConfig.center.timeZone, ctx.clock.now()));
  }

  /** The next local midnight in the center's time zone. */
  private nextMidnight(): number {
    const zone = this.currentConfig.center.timeZone;
    const now = this.deps.clock.now();
    return startOfDay(zone, now + 26 * 3600_000 - (now - startOfDay(zone, now)));
  }

  /** When the first messaging queue opens next; null when none has hours. */
  private nextOpening(): number | null {
    const now = this.deps.clock.now();
    const openings = this.currentConfig.messagingQueues.map((q) => nextOpening(q, now)).filter((t): t is number => t !== null);
    return openings.length === 0 ? null : Math.min(...openings);
  }

  stop(): void {
    // What already ran is committed before the engine stops.
    this.flush();
    this.timers.clearAll();
    this.deps.telephony.stop();
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  subscribeEphemeral(listener: EphemeralListener): () => void {
    this.ephemeralListeners.add(listener);
    return () => this.ephemeralListeners.delete(listener);
  }

  /**
   * Handle one protocol command frame, committed on its own before this
   * returns. Never throws. (What was submitted before it is committed first.)
   */
  handle(frame: CommandFrame, origin: Origin): ResponseFrame {
    this.flush();
    const { response, command } = this.execute(frame, origin);
    if (command && !response.ok) this.rememberFailure(command, response);
    return response;
  }

  /**
   * Handle a command that arrived with others (the gateway's frames): it runs
   * at once, commits with the rest of its group, and `reply` is given its
   * answer only then: STORE_FAILED, with every other command of the group,
   * if the group could not be stored. Without a `defer` it is `handle`.
   */
  submit(frame: CommandFrame, origin: Origin, reply: (response: ResponseFrame) => void): void {
    if (!this.deps.defer) {
      reply(this.handle(frame, origin));
      return;
    }
    const group = this.openGroup();
    if (isView(frame.cmd)) {
      // Read once the group is committed: the answer holds what the group's events (sent first) told, never older.
      group.onSettled((committed) => reply(committed ? this.execute(frame, origin).response : errorFrame(frame.id, STORE_FAILED)));
      return;
    }
    const { response, command } = this.execute(frame, origin);
    if (command && !isServerFailure(response)) group.commands.set(command.id, { actor: command.actor, cmd: command.cmd, response });
    group.onSettled((committed) => {
      if (!committed) return reply(errorFrame(frame.id, STORE_FAILED));
      if (command && !response.ok) this.rememberFailure(command, response);
      reply(response);
    });
  }

  /**
   * Command ids make commands idempotent, but a kept answer is given only to
   * the agent whose command it was, and only for the same command: an id is
   * not a key to anybody else's answer. Commands that need no login (login,
   * check, resume, ping) are never kept nor answered from what is kept: a
   * login's answer carries a token, and they are safe to run again anyway
   * (a second login joins the running session).
   */
  private execute(frame: CommandFrame, origin: Origin): { response: ResponseFrame; command: { id: string; actor: string; cmd: string } | null } {
    if (!isCommandName(frame.cmd)) {
      return { response: errorFrame(frame.id, { code: 'UNKNOWN_COMMAND', message: `There is no command named "${frame.cmd}".` }), command: null };
    }
    const spec = COMMANDS[frame.cmd] as CommandSpec<CommandName>;
    let principal: Principal | null = null;
    if (!spec.public) {
      if (!origin.principal) return { response: errorFrame(frame.id, { code: 'NOT_LOGGED_IN', message: 'Log in first.' }), command: null };
      try {
        principal = principalFromToken(this.contextFor(origin, null), origin.principal.token);
      } catch (e) {
        return { response: errorFrame(frame.id, (e as CoreError).toJSON()), command: null };
      }
      const kept = this.keptAnswer(frame, principal.agent);
      if (kept) return { response: kept, command: null };
    }
    const parsed = parseCommandArgs(frame.cmd, frame.args ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const where = formatPath(['args', ...issue.path]);
      return { response: errorFrame(frame.id, { code: 'BAD_ARGS', message: `${frame.cmd}: ${where}: ${issue.message}.` }), command: null };
    }
    if (principal && !spec.public && spec.supervisorOnly && !principal.supervisor)
      return { response: errorFrame(frame.id, { code: 'FORBIDDEN', message: 'Only a supervisor may do that.' }), command: null };
    const who = { ...origin, principal };
    // A view's answer is a read of the moment: sent again, it is read again (nothing kept).
    const command = principal && !isView(frame.cmd) ? { id: frame.id, actor: principal.agent, cmd: commandSignature(frame) } : null;
    const result = this.transact(
      who,
      (ctx) => (spec.public ? spec.handle(ctx, parsed.data as never) : spec.handle(ctx, parsed.data as never, principal!)),
      command,
    );
    if (!command) return { response: { ...result.response, re: frame.id }, command: null };
    return { response: result.response, command };
  }

  /** The answer already given to this id, if it was this agent's command; a refusal if the id is someone else's or another command's. */
  private keptAnswer(frame: CommandFrame, agent: string): ResponseFrame | null {
    let stored;
    try {
      stored = this.group?.commands.get(frame.id) ?? this.deps.store.findCommand(frame.id);
    } catch (e) {
      // A store on another machine (PostgreSQL) can be out of reach: nothing is done until it answers.
      this.log(`store read failed: ${(e as Error).message}`);
      return errorFrame(frame.id, STORE_FAILED);
    }
    const kept = stored ?? this.failedCommands.get(frame.id);
    if (!kept) return null;
    if (kept.actor !== agent || !sameCommand(kept.cmd, frame))
      return errorFrame(frame.id, { code: 'DUPLICATE_ID', message: 'That command id was already used for another command; send this one with a new id.' });
    return { ...(kept.response as ResponseFrame), re: frame.id };
  }

  /** Run internal work as one transaction, committed before this returns (what was submitted before it is committed first). */
  run<T>(work: (ctx: HandlerContext) => T): T {
    this.flush();
    const outcome = this.transact({ principal: null, address: 'internal' }, work, null);
    if (!outcome.ok) throw failureOf(outcome.response);
    return outcome.value as T;
  }

  /**
   * Run internal work whose caller waits for it to be on disk (a mail's
   * sender waits for the listener's answer): it runs at once, commits with
   * whatever else arrives in this turn (group commit), and the promise
   * settles only then: rejected with the work's CoreError, or STORE_FAILED
   * if the group could not be stored. Without a `defer` it commits alone, as `run`.
   */
  runGrouped<T>(work: (ctx: HandlerContext) => T): Promise<T> {
    if (!this.deps.defer) {
      try {
        return Promise.resolve(this.run(work));
      } catch (e) {
        return Promise.reject(e as Error);
      }
    }
    const group = this.openGroup();
    const outcome = this.transact({ principal: null, address: 'internal' }, work, null);
    if (!outcome.ok) return Promise.reject(failureOf(outcome.response));
    return new Promise((resolve, reject) =>
      group.onSettled((committed) => (committed ? resolve(outcome.value) : reject(new CoreError(STORE_FAILED.code, STORE_FAILED.message)))),
    );
  }

  /** A conversation's message ids, oldest first. */
  messageIdsOf(conversation: string): readonly string[] {
    return this.conversations.messageIds(conversation);
  }

  /** A conversation's messages, oldest first (read from the store where no longer in memory). */
  messagesOf(conversation: string): Message[] {
    return this.messageIdsOf(conversation).flatMap((id) => this.state.get('message', id) ?? []);
  }

  /** Conversations whose messages carry a file (who may download it follows them). */
  conversationsCarrying(fileId: string): string[] {
    return this.conversations.conversationsCarrying(fileId);
  }

  /** Principal for a token, or the CoreError saying why the session is gone. */
  authenticate(token: string): Principal {
    return principalFromToken(this.contextFor({ principal: null, address: 'internal' }, null), token);
  }

  snapshot(principal: Principal): Snapshot {
    const source = { state: this.state, store: this.deps.store, clock: this.deps.clock, catalog: catalogFor(this.catalog, principal.agent), conversations: this.conversations, config: this.currentConfig };
    return snapshotFor(source, principal);
  }

  /** The live topics (conflated figures) a principal's panel follows without asking (live.ts). */
  defaultTopics(principal: Principal): string[] {
    return defaultTopics(this.currentConfig, this.state, principal);
  }

  /** The current values of live topics: what a resumed panel is sent instead of a replay of their changes. */
  liveNow(topics: Iterable<string>): EntityChange[] {
    const today = dayKey(this.currentConfig.center.timeZone, this.deps.clock.now());
    const out: EntityChange[] = [];
    for (const topic of topics) {
      const current = currentOf(this.state, topic, today);
      if (current) out.push(current);
    }
    return out;
  }

  /** Events after `lastSeq` this principal may see, or null when a snapshot is due instead. */
  replay(principal: Principal, lastSeq: number): StoredEvent[] | null {
    return replayFor(this.deps.store, principal, lastSeq);
  }

  lastSeq(): number {
    return this.deps.store.lastSeq();
  }

  /**
   * The server has kept a call's recording as a file: register the file and
   * link it to the call (its record). Throws when the call is unknown; the
   * server then removes the file.
   */
  recordingKept(callId: string, file: Omit<StoredFile, 'at'>, seconds: number): void {
    this.run((ctx) => attachRecording(ctx, callId, { ...file, at: ctx.clock.now() }, seconds));
  }

  /**
   * The gateway's word that the last connection of an agent's session closed
   * (a panel gone, a broken link), or at start that none is there yet: the
   * status-change trigger counts the grace from now. A login or resume of the
   * session ends it.
   */
  agentDisconnected(agentId: string): void {
    this.safely('link lost', (ctx) => linkLost(ctx, agentId));
  }

  isTelephonyReady(): boolean {
    return this.telephonyReady;
  }

  /**
   * Run work as one transaction. Inside an open group it joins the group and
   * its outcome holds once the group commits (the caller waits on the group);
   * otherwise it commits on its own now.
   */
  private transact<T>(origin: Origin, work: (ctx: HandlerContext) => T, command: { id: string; actor: string; cmd: string } | null): Outcome<T> {
    const tx = new Transaction(this.state, this.deps.clock.now());
    const ctx = this.contextFor(origin, tx);
    const id = command?.id ?? null;
    let value: T;
    this.working++;
    try {
      value = work(ctx);
      runFollowUps(ctx, tx, this.keepers);
    } catch (e) {
      tx.rollback();
      if (isCoreError(e)) return { ok: false, response: errorFrame(id, e.toJSON()) };
      this.log(`internal error: ${(e as Error).stack ?? String(e)}`);
      return { ok: false, response: errorFrame(id, { code: 'INTERNAL', message: 'Something went wrong on the server; nothing was changed.' }) };
    } finally {
      this.working--;
    }
    const response = okFrame(id ?? '', value === undefined ? {} : value);
    const kept = command ? { ...command, response, at: tx.at } : undefined;
    if (this.group) {
      this.group.add(tx, kept);
      return { ok: true, response, value };
    }
    const alone = new CommitGroup();
    alone.add(tx, kept);
    if (!this.commit(alone)) return { ok: false, response: errorFrame(id, STORE_FAILED) };
    return { ok: true, response, value };
  }

  /**
   * The group transactions join until it is committed; its commit is deferred
   * to the end of this turn, or done now when it is full (GROUP_LIMITS). Never
   * from inside a transaction's work, which must not see a commit half way.
   */
  private openGroup(): CommitGroup {
    if (this.group?.isFull(GROUP_LIMITS) && this.working === 0) this.flush();
    if (!this.group) {
      this.group = new CommitGroup();
      this.deps.defer!(() => this.flush());
    }
    return this.group;
  }

  /** Commit the open group, if any. */
  private flush(): void {
    const group = this.group;
    if (!group) return;
    this.group = null;
    this.commit(group);
  }

  /**
   * Store a group in one commit. Then, in this order: listeners are told of
   * its events (seq order), its commands are answered, and its effects run
   * (telephony, timers; work they start joins a later group). If the store
   * fails, every transaction is undone, the last first, and nothing is told.
   */
  private commit(group: CommitGroup): boolean {
    let committed: StoredEvent[] = [];
    try {
      const units = group.units();
      if (units.length > 0) committed = this.deps.store.commit(units);
    } catch (e) {
      group.rollback();
      this.trimRecent();
      this.log(`commit failed: ${(e as Error).stack ?? String(e)}`);
      group.settle(false);
      return false;
    }
    this.trimRecent();
    const live = group.liveChanges();
    if (committed.length > 0 || live.length > 0) for (const listener of this.listeners) listener(committed, live);
    group.settle(true);
    for (const effect of group.effects()) {
      try {
        effect();
      } catch (e) {
        this.log(`effect failed: ${(e as Error).stack ?? String(e)}`);
      }
    }
    return true;
  }

  /**
   * Let the state forget older messages, once nothing is pending: one group
   * is committed at a time, work its effects start joins a later one, and no
   * transaction is half run (a commit from inside one would leave it pending).
   */
  private trimRecent(): void {
    if (this.working === 0) this.state.trimRecent();
  }

  private contextFor(origin: Origin, tx: Transaction | null): HandlerContext {
    return {
      tx: tx as Transaction,
      state: this.state,
      config: this.currentConfig,
      catalog: this.catalog,
      clock: this.deps.clock,
      random: this.deps.random,
      telephony: this.deps.telephony,
      throttle: this.throttle,
      origin,
      calls: this.calls,
      members: this.members,
      conversations: this.conversations,
      presence: this.presence,
      contacts: this.contacts,
      contactWatchers: this.contactWatchers,
      ephemeral: (ev, data, audience) =>
        tx!.afterCommit(() => {
          const event = { ev, at: this.deps.clock.now(), data, audience };
          for (const listener of this.ephemeralListeners) listener(event);
        }),
      schedule: (key, at, work) => tx!.afterCommit(() => this.timers.set(key, at, () => this.safely(`timer ${key} failed`, work))),
      cancel: (key) => tx!.afterCommit(() => this.timers.clear(key)),
    };
  }

  private rememberFailure(command: { id: string; actor: string; cmd: string }, response: ResponseFrame): void {
    // Missing logins and failures of the server itself are not remembered: the
    // same id may be sent again once the cause is fixed.
    if (isServerFailure(response)) return;
    if (this.failedCommands.size >= ERROR_CACHE_LIMIT) {
      const oldest = this.failedCommands.keys().next().value;
      if (oldest !== undefined) this.failedCommands.delete(oldest);
    }
    this.failedCommands.set(command.id, { ...command, response });
  }

  /** What the telephony side reports; its text (a caller's name, a far end's reason) is bounded first (telephony-text.ts). */
  private telephonyEvents(): TelephonyEvents {
    return {
      inboundLeg: (leg) => this.safely('inbound leg', (ctx) => void callArrived(ctx, boundedLeg(leg))),
      legReleased: (legId, cause, detail) =>
        this.safely('leg released', (ctx) => onLegReleased(ctx, legId, cause, detail === undefined ? undefined : boundText(detail))),
      legAnswered: (legId) => this.safely('leg answered', (ctx) => onLegAnswered(ctx, legId)),
      legHeld: (legId) => this.safely('leg held', (ctx) => onLegHeld(ctx, legId, true)),
      legResumed: (legId) => this.safely('leg resumed', (ctx) => onLegHeld(ctx, legId, false)),
      legProgress: (legId, text) => this.safely('leg progress', (ctx) => onLegProgress(ctx, legId, boundText(text))),
      deviceState: (agentId, registered, rawDetail) =>
        this.safely('device state', (ctx) => {
          const detail = rawDetail === undefined ? undefined : boundText(rawDetail);
          const agent = ctx.state.agent(agentId);
          if (!agent) return;
          const before = agent.deviceRegistered;
          if (before && before.registered === registered && before.detail === (detail ?? null)) return;
          ctx.tx.put('agent', { ...agent, deviceRegistered: { registered, detail: detail ?? null, at: ctx.clock.now() } }, registered ? 'device-registered' : 'device-unregistered');
        }),
      recordingReady: (legId, recording) => {
        const callId = this.agentLegs.callOf(legId);
        if (!callId) return this.log(`recording of leg ${legId} dropped: no call of that leg is known`);
        if (!this.deps.recordings) return this.log(`recording of call ${callId} dropped: this server keeps no recordings`);
        this.deps.recordings({ ...recording, callId });
      },
      serviceState: (ready, reason) => {
        this.telephonyReady = ready;
        if (!ready) this.log(`telephony not ready: ${reason ?? 'unknown reason'}`);
        this.safely('service state', (ctx) => setService(ctx, 'telephony', ready, ready ? null : (reason ?? 'Call center module is not ready.')));
      },
    };
  }

  private log(line: string): void {
    this.deps.log?.(line);
  }
}

/** The CoreError a refused internal transaction is thrown or rejected with. */
function failureOf(response: ResponseFrame): CoreError {
  const error = response.ok ? null : response.error;
  return new CoreError(error?.code ?? 'INTERNAL', error?.message ?? 'internal work failed', error?.details);
}

/** Whether the command is a view's first answer (CommandSpec view): read after its group's commit, never kept. */
function isView(cmd: string): boolean {
  return isCommandName(cmd) && (COMMANDS[cmd] as { view?: true }).view === true;
}

/** Answers that say nothing about the command itself: the same id may be sent again once the cause is fixed. */
function isServerFailure(response: ResponseFrame): boolean {
  return !response.ok && ['NOT_LOGGED_IN', 'STORE_FAILED', 'INTERNAL'].includes(response.error.code);
}
