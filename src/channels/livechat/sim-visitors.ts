import WebSocket from 'ws';
import type { Clock, Random, TimerHandle } from '../../core/clock.js';
import type { ServerFrame } from './visitor-protocol.js';
import { inventVisitor, NUDGE, SURVEY_COMMENTS, type InventedVisitor } from './sim-scripts.js';
import { SIMULATOR_HEADER } from './simulator-key.js';

/**
 * Simulated website visitors for the demo. They are real clients of the
 * visitor WebSocket (/visitor), like the chat page: a visitor opens a chat,
 * types its question word by word (the agent's sneak peek fills as it types),
 * reads and answers the agent after a pause, sometimes ends the chat itself,
 * and answers the survey. All waiting runs on the injected clock; only the
 * socket is real.
 */
export interface ChatSimSettings {
  /** Visitors per hour; 0 brings none. */
  chatsPerHour: number;
  /** Live chat queue ids the visitors pick from. */
  queues: string[];
}

export interface ChatSimOptions {
  /** The visitor endpoint, e.g. ws://127.0.0.1:7300/visitor. */
  url: string;
  clock: Clock;
  random: Random;
  settings: ChatSimSettings;
  /**
   * The simulator stands in for the visitors' reverse proxy: it says each
   * visitor's invented address in X-Forwarded-For, with this key (made fresh
   * by the server it runs in) in `X-Switchboard-Simulator`. The server
   * believes that header only with the key, so nobody else on loopback can
   * pick their own address. Without a key every simulated visitor is 127.0.0.1.
   */
  forwardKey?: string;
  log?: (line: string) => void;
  /** Told of each step (tests wait on these instead of sleeping). */
  trace?: (visitor: string, what: string) => void;
}

/** How long things take a simulated visitor, in milliseconds. */
const PACE = {
  perWordMs: { min: 250, max: 700 },
  readMs: { min: 1_000, max: 3_000 },
  thinkMs: { min: 4_000, max: 15_000 },
  surveyMs: { min: 5_000, max: 20_000 },
  endMs: { min: 5_000, max: 12_000 },
  /** With no agent reply by then, the visitor asks whether anyone is there; twice that, they leave. */
  patienceMs: { min: 4 * 60_000, max: 6 * 60_000 },
};

export class ChatSimulator {
  private readonly visitors = new Set<SimVisitor>();
  private arrival: TimerHandle | null = null;
  private running = false;
  private count = 0;

  constructor(private readonly options: ChatSimOptions) {}

  start(): void {
    if (this.running || this.options.settings.chatsPerHour <= 0 || this.options.settings.queues.length === 0) return;
    this.running = true;
    this.scheduleArrival();
  }

  stop(): void {
    this.running = false;
    if (this.arrival) this.options.clock.clearTimer(this.arrival);
    this.arrival = null;
    for (const v of [...this.visitors]) v.leave();
    this.visitors.clear();
  }

  /** One visitor arrives now (the arrival timer, and tests). */
  arrive(): SimVisitor {
    const r = () => this.options.random.next();
    const queues = this.options.settings.queues;
    const who = inventVisitor(r);
    const visitor = new SimVisitor(`sim-${++this.count}`, who, queues[Math.floor(r() * queues.length)]!, this.options, () => this.visitors.delete(visitor));
    this.visitors.add(visitor);
    visitor.connect();
    return visitor;
  }

  active(): number {
    return this.visitors.size;
  }

  /** Arrivals spread evenly around the mean gap (half to one and a half of it), so the demo has a steady trickle. */
  private scheduleArrival(): void {
    const meanMs = 3_600_000 / this.options.settings.chatsPerHour;
    const gap = meanMs * (0.5 + this.options.random.next());
    this.arrival = this.options.clock.setTimer(gap, () => {
      if (!this.running) return;
      try {
        this.arrive();
      } catch (e) {
        this.options.log?.(`simulated visitor failed to arrive: ${(e as Error).message}`);
      }
      this.scheduleArrival();
    });
  }
}

class SimVisitor {
  private ws: WebSocket | null = null;
  private readonly timers = new Set<TimerHandle>();
  private answered = 0;
  private replying = false;
  private heardFromAgent = false;
  private gone = false;

  constructor(
    readonly id: string,
    readonly who: InventedVisitor,
    private readonly queue: string,
    private readonly options: ChatSimOptions,
    private readonly onGone: () => void,
  ) {}

  connect(): void {
    const key = this.options.forwardKey;
    const headers = key ? { 'x-forwarded-for': this.who.ip, [SIMULATOR_HEADER]: key } : undefined;
    const ws = new WebSocket(this.options.url, { headers, perMessageDeflate: false });
    this.ws = ws;
    ws.on('open', () => {
      this.send({ type: 'start', name: this.who.name, email: this.who.email ?? undefined, queue: this.queue, visitorId: this.id, geo: this.who.geo });
      this.trace('connected');
    });
    ws.on('message', (data) => {
      try {
        this.receive(JSON.parse(data.toString()) as ServerFrame);
      } catch (e) {
        this.options.log?.(`simulated visitor ${this.id}: ${(e as Error).message}`);
      }
    });
    ws.on('close', () => this.leave());
    ws.on('error', (e) => this.options.log?.(`simulated visitor ${this.id}: ${e.message}`));
  }

  /** Hang up and forget every plan. */
  leave(): void {
    if (this.gone) return;
    this.gone = true;
    for (const t of this.timers) this.options.clock.clearTimer(t);
    this.timers.clear();
    this.ws?.close();
    this.onGone();
    this.trace('left');
  }

  private receive(frame: ServerFrame): void {
    switch (frame.type) {
      case 'started':
        this.trace('started');
        this.later(PACE.thinkMs, () => this.say(this.who.script.opening));
        this.later(PACE.patienceMs, () => this.impatient());
        return;
      case 'message':
        if (frame.message.author === 'agent') this.agentSaid();
        return;
      case 'survey':
        // Nobody ever answered: the visitor has given up and does not rate the chat.
        if (!this.heardFromAgent) return this.leave();
        this.later(PACE.surveyMs, () => {
          const score = 6 + Math.floor(this.options.random.next() * 5);
          const comments = SURVEY_COMMENTS;
          this.send({ type: 'survey', score, comment: comments[Math.floor(this.options.random.next() * comments.length)]! });
          this.trace('rated');
        });
        this.trace('asked to rate');
        return;
      case 'closed':
      case 'banned':
        this.trace(frame.type);
        this.leave();
        return;
      case 'error':
        this.options.log?.(`simulated visitor ${this.id} was refused: ${frame.code} ${frame.message}`);
        return;
      default:
        return;
    }
  }

  /** Read the agent's message, then answer it (one answer at a time, however many the agent sends). */
  private agentSaid(): void {
    this.heardFromAgent = true;
    this.later(PACE.readMs, () => this.send({ type: 'seen' }));
    if (this.replying) return;
    this.replying = true;
    const script = this.who.script;
    const next = this.answered < script.answers.length ? script.answers[this.answered]! : this.answered === script.answers.length ? script.thanks : null;
    this.answered++;
    if (next === null) {
      // Nothing left to say: the agent will solve the chat, or the visitor ends it.
      this.replying = false;
      return;
    }
    this.trace('reply planned');
    this.later(PACE.thinkMs, () =>
      this.say(next, () => {
        this.replying = false;
        if (next === script.thanks && this.options.random.next() < 0.5) this.later(PACE.endMs, () => this.endChat());
      }),
    );
  }

  private impatient(): void {
    if (this.heardFromAgent) return;
    this.say(NUDGE);
    this.later(PACE.patienceMs, () => {
      if (!this.heardFromAgent) this.endChat();
    });
  }

  private endChat(): void {
    this.send({ type: 'close' });
    this.trace('ended the chat');
  }

  /** Type a line word by word (each step is the live draft the agent sees), then send it. */
  private say(text: string, then?: () => void): void {
    const words = text.split(' ');
    let typed = 0;
    const step = () => {
      typed++;
      this.send({ type: 'typing', text: words.slice(0, typed).join(' ') });
      if (typed < words.length) return this.later(PACE.perWordMs, step);
      this.send({ type: 'message', text });
      this.trace(`said: ${text}`);
      then?.();
    };
    this.trace('typing');
    this.later(PACE.perWordMs, step);
  }

  private later(range: { min: number; max: number }, fn: () => void): void {
    if (this.gone) return;
    const ms = range.min + this.options.random.next() * (range.max - range.min);
    const timer = this.options.clock.setTimer(ms, () => {
      this.timers.delete(timer);
      if (!this.gone) fn();
    });
    this.timers.add(timer);
  }

  private send(frame: Record<string, unknown>): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(frame));
  }

  private trace(what: string): void {
    this.options.trace?.(this.id, what);
  }
}

export type { SimVisitor };
