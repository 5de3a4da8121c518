import { connect, headers, nanos, type JetStreamClient, type NatsConnection } from 'nats';
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
/** After a failed publish, how long before the publisher catches up from the store again. */
const RETRY_MS = 1_000;

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
 * its commit, publishes are pipelined on the one connection (NATS keeps their
 * order), and a publish that fails is not retried by itself: the publisher
 * catches up from the store from the last event the stream acknowledged.
 */
export class NatsEventStream {
  private readonly js: JetStreamClient;
  /** The highest event number handed to the stream (sent, maybe not acknowledged yet). */
  private sent = 0;
  /** The highest event number the stream has acknowledged. */
  private acked = 0;
  private unsubscribe: () => void = () => {};
  private retry: NodeJS.Timeout | null = null;
  private closed = false;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly log: (line: string) => void,
    private readonly source: CommittedLog,
  ) {
    this.js = nc.jetstream();
  }

  /** Connect, make the stream if it is not there, publish what the stream lacks of the log, then every commit. */
  static async start(url: string, source: CommittedLog, log: (line: string) => void): Promise<NatsEventStream> {
    let nc: NatsConnection;
    try {
      nc = await connect({ servers: url, name: 'switchboard-core', maxReconnectAttempts: -1 });
    } catch (e) {
      throw new Error(`Cannot reach the NATS server at ${url}: ${(e as Error).message}`);
    }
    const stream = new NatsEventStream(nc, log, source);
    await ensureEventStream(nc);
    stream.acked = stream.sent = await stream.lastInStream();
    // Commits from now on wait behind the catch-up (published in order, once caught up).
    stream.unsubscribe = source.subscribe((events) => stream.publish(events));
    stream.catchUp();
    return stream;
  }

  /** The highest event number the stream has acknowledged (for tests and the report). */
  get acknowledged(): number {
    return this.acked;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.unsubscribe();
    if (this.retry) clearTimeout(this.retry);
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
      if (event.seq !== this.sent + 1) {
        // A gap: an earlier publish failed and its events are still to be sent from the store, in order.
        this.scheduleCatchUp();
        return;
      }
      this.sent = event.seq;
      const h = headers();
      h.set('Nats-Msg-Id', String(event.seq));
      this.js.publish(EVENT_SUBJECT, JSON.stringify(event), { headers: h }).then(
        () => {
          if (event.seq > this.acked) this.acked = event.seq;
        },
        (e: Error) => this.failed(event.seq, e),
      );
    }
  }

  /** A publish was refused or timed out: everything from it on is sent again from the store (copies are dropped by id). */
  private failed(seq: number, error: Error): void {
    if (this.closed || seq > this.sent) return;
    this.log(`event stream: publishing event ${seq} failed (${error.message}); sending again from the store`);
    // From the failed one on, even if later ones landed: JetStream drops their copies, and no event is skipped.
    this.sent = Math.min(this.sent, seq - 1);
    this.acked = Math.min(this.acked, seq - 1);
    this.scheduleCatchUp();
  }

  private scheduleCatchUp(): void {
    if (this.retry || this.closed) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      this.catchUp();
    }, RETRY_MS);
  }
}
