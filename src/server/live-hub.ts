import { ENTITIES, liveTopic } from '../core/protocol/entities.js';
import type { EntityChange } from '../core/protocol/events.js';
import { LIVE_BATCH_EVENT } from '../core/protocol/live.js';

/**
 * Conflated delivery of live entities (queue and campaign figures, metrics,
 * colleagues' presence): each connection follows topics (its own queues by
 * default, more while a screen asks), and gets the latest value of every
 * followed topic that changed, in one frame, at most once per interval.
 *
 * A change after a quiet interval goes out at the next turn; changes within
 * an interval of the last batch wait for its end, and only the last of each
 * entity is sent (latest wins). So the delay is bounded by the interval, and
 * the cost of a change no longer depends on how often it happens. Each
 * changed entity is serialised once per batch; a connection's frame joins
 * the pieces it follows.
 */
export class LiveHub<C> {
  /** topic -> the connections that follow it, each with how many of its views ask for it. */
  private readonly followers = new Map<string, Map<C, number>>();
  /** The latest value of each followed topic changed since the last batch. */
  private readonly changed = new Map<string, EntityChange>();
  private timer: NodeJS.Timeout | null = null;
  private lastBatchAt = -Infinity;

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

  /** A committed group's live changes: kept for the next batch when someone follows them. */
  changes(list: readonly EntityChange[]): void {
    for (const change of list) {
      if (!change.value) continue;
      const topic = liveTopic(change.kind, change.value as { id: string; scope?: string });
      if (this.followers.has(topic)) this.changed.set(topic, change);
    }
    if (this.changed.size > 0) this.arm();
  }

  /** Send these current values to one connection now, in one frame (a resumed panel's streams). */
  sendNow(connection: C, values: readonly EntityChange[]): void {
    if (values.length > 0) this.send(connection, batchFrame(values.map(updateText)));
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.changed.clear();
  }

  private arm(): void {
    if (this.timer) return;
    const wait = Math.max(0, this.lastBatchAt + this.intervalMs - this.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, wait);
  }

  private flush(): void {
    this.lastBatchAt = this.now();
    const pieces = new Map<C, string[]>();
    for (const [topic, change] of this.changed) {
      const followers = this.followers.get(topic);
      if (!followers) continue;
      const text = updateText(change);
      for (const connection of followers.keys()) {
        const list = pieces.get(connection);
        if (list) list.push(text);
        else pieces.set(connection, [text]);
      }
    }
    this.changed.clear();
    for (const [connection, list] of pieces) this.send(connection, batchFrame(list));
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
