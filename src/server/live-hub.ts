import { ENTITIES, liveTopic } from '../core/protocol/entities.js';
import type { EntityChange } from '../core/protocol/events.js';
import { LIVE_BATCH_EVENT } from '../core/protocol/live.js';

/**
 * Conflated delivery of live entities (queue and campaign figures, metrics,
 * colleagues' presence): each connection follows topics (its own queues by
 * default, more while a screen asks), and gets the latest value of every
 * followed topic that changed, in one frame, at most once per interval.
 *
 * The interval is each topic's own: a topic not sent for an interval goes
 * out at the next turn; its changes within an interval of its last sending
 * wait for the hub's next tick after that interval (ticks are multiples of
 * the interval, so busy topics go together), and only the last is sent
 * (latest wins). So a figure is late by at most two intervals, mostly much
 * less, and the cost of a topic no longer depends on how often it changes;
 * one busy topic does not hold back a quiet one. Topics due at the same
 * moment go in one frame per connection. Each
 * changed entity is serialised once per batch; a connection's frame joins
 * the pieces it follows.
 */
export class LiveHub<C> {
  /** topic -> the connections that follow it, each with how many of its views ask for it. */
  private readonly followers = new Map<string, Map<C, number>>();
  /** The latest value of each followed topic changed since the last batch. */
  private readonly changed = new Map<string, EntityChange>();
  /** When each topic was last sent, while that is less than an interval ago. */
  private readonly lastSent = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  /** When the armed timer fires. */
  private timerAt = Infinity;

  constructor(
    private readonly intervalMs: number,
    private readonly send: (connection: C, text: string) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  follow(connection: C, topics: Iterable<string>): void {
    for (const topic of topics) {
      let set = this.followers.get(topic);
      if (!set) {
        set = new Map();
        this.followers.set(topic, set);
      }
      set.set(connection, (set.get(connection) ?? 0) + 1);
    }
  }

  unfollow(connection: C, topics: Iterable<string>): void {
    for (const topic of topics) {
      const set = this.followers.get(topic);
      const n = set?.get(connection);
      if (!set || n === undefined) continue;
      if (n > 1) set.set(connection, n - 1);
      else set.delete(connection);
      if (set.size === 0) this.followers.delete(topic);
    }
  }

  /** A committed group's live changes: kept for their topic's next batch when someone follows them. */
  changes(list: readonly EntityChange[]): void {
    let due = Infinity;
    const now = this.now();
    for (const change of list) {
      if (!change.value) continue;
      const topic = liveTopic(change.kind, change.value as { id: string; scope?: string });
      if (!this.followers.has(topic)) continue;
      this.changed.set(topic, change);
      due = Math.min(due, this.dueAt(topic, now));
    }
    if (due < Infinity) this.arm(due);
  }

  /** Send these current values to one connection now, in one frame (a resumed panel's streams). */
  sendNow(connection: C, values: readonly EntityChange[]): void {
    if (values.length > 0) this.send(connection, batchFrame(values.map(updateText)));
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.timerAt = Infinity;
    this.changed.clear();
    this.lastSent.clear();
  }

  /**
   * When a changed topic may go: now if it has not gone for an interval;
   * else at the hub's first tick (a multiple of the interval) an interval or
   * more after it last went, with every other busy topic, so a panel whose
   * figures all move gets one frame per interval, not one per figure.
   */
  private dueAt(topic: string, now: number): number {
    const last = this.lastSent.get(topic);
    if (last === undefined || now - last >= this.intervalMs) return now;
    return Math.ceil((last + this.intervalMs) / this.intervalMs) * this.intervalMs;
  }

  private arm(due: number): void {
    if (this.timer && this.timerAt <= due) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = due;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.timerAt = Infinity;
      this.flush();
    }, Math.max(0, due - this.now()));
  }

  private flush(): void {
    const now = this.now();
    for (const [topic, at] of this.lastSent) if (at + this.intervalMs <= now) this.lastSent.delete(topic);
    const pieces = new Map<C, string[]>();
    let next = Infinity;
    for (const [topic, change] of this.changed) {
      const due = this.dueAt(topic, now);
      if (due > now) {
        next = Math.min(next, due);
        continue;
      }
      this.changed.delete(topic);
      const followers = this.followers.get(topic);
      if (!followers) continue;
      this.lastSent.set(topic, now);
      const text = updateText(change);
      for (const connection of followers.keys()) {
        const list = pieces.get(connection);
        if (list) list.push(text);
        else pieces.set(connection, [text]);
      }
    }
    for (const [connection, list] of pieces) this.send(connection, batchFrame(list));
    if (next < Infinity) this.arm(next);
  }
}

/** One entity as a batch carries it: the event that would have carried it, serialised once. */
function updateText(change: EntityChange): string {
  const row = ENTITIES[change.kind];
  return JSON.stringify({ ev: row.update, data: { [row.field]: change.value } });
}

function batchFrame(updates: string[]): string {
  return `{"v":1,"ev":"${LIVE_BATCH_EVENT}","at":"${new Date().toISOString()}","data":{"updates":[${updates.join(',')}]}}`;
}
