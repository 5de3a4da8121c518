import type { Clock } from '../core/clock.js';
import type { Engine } from '../core/engine.js';
import { CoreError, isCoreError } from '../core/errors.js';
import { agentsOnline } from '../core/messaging/availability.js';
import { latestWithin } from '../core/messaging/log-budget.js';
import { sentBefore, visitorClose, visitorEmail, visitorMessage, visitorSeen, visitorStart, visitorSurvey, visitorTyping } from '../core/messaging/visitor.js';
import type { Attachment, Ban, Conversation, Message } from '../core/protocol/model.js';
import type { StoredEvent } from '../core/ports/store.js';
import type { EntityChange } from '../core/protocol/events.js';
import { frameTooLarge } from '../core/protocol/frames.js';
import { parseVisitorFrame, type ServerFrame, type VisitorConversation, type VisitorFrame, type VisitorMessage } from '../channels/livechat/visitor-protocol.js';
import type { VisitorTokens } from '../channels/livechat/visitor-token.js';
import { toVisitorMessage } from '../channels/livechat/visitor-view.js';
import { RecentWaits, visitorWait } from '../channels/livechat/visitor-wait.js';
import type { Log } from './logger.js';
import { DEFAULT_LIMITS, type ServerLimits } from './limits.js';
import { TOO_MANY_MESSAGES, VisitorMessageRate } from './visitor-message-rate.js';
import { frameBytes, frameText, type FrameData } from './frame-data.js';
import { forgetOldest } from '../core/bounded-map.js';
import { CountByKey } from '../core/limits/count-by-key.js';

/** One visitor's end of a socket. */
export interface VisitorWire {
  /** The address the server saw (X-Forwarded-For only from a trusted proxy): bans apply to it. */
  readonly address: string;
  send(text: string): void;
  close(code: number, reason: string): void;
  /** Cut at once, with no closing handshake. */
  terminate(): void;
  /** Bytes queued but not yet sent. */
  bufferedBytes(): number;
}

const STARTS_PER_MINUTE = 5;
/** A visitor's socket holds at most this much unsent (a page that stopped reading is cut). */
const MAX_BUFFERED_BYTES = 1024 * 1024;
/**
 * Characters of messages a started or resumed chat sends at most, the latest
 * (at most about 768 KB of UTF-8): a chat of long messages sent whole would
 * pass the limit above and cut the page at every resume.
 */
const MAX_STARTED_CHARS = 256 * 1024;
/** Close code for a socket that did not start a chat in time (the agents' login deadline's). */
const CLOSE_START_DEADLINE = 4408;

/** Said when the survey frame cannot find the bot's question in the same transaction. */
const DEFAULT_QUESTION = 'How would you rate this conversation, from 1 to 10? You can add a comment.';
/** Policy violation: the page reads the `banned` frame sent just before. */
const BANNED_CLOSE = 1008;

class VisitorConnection {
  conversation: string | null = null;
  /** The status last told, so a `status` frame goes out only when it changes. */
  told: { status: Conversation['status']; surveyPending: boolean } | null = null;
  /** Banned and closed, or cut: nothing more is sent. */
  ended = false;
  /** Has started or resumed a chat at least once. */
  started = false;
  deadline: NodeJS.Timeout | null = null;
  /** The agent's name and the wait last told (as JSON), so `agent` and `wait` frames go out only on a change. */
  toldAgent: string | null = null;
  toldWait: string | null = null;

  constructor(
    readonly wire: VisitorWire,
    private readonly gateway: VisitorGateway,
  ) {}

  receive(data: FrameData): void {
    if (this.ended) return;
    const tooLarge = frameTooLarge(frameBytes(data), 'visitor');
    if (tooLarge) this.send({ type: 'error', code: tooLarge.code, message: tooLarge.message });
    else this.gateway.receive(this, frameText(data));
  }

  send(frame: ServerFrame): void {
    if (this.ended) return;
    this.wire.send(JSON.stringify(frame));
    if (this.wire.bufferedBytes() > MAX_BUFFERED_BYTES) {
      this.ended = true;
      this.wire.terminate();
      this.closed();
    }
  }

  closed(): void {
    this.gateway.forget(this);
  }
}

export type { VisitorConnection };

/**
 * The live chat visitor's side of the engine (/visitor). Every visitor action
 * runs as one engine transaction through the core's visitor handlers, exactly
 * like an agent command; refusals come back as `error` frames with the core's
 * code and sentence. Committed events about the visitor's own conversation —
 * and nothing else — are turned into the visitor's frames: their messages as
 * the visitor may see them (see visitor-view.ts), read receipts, status,
 * survey, closure, ban; the agent's typing arrives as three dots.
 */
export class VisitorGateway {
  private readonly connections = new Set<VisitorConnection>();
  /** Connections per conversation: most events concern no visitor, so this is looked up, never scanned. */
  private readonly byConversation = new Map<string, Set<VisitorConnection>>();
  /** Chats started per address in the last minute: one address cannot flood the queues. */
  private readonly starts = new Map<string, number[]>();
  /** Every visitor socket, per address (see socketsFrom). */
  private readonly perAddress = new CountByKey();
  /** Sockets that have not started a chat, per address (see notStartedFrom). */
  private readonly notStarted = new CountByKey();
  /** How long recent chats waited for their first agent, per queue: the base of the wait estimate. */
  private readonly waits = new RecentWaits();
  /** Connections whose chat waits for an agent, with its queue: only their queues' lines are worked out. */
  private readonly waiting = new Map<VisitorConnection, string>();
  private readonly unsubscribe: () => void;
  private readonly startDeadlineMs: number;
  /** Messages and other stored frames per chat and per address: one visitor cannot fill the disk. */
  private readonly messageRate: VisitorMessageRate;
  private readonly socketsPerChat: number;

  constructor(
    private readonly engine: Engine,
    private readonly tokens: VisitorTokens,
    private readonly clock: Clock,
    private readonly log: Log = () => {},
    options: Partial<Pick<ServerLimits, 'startDeadlineMs' | 'visitorChatMessages' | 'visitorAddressMessages' | 'visitorSocketsPerChat'>> = {},
  ) {
    this.startDeadlineMs = options.startDeadlineMs ?? DEFAULT_LIMITS.startDeadlineMs;
    this.socketsPerChat = options.visitorSocketsPerChat ?? DEFAULT_LIMITS.visitorSocketsPerChat;
    this.messageRate = new VisitorMessageRate({
      chat: options.visitorChatMessages ?? DEFAULT_LIMITS.visitorChatMessages,
      address: options.visitorAddressMessages ?? DEFAULT_LIMITS.visitorAddressMessages,
    });
    const offEvents = engine.subscribe((events, live) => this.fanOut(events, live));
    const offTyping = engine.subscribeEphemeral((event) => {
      if (event.ev !== 'conversation.typing' || event.data.who !== 'agent') return;
      for (const c of this.byConversation.get(String(event.data.conversation)) ?? []) c.send({ type: 'typing', active: Boolean(event.data.typing) });
    });
    this.unsubscribe = () => {
      offEvents();
      offTyping();
    };
  }

  open(wire: VisitorWire): VisitorConnection {
    const c = new VisitorConnection(wire, this);
    this.connections.add(c);
    this.perAddress.add(wire.address);
    this.notStarted.add(wire.address);
    c.deadline = setTimeout(() => {
      c.deadline = null;
      if (!c.started) c.wire.close(CLOSE_START_DEADLINE, `Start a chat within ${Math.round(this.startDeadlineMs / 1000)} s`);
    }, this.startDeadlineMs);
    c.deadline.unref?.();
    return c;
  }

  forget(c: VisitorConnection): void {
    if (!this.connections.delete(c)) return;
    this.perAddress.remove(c.wire.address);
    if (c.deadline) clearTimeout(c.deadline);
    if (!c.started) this.notStarted.remove(c.wire.address);
    this.unbind(c);
  }

  /** Visitor sockets from this address, chatting or not. */
  socketsFrom(address: string): number {
    return this.perAddress.count(address);
  }

  /** Sockets from this address that have not started or resumed a chat. */
  notStartedFrom(address: string): number {
    return this.notStarted.count(address);
  }

  /** The socket now has a chat: it no longer counts against its address, and its deadline is over. */
  private markStarted(c: VisitorConnection): void {
    if (c.started) return;
    c.started = true;
    this.notStarted.remove(c.wire.address);
    if (c.deadline) clearTimeout(c.deadline);
    c.deadline = null;
  }

  connectionCount(): number {
    return this.connections.size;
  }

  close(): void {
    this.unsubscribe();
    for (const c of [...this.connections]) {
      c.wire.close(1001, 'Server shutting down');
      this.forget(c);
    }
    this.byConversation.clear();
  }

  /** The conversation a visitor token stands for, if the token is genuine and the conversation exists. */
  conversationOfToken(token: string): Conversation | null {
    const id = this.tokens.verify(token);
    return id ? (this.engine.state.get('conversation', id) ?? null) : null;
  }

  /** The ban in force on an address now, if any. */
  activeBan(address: string): Ban | null {
    const ban = this.engine.state.get('ban', address);
    return ban && ban.end > this.clock.now() ? ban : null;
  }

  receive(c: VisitorConnection, text: string): void {
    const parsed = parseVisitorFrame(text);
    if (!parsed.ok) {
      c.send({ type: 'error', code: parsed.code, message: parsed.message });
      return;
    }
    try {
      this.handle(c, parsed.frame);
    } catch (e) {
      if (isCoreError(e) && e.code === 'BANNED') this.banned(c, this.activeBan(c.wire.address));
      else if (isCoreError(e)) c.send({ type: 'error', code: e.code, message: e.message, ...refusedMessage(parsed.frame) });
      else {
        this.log(`visitor frame from ${c.wire.address} failed: ${(e as Error).stack ?? String(e)}`);
        c.send({ type: 'error', code: 'INTERNAL', message: 'Something went wrong on our side; please try again.', ...refusedMessage(parsed.frame) });
      }
    }
  }

  private mayStart(ip: string): boolean {
    const now = this.clock.now();
    const recent = (this.starts.get(ip) ?? []).filter((t) => now - t < 60_000);
    if (recent.length >= STARTS_PER_MINUTE) {
      this.starts.set(ip, recent);
      return false;
    }
    recent.push(now);
    this.starts.set(ip, recent);
    forgetOldest(this.starts, 10_000);
    return true;
  }

  private handle(c: VisitorConnection, frame: VisitorFrame): void {
    const ip = c.wire.address;
    switch (frame.type) {
      case 'start': {
        const current = c.conversation ? this.engine.state.get('conversation', c.conversation) : null;
        if (current && current.status !== 'closed') {
          c.send({ type: 'error', code: 'ALREADY_CHATTING', message: 'You are already in a chat; end it to start another.' });
          return;
        }
        if (!this.mayStart(ip)) {
          c.send({ type: 'error', code: 'TOO_MANY_CHATS', message: 'Too many chats started from your address; please wait a minute and try again.' });
          return;
        }
        const started = this.engine.run((ctx) =>
          visitorStart(ctx, {
            visitorId: frame.visitorId,
            name: frame.name,
            email: frame.email?.trim() || null,
            queue: frame.queue || null,
            ip,
            geo: frame.geo ?? null,
            text: frame.text,
          }),
        );
        this.bind(c, started.id);
        this.sendStarted(c, started.id);
        return;
      }
      case 'resume': {
        const conversation = this.conversationOfToken(frame.visitorToken);
        if (!conversation || conversation.id !== frame.conversationId) {
          c.send({ type: 'error', code: 'CONVERSATION_NOT_FOUND', message: 'That chat cannot be found; start a new one.' });
          return;
        }
        const ban = this.activeBan(ip);
        if (ban) return this.banned(c, ban);
        if (this.openElsewhere(c, conversation.id) >= this.socketsPerChat) {
          // Refused, not bound: the chat and its other windows go on as they were.
          c.send({ type: 'error', code: 'TOO_MANY_WINDOWS', message: `This chat is open in ${this.socketsPerChat} windows already; close one of them, then reload this page.` });
          return;
        }
        this.bind(c, conversation.id);
        this.sendStarted(c, conversation.id);
        return;
      }
    }
    const id = c.conversation;
    if (!id) {
      c.send({ type: 'error', code: 'NOT_STARTED', message: 'Start a chat first.' });
      return;
    }
    // Sent again because its answer was lost on a bad link: the page is told again, nothing is stored (or counted) twice.
    const clientId = frame.type === 'message' ? frame.clientId : undefined;
    const before = clientId ? this.engine.run((ctx) => sentBefore(ctx, id, clientId)) : null;
    if (before) {
      const shown = this.message(before);
      if (shown) c.send({ type: 'message', message: shown });
      return;
    }
    // Refused before anything is looked up or stored: what was stored before stays.
    if (STORED.has(frame.type) && !this.messageRate.take(id, ip, this.clock.now())) {
      c.send({ type: 'error', ...TOO_MANY_MESSAGES, ...refusedMessage(frame) });
      return;
    }
    switch (frame.type) {
      case 'message': {
        const attachments = frame.attachments.map((f) => this.attachment(id, f));
        this.engine.run((ctx) => visitorMessage(ctx, id, ip, frame.text, attachments, frame.clientId));
        return;
      }
      case 'typing':
        this.engine.run((ctx) => visitorTyping(ctx, id, frame.text));
        return;
      case 'seen':
        this.engine.run((ctx) => visitorSeen(ctx, id, ip));
        return;
      case 'close':
        this.engine.run((ctx) => visitorClose(ctx, id, ip));
        return;
      case 'survey':
        this.engine.run((ctx) => visitorSurvey(ctx, id, frame.score, frame.comment));
        return;
      case 'email': {
        const kept = this.engine.run((ctx) => visitorEmail(ctx, id, ip, frame.email));
        c.send({ type: 'email', email: kept.customer.email ?? frame.email });
        return;
      }
    }
  }

  /** A file the visitor uploaded for this conversation (POST /files with their token). */
  private attachment(conversation: string, fileId: string): Attachment {
    const f = this.engine.state.get('file', fileId);
    if (!f || f.owner !== `visitor:${conversation}`) throw new CoreError('FILE_NOT_FOUND', `There is no uploaded file ${fileId}; upload it first.`);
    return { id: f.id, name: f.name, size: f.size, type: f.type };
  }

  /** Other sockets the chat is open in (a socket resuming its own chat again is not counted twice). */
  private openElsewhere(c: VisitorConnection, conversation: string): number {
    const set = this.byConversation.get(conversation);
    return (set?.size ?? 0) - (set?.has(c) ? 1 : 0);
  }

  private bind(c: VisitorConnection, conversation: string): void {
    this.markStarted(c);
    this.unbind(c);
    c.conversation = conversation;
    const set = this.byConversation.get(conversation) ?? new Set<VisitorConnection>();
    set.add(c);
    this.byConversation.set(conversation, set);
  }

  private unbind(c: VisitorConnection): void {
    if (!c.conversation) return;
    const set = this.byConversation.get(c.conversation);
    set?.delete(c);
    if (set?.size === 0) this.byConversation.delete(c.conversation);
    c.conversation = null;
    c.told = null;
    c.toldAgent = null;
    c.toldWait = null;
    this.waiting.delete(c);
  }

  private sendStarted(c: VisitorConnection, id: string): void {
    const conversation = this.engine.state.get('conversation', id)!;
    c.told = { status: conversation.status, surveyPending: conversation.surveyPending };
    const view = this.view(conversation);
    c.toldAgent = view.agentName;
    this.noteWaiting(c, conversation);
    // Only as much of the log as the page is sent is read (older messages are in the store, not in memory).
    const ids = this.engine.messageIdsOf(id);
    const shown = latestWithin<VisitorMessage>(
      ids.length,
      (i) => {
        const m = this.engine.state.get('message', ids[i]!);
        return (m && this.message(m)) ?? undefined;
      },
      MAX_STARTED_CHARS,
    );
    c.send({ type: 'started', conversation: view, visitorToken: this.tokens.issue(id), messages: shown.items, omitted: shown.omitted });
    this.tellWaits([conversation.queue]);
    if (conversation.surveyPending) c.send({ type: 'survey', question: lastBotQuestion(this.engine.messagesOf(id)) ?? DEFAULT_QUESTION });
  }

  private view(c: Conversation): VisitorConversation {
    const queue = this.engine.config.messagingQueues.find((q) => q.id === c.queue);
    return {
      id: c.id,
      queue: c.queue,
      queueName: queue?.name ?? c.queue,
      subject: c.subject,
      status: c.status,
      surveyPending: c.surveyPending,
      agentName: this.agentName(c),
      email: c.customer.email,
    };
  }

  private agentName(c: Conversation): string | null {
    return c.agent ? (this.engine.state.agent(c.agent)?.name ?? null) : null;
  }

  /**
   * Tell every visitor waiting in these queues their place in line, a rough
   * wait and whether anyone can answer, when that changed for them. Runs after
   * any change to a queue's chats or to its agents' presence (mqueue.stats).
   */
  private tellWaits(queues: Iterable<string>): void {
    const touched = new Set(queues);
    const wanted = new Set([...this.waiting.values()].filter((q) => touched.has(q)));
    if (wanted.size === 0) return;
    const now = this.clock.now();
    const lines = this.engine.run((ctx) =>
      [...wanted].map((queue) => ({ queue, waiting: [...ctx.conversations.unassignedIn(queue)], online: agentsOnline(ctx.config, ctx.state, queue, now, ctx.presence) })),
    );
    for (const { queue, waiting, online } of lines) {
      waiting.forEach((id, i) => {
        const to = this.byConversation.get(id);
        if (!to) return;
        const wait = visitorWait({ position: i + 1, agentsOnline: online, recentWaitsMs: this.waits.of(queue, now) });
        const told = JSON.stringify(wait);
        for (const c of to) {
          if (c.toldWait === told) continue;
          c.toldWait = told;
          c.send({ type: 'wait', ...wait });
        }
      });
    }
  }

  private noteWaiting(c: VisitorConnection, conversation: Conversation): void {
    if (!conversation.agent && (conversation.status === 'open' || conversation.status === 'waiting')) this.waiting.set(c, conversation.queue);
    else this.waiting.delete(c);
  }

  /** Agents who can answer a queue's chats now, for the chat page's form (it offers to leave a message when none). */
  agentsOnline(queue: string): number {
    return agentsOnline(this.engine.config, this.engine.state, queue, this.clock.now(), this.engine.presence);
  }

  private message(m: Message): VisitorMessage | null {
    return toVisitorMessage(m, (agent) => this.engine.state.agent(agent)?.name ?? null);
  }

  /** Tell the visitor why, then hang up: a banned visitor may not write or start again until the ban ends. */
  private banned(c: VisitorConnection, ban: Ban | null): void {
    if (c.ended) return;
    c.send({
      type: 'banned',
      reason: ban?.reason ?? 'You cannot chat with us at the moment.',
      until: new Date(ban?.end ?? this.clock.now()).toISOString(),
    });
    c.ended = true;
    this.unbind(c);
    c.wire.close(BANNED_CLOSE, 'Banned');
  }

  private fanOut(events: StoredEvent[], live: EntityChange[] = []): void {
    this.noteWaits(events);
    // Most transactions concern no visitor at all (agent state, calls).
    if (this.connections.size === 0) return;
    const seen = new Map<string, string[]>();
    // Queues whose line or agents changed: their waiting visitors may have moved up, or lost or gained an agent.
    const lines = new Set<string>();
    for (const change of live) if (change.kind === 'mqueueStats') lines.add(change.key);
    for (const event of events) {
      switch (event.ev) {
        case 'message.created': {
          const m = event.data.message as Message;
          const to = this.byConversation.get(m.conversation);
          if (!to) break;
          const shown = this.message(m);
          if (shown) for (const c of to) c.send({ type: 'message', message: shown });
          break;
        }
        case 'message.updated': {
          // Read receipts for the visitor's own messages; the agent's messages being read is the agent's news.
          const m = event.data.message as Message;
          if (m.author !== 'customer' || m.seenAt === null || !this.byConversation.has(m.conversation)) break;
          seen.set(m.conversation, [...(seen.get(m.conversation) ?? []), m.id]);
          break;
        }
        case 'conversation.updated':
          lines.add((event.data.conversation as Conversation).queue);
          this.conversationChanged(event.data.conversation as Conversation, events);
          break;
        case 'ban.updated': {
          const ban = event.data.ban as Ban;
          if (ban.end <= this.clock.now()) break;
          for (const c of [...this.connections]) if (c.wire.address === ban.id) this.banned(c, ban);
          break;
        }
      }
    }
    for (const [conversation, ids] of seen) for (const c of this.byConversation.get(conversation) ?? []) c.send({ type: 'seen', ids });
    if (lines.size > 0) this.tellWaits(lines);
  }

  /** A chat given to its first agent: how long it waited, for the next visitors' estimate. */
  private noteWaits(events: StoredEvent[]): void {
    for (const event of events) {
      if (event.ev !== 'conversation.updated' || !FIRST_ASSIGNMENT.has(String(event.data.reason))) continue;
      const c = event.data.conversation as Conversation;
      if (c.assignedAt !== null && c.transfers.length === 0) this.waits.record(c.queue, c.assignedAt - c.createdAt, c.assignedAt);
    }
  }

  private conversationChanged(conversation: Conversation, batch: StoredEvent[]): void {
    const to = this.byConversation.get(conversation.id);
    if (!to) return;
    const agentName = this.agentName(conversation);
    for (const c of [...to]) {
      this.noteWaiting(c, conversation);
      if (c.toldAgent !== agentName) {
        c.toldAgent = agentName;
        // With an agent the line is behind them; back in line, the next `wait` frame is news again.
        c.toldWait = null;
        c.send({ type: 'agent', name: agentName });
      }
      const before = c.told;
      if (before && before.status === conversation.status && before.surveyPending === conversation.surveyPending) continue;
      c.told = { status: conversation.status, surveyPending: conversation.surveyPending };
      c.send({ type: 'status', status: conversation.status, surveyPending: conversation.surveyPending });
      if (conversation.surveyPending && !before?.surveyPending) {
        const asked = batch.map((e) => e.data.message as Message | undefined).filter((m): m is Message => m?.conversation === conversation.id);
        c.send({ type: 'survey', question: lastBotQuestion(asked) ?? DEFAULT_QUESTION });
      }
      if (conversation.status === 'closed' && before?.status !== 'closed') {
        if (conversation.closedBy?.kind === 'ban') this.banned(c, this.activeBan(conversation.customer.ip ?? c.wire.address));
        else c.send({ type: 'closed', by: conversation.closedBy?.kind ?? null });
      }
    }
  }
}

/**
 * The frames that store something each time (an email address stores when it
 * changes, so two sent in turn store every time). Typing is passed on, never
 * stored; seen, close and survey store once at most.
 */
const STORED = new Set<VisitorFrame['type']>(['message', 'email']);

/** An error about a message the page gave an id names it, so the page knows which one was not kept. */
function refusedMessage(frame: VisitorFrame): { clientId?: string } {
  return frame.type === 'message' && frame.clientId ? { clientId: frame.clientId } : {};
}

/** The assignment reasons that give a waiting chat its first agent (a transfer is not the end of a wait). */
const FIRST_ASSIGNMENT = new Set(['automatic', 'manual', 'returning-customer']);

function lastBotQuestion(messages: Message[]): string | null {
  return messages.filter((m) => m.author === 'bot').at(-1)?.text ?? null;
}

