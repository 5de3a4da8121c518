import { ENTITIES, liveTopic } from '../core/protocol/entities.js';
import type { EntityChange } from '../core/protocol/events.js';
import { LIVE_BATCH_EVENT } from '../core/protocol/live.js';

/**
 * Conflated delivery of live entities (queue and campaign figures, metrics,
 * colleagues' presence): each connection follows topics (its own queues by
 * default, more while a screen asks), and gets the latest value of every
 * followed topic that changed, in one frame, at most once per interval.
 *
 * The hub sends in rounds. A change when no round went for an interval goes
 * out at the next turn; changes after that wait for the hub's next tick (a
 * multiple of the interval) and only the last of each topic is sent (latest
 * wins). So a quiet centre's figure is not late at all, a busy one's by less
 * than two intervals, and a panel gets one frame per interval however many of
 * its topics move: with every queue ringing at 09:00, rounds per topic sent a
 * panel following five topics up to ten frames a second. Each changed entity
 * is serialised once per round; a connection's frame joins the pieces it
 * follows.
 */
export class LiveHub<C> {
  /** topic -> the connections that follow it, each with how many of its views ask for it. */
  private readonly followers = new Map<string, Map<C, number>>();
  /** The latest value of each followed topic changed since the last batch. */
  private readonly changed = new Map<string, EntityChange>();
  /** When the last round went. */
  private lastRound = -Infinity;
  /** The next round, when one is armed: when it goes, and how to call it off. */
  private armed: { at: number; cancel: () => void } | null = null;

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
    let any = false;
    for (const change of list) {
      if (!change.value) continue;
      const topic = liveTopic(change.kind, change.value as { id: string; scope?: string });
      if (!this.followers.has(topic)) continue;
      this.changed.set(topic, change);
      any = true;
    }
    if (any) this.arm(this.nextRound(this.now()));
  }

  /** Send these current values to one connection now, in one frame (a resumed panel's streams). */
  sendNow(connection: C, values: readonly EntityChange[]): void {
    if (values.length > 0) this.send(connection, batchFrame(new Date().toISOString(), values.map(updateText)));
  }

  close(): void {
    this.armed?.cancel();
    this.armed = null;
    this.changed.clear();
  }

  /** When the next round may go: now if none went for an interval, else the first tick an interval or more after the last. */
  private nextRound(now: number): number {
    if (now - this.lastRound >= this.intervalMs) return now;
    return Math.ceil((this.lastRound + this.intervalMs) / this.intervalMs) * this.intervalMs;
  }

  private arm(due: number): void {
    if (this.armed && this.armed.at <= due) return;
    this.armed?.cancel();
    const go = () => {
      this.armed = null;
      this.flush();
    };
    const wait = due - this.now();
    // A round due now goes at the end of this turn (after the rest of its commits), not a timer's millisecond later.
    if (wait <= 0) {
      const handle = setImmediate(go);
      this.armed = { at: due, cancel: () => clearImmediate(handle) };
    } else {
      const handle = setTimeout(go, wait);
      this.armed = { at: due, cancel: () => clearTimeout(handle) };
    }
  }

  private flush(): void {
    this.lastRound = this.now();
    const at = new Date().toISOString();
    // Each connection's changed topics, in the round's order (a panel's topics are found in the same order as every other's).
    const topicsOf = new Map<C, string[]>();
    const texts = new Map<string, string>();
    for (const [topic, change] of this.changed) {
      const followers = this.followers.get(topic);
      if (!followers) continue;
      texts.set(topic, updateText(change));
      for (const connection of followers.keys()) {
        const list = topicsOf.get(connection);
        if (list) list.push(topic);
        else topicsOf.set(connection, [topic]);
      }
    }
    this.changed.clear();
    // The members of a queue follow the same topics: their frame is made once and sent to each.
    const frames = new Map<string, string>();
    for (const [connection, topics] of topicsOf) {
      const key = topics.length === 1 ? topics[0]! : topics.join('\n');
      let frame = frames.get(key);
      if (frame === undefined) {
        frame = batchFrame(at, topics.map((t) => texts.get(t)!));
        frames.set(key, frame);
      }
      this.send(connection, frame);
    }
  }
}

/** One entity as a batch carries it: the event that would have carried it, serialised once. */
function updateText(change: EntityChange): string {
  const row = ENTITIES[change.kind];
  return JSON.stringify({ ev: row.update, data: { [row.field]: change.value } });
}

function batchFrame(at: string, updates: string[]): string {
  return `{"v":1,"ev":"${LIVE_BATCH_EVENT}","at":"${at}","data":{"updates":[${updates.join(',')}]}}`;
}
