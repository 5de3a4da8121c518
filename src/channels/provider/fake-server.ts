import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The shared part of the provider fakes (WhatsApp Cloud API, Messenger,
 * Twilio): named fakes of third-party services that cannot run here, for the
 * demo, the tests, the benchmark and the chaos run. Each listens on
 * 127.0.0.1, checks every request against the shape the provider's public
 * documentation gives (path, auth, body) and answers as the provider does; a
 * request that breaks the shape is refused as the provider would and noted
 * in `violations`, which tests expect to stay empty. Tests can make it
 * answer otherwise for a while (`answerNext`, `down`).
 */
export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

export interface FakeAnswer {
  status: number;
  body: unknown;
  contentType?: string;
}

export abstract class FakeProviderServer {
  /** Requests that broke the documented shape, in words. */
  readonly violations: string[] = [];
  /** Every request, as it came (tests read the shape they were sent). */
  readonly requests: FakeRequest[] = [];
  /** Answers given instead of the real one, to the next requests that would have succeeded (a 503, a 400 with its error). */
  private readonly canned: FakeAnswer[] = [];
  /** TCP connections opened to it so far (a client that keeps its connections alive opens few). */
  connections = 0;
  /** Requests being answered now, and the most there ever were at once (a client that bounds its requests keeps it low). */
  requestsNow = 0;
  mostRequestsAtOnce = 0;
  /** While true, every request is answered 503 (the provider is down). */
  down = false;
  /** Answers wait this long (a slow provider: the server may go down while it waits). */
  answerDelayMs = 0;
  /** Told of each message it took for a customer (the demo's simulated customers answer them): who to, and its text. */
  onSend: ((to: string, text: string) => void) | null = null;
  private server: Server | null = null;
  private base = '';

  /** The API's base address (with its version path where the provider has one). */
  get url(): string {
    return this.base;
  }

  protected abstract readonly versionPath: string;
  protected abstract route(req: FakeRequest): Promise<FakeAnswer> | FakeAnswer;

  async start(): Promise<string> {
    const server = createServer((req, res) => void this.serve(req, res));
    server.keepAliveTimeout = 5_000;
    server.on('connection', () => this.connections++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}${this.versionPath}`;
    return this.base;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  /** The next requests that would succeed get these answers instead, in order. */
  answerNext(...answers: FakeAnswer[]): void {
    this.canned.push(...answers);
  }

  protected violation(what: string): void {
    this.violations.push(what);
  }

  /** A request that would succeed: first any canned answer is used up. */
  protected takeCanned(): FakeAnswer | null {
    return this.canned.shift() ?? null;
  }

  protected abstract downAnswer(): FakeAnswer;

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = req.url ?? '/';
    const at = raw.indexOf('?');
    const request: FakeRequest = {
      method: req.method ?? 'GET',
      path: at < 0 ? raw : raw.slice(0, at),
      query: new URLSearchParams(at < 0 ? '' : raw.slice(at + 1)),
      headers: req.headers,
      body: Buffer.concat(chunks),
    };
    this.requests.push(request);
    this.mostRequestsAtOnce = Math.max(this.mostRequestsAtOnce, ++this.requestsNow);
    try {
      await this.answer(request, res);
    } finally {
      this.requestsNow--;
    }
  }

  private async answer(request: FakeRequest, res: ServerResponse): Promise<void> {
    if (this.requests.length > 50_000) this.requests.splice(0, 10_000);
    let answer: FakeAnswer;
    try {
      answer = this.down ? this.downAnswer() : await this.route(request);
    } catch (e) {
      answer = { status: 500, body: { error: { message: (e as Error).message } } };
    }
    if (this.answerDelayMs > 0) await sleep(this.answerDelayMs);
    if (res.destroyed) return;
    if (Buffer.isBuffer(answer.body)) {
      res.writeHead(answer.status, { 'content-type': answer.contentType ?? 'application/octet-stream', 'content-length': String(answer.body.length) });
      res.end(answer.body);
      return;
    }
    res.writeHead(answer.status, { 'content-type': answer.contentType ?? 'application/json' });
    res.end(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
  }
}

/**
 * A fake provider that also plays its customers and its delivery receipts:
 * it posts webhooks to the server under test (`webhookUrl`, retried by its
 * poster), keeps the files its customers send, and numbers what it makes.
 */
export abstract class FakeWebhookProvider extends FakeProviderServer {
  readonly poster = new WebhookPoster();
  webhookUrl: string | null;
  /** Files behind the provider's media links, by id. */
  protected readonly media = new Map<string, { bytes: Buffer; type: string }>();
  /** Makes each id the fake hands out its own. */
  protected counter = 0;

  constructor(webhookUrl: string | null | undefined) {
    super();
    this.webhookUrl = webhookUrl ?? null;
  }

  override async stop(): Promise<void> {
    this.poster.stop();
    await super.stop();
  }
}

/**
 * Webhooks from a fake to the server, as providers send them: retried
 * (doubling waits, up to a second apart) until the server answers 2xx, so a
 * server that was down (killed, restarting) still hears every status. The
 * posts of one lane (one message's statuses) keep their order.
 */
export class WebhookPoster {
  private readonly lanes = new Map<string, Promise<void>>();
  private stopped = false;
  /** Posts answered 2xx, and those given up (after `maxTries`). */
  delivered = 0;
  givenUp = 0;

  constructor(private readonly maxTries = 600) {}

  post(lane: string, target: () => string | null, headers: () => Record<string, string>, body: () => string, delayMs = 0): void {
    const before = this.lanes.get(lane) ?? Promise.resolve();
    const next = before.then(async () => {
      if (delayMs > 0) await sleep(delayMs);
      await this.deliver(target, headers, body);
    });
    this.lanes.set(lane, next);
    void next.finally(() => {
      if (this.lanes.get(lane) === next) this.lanes.delete(lane);
    });
  }

  /** Whether every webhook has been answered (or given up). */
  idle(): boolean {
    return this.lanes.size === 0;
  }

  stop(): void {
    this.stopped = true;
  }

  private async deliver(target: () => string | null, headers: () => Record<string, string>, body: () => string): Promise<void> {
    let wait = 50;
    for (let i = 0; i < this.maxTries && !this.stopped; i++) {
      const url = target();
      if (url) {
        try {
          const res = await fetch(url, { method: 'POST', headers: headers(), body: body(), signal: AbortSignal.timeout(10_000) });
          await res.arrayBuffer();
          if (res.ok) {
            this.delivered++;
            return;
          }
        } catch {
          // the server is away: try again
        }
      }
      await sleep(wait);
      wait = Math.min(1000, wait * 2);
    }
    if (!this.stopped) this.givenUp++;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms).unref());
}
