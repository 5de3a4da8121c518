import { headers, nanos, type NatsConnection } from 'nats';
import { connectNats } from './nats-connect.js';
import type { StoredEvent } from '../core/ports/store.js';

/** The JetStream stream every committed event goes to, and its subject. */
export const EVENT_STREAM = 'SWITCHBOARD_EVENTS';
export const EVENT_SUBJECT = 'switchboard.events';
/** How long JetStream remembers an event's id to drop a second copy (a core republishing after a crash). */
const DUPLICATE_WINDOW_MS = 10 * 60_000;
/** Events the stream keeps (as the store keeps for resuming clients). */
const KEEP_EVENTS = 200_000;
/** Events read from the store per page when catching up. */
const PAGE = 1_000;
/**
 * How often the publisher reads the stream's last event while some it sent
 * are not there yet; sent events still missing at two reads in a row with no
 * progress between are sent again from the store.
 */
const CHECK_MS = 250;

/** Make the stream if it is not there (the first core or gateway to start on a NATS server does). */
export async function ensureEventStream(nc: NatsConnection): Promise<void> {
  const jsm = await nc.jetstreamManager();
  try {
    await jsm.streams.info(EVENT_STREAM);
  } catch {
    await jsm.streams.add({ name: EVENT_STREAM, subjects: [EVENT_SUBJECT], duplicate_window: nanos(DUPLICATE_WINDOW_MS), max_msgs: KEEP_EVENTS });
  }
}

/** The core's committed log, as the publisher reads it. */
export interface CommittedLog {
  /** Told of each committed group's events, in order. */
  subscribe(listener: (events: StoredEvent[]) => void): () => void;
  eventsAfter(seq: number, limit: number): StoredEvent[];
}

/**
 * Every committed event, with its audience, on a NATS JetStream stream, for
 * the gateways (issue 19) to fan out. One message per event, its id the
 * event's number (`Nats-Msg-Id`): a core that republishes what it cannot
 * know was published (after a crash or a takeover, the log's tail after the
 * stream's last event) has the copies dropped by JetStream, so the stream
 * holds each event once, in order.
 *
 * Publishing never holds up the core: a group is handed to the stream after
 * its commit, as plain NATS publishes on the one connection (NATS keeps
 * their order; the stream stores what arrives on its subject). A JetStream
 * publish with an acknowledgement per message cost the core about a
 * millisecond of CPU per call (a request, a timer and an error object per
 * event), so instead each event names its predecessor
 * (`Nats-Expected-Last-Msg-Id`) and the stream refuses it unless that is its
 * last: events can go missing only at the end, never leave a hole. The
 * publisher reads the stream's last event while it is behind; one that stands
 * still means the rest did not land, and it is sent again from the store.
 */
export class NatsEventStream {
  /** The highest event number handed to the stream (sent, maybe not stored yet). */
  private sent = 0;
  /** The highest event number the stream is known to hold. */
  private acked = 0;
  /** What the last check found behind: the stream's last event then, or null when it was not behind. */
  private behindAt: number | null = null;
  private unsubscribe: () => void = () => {};
  private check: NodeJS.Timeout | null = null;
  private checking = false;
  private closed = false;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly log: (line: string) => void,
    private readonly source: CommittedLog,
  ) {}

  /** Connect, make the stream if it is not there, publish what the stream lacks of the log, then every commit. */
  static async start(url: string, source: CommittedLog, log: (line: string) => void): Promise<NatsEventStream> {
    const nc = await connectNats(url, 'switchboard-core');
    const stream = new NatsEventStream(nc, log, source);
    await ensureEventStream(nc);
    stream.acked = stream.sent = await stream.lastInStream();
    // Commits from now on wait behind the catch-up (published in order, once caught up).
    stream.unsubscribe = source.subscribe((events) => stream.publish(events));
    stream.catchUp();
    stream.check = setInterval(() => void stream.reconcile(), CHECK_MS);
    stream.check.unref();
    return stream;
  }

  /** The highest event number the stream is known to hold (read while behind; for tests and the report). */
  get acknowledged(): number {
    return this.acked;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.unsubscribe();
    if (this.check) clearInterval(this.check);
    await this.nc.drain();
  }

  /** The number of the last event the stream holds (0 when empty). */
  private async lastInStream(): Promise<number> {
    const jsm = await this.nc.jetstreamManager();
    try {
      const m = await jsm.streams.getMessage(EVENT_STREAM, { last_by_subj: EVENT_SUBJECT });
      return (m.json() as StoredEvent).seq;
    } catch {
      return 0;
    }
  }

  /** Publish the log from the last event sent, page by page, until the commits published live take over. */
  private catchUp(): void {
    for (;;) {
      const page = this.source.eventsAfter(this.sent, PAGE);
      if (page.length === 0) return;
      this.publish(page);
    }
  }

  private publish(events: readonly StoredEvent[]): void {
    if (this.closed) return;
    for (const event of events) {
      if (event.seq <= this.sent) continue; // sent already (the catch-up and a commit can both carry it)
      // A gap: events the check found missing are still to be sent from the store, in order.
      // (An empty stream takes the log from wherever the store's oldest kept event is.)
      if (this.sent > 0 && event.seq !== this.sent + 1) return;
      const previous = this.sent;
      this.sent = event.seq;
      const h = headers();
      h.set('Nats-Msg-Id', String(event.seq));
      // The stream takes it only after its predecessor: one that did not land stops the chain there,
      // instead of leaving a hole behind later events, and the check sees the stream stand still.
      if (previous > 0) h.set('Nats-Expected-Last-Msg-Id', String(previous));
      this.nc.publish(EVENT_SUBJECT, JSON.stringify(event), { headers: h });
    }
  }

  /**
   * While behind, read the stream's last event. No progress since the last
   * read means what was sent after it did not land (a broken connection, a
   * refusal): send it again from the store, later events with it (JetStream
   * drops the copies of those that had landed).
   */
  private async reconcile(): Promise<void> {
    if (this.closed || this.checking || this.acked >= this.sent) return;
    this.checking = true;
    try {
      const last = await this.lastInStream();
      if (last > this.acked) this.acked = Math.min(last, this.sent);
      if (this.acked >= this.sent) this.behindAt = null;
      else if (this.behindAt !== this.acked) this.behindAt = this.acked;
      else {
        this.log(`event stream: events ${this.acked + 1} to ${this.sent} did not reach the stream; sending them again from the store`);
        this.sent = this.acked;
        this.behindAt = null;
        this.catchUp();
      }
    } catch (e) {
      // NATS itself out of reach: the next check tries again.
      this.log(`event stream: reading the stream failed (${(e as Error).message})`);
    } finally {
      this.checking = false;
    }
  }
}
