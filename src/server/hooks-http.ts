import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WebhookHandler } from '../channels/provider/hook.js';
import type { RequestTarget } from './request-target.js';
import type { Log } from './logger.js';
import type { ProviderMedia } from './provider-media.js';

/** A webhook body larger than this is refused before more is read (Meta batches up to a few hundred KB). */
export const MAX_HOOK_BYTES = 1024 * 1024;
/**
 * Webhook bytes held at once, every request together. A body is read whole
 * before its signature can be checked, so anyone could hold a megabyte per
 * connection for the request's whole deadline: 400 connections left unfinished
 * held 390 MB. Past this the request is answered 503 and the provider sends
 * it again shortly, as it does after any 5xx.
 */
export const MAX_HOOK_BYTES_HELD = 32 * 1024 * 1024;

/**
 * The provider channels' HTTP side: /hooks/<channel>[/<sub-path>] hands the
 * raw request to the channel's adapter (which checks the signature and
 * answers after the commit), and /hooks/media/<file id> lets a provider
 * fetch a file an agent sent, with a signed, expiring link. The body is
 * read whole, at most MAX_HOOK_BYTES; the server's deadlines for headers,
 * requests and idle connections apply as to any request.
 */
export class HookRoutes {
  private readonly handlers = new Map<string, WebhookHandler>();
  private media: ProviderMedia | null = null;
  /** The address providers post to (a proxy's, or our own), without a trailing slash. */
  private publicBase = '';

  /** Bytes of webhook bodies held now, read or being read (see MAX_HOOK_BYTES_HELD). */
  private held = 0;

  constructor(
    private readonly log: Log,
    private readonly maxHeld = MAX_HOOK_BYTES_HELD,
  ) {}

  serve(handlers: WebhookHandler[], media: ProviderMedia, publicBase: string): void {
    for (const h of handlers) this.handlers.set(h.channel, h);
    this.media = media;
    this.publicBase = publicBase;
  }

  /** Answer /hooks requests; false when the path is not ours. */
  handle(req: IncomingMessage, res: ServerResponse, target: RequestTarget): boolean {
    const m = /^\/hooks\/([a-z]{1,20})(\/[A-Za-z0-9_-]{0,100})?$/.exec(target.path);
    if (!m) {
      if (target.path !== '/hooks' && !target.path.startsWith('/hooks/')) return false;
      reply(res, 404, { code: 'NOT_FOUND', message: 'No such webhook.' });
      return true;
    }
    const [, channel, sub = ''] = m;
    if (channel === 'media') {
      if (req.method !== 'GET' && req.method !== 'HEAD') reply(res, 405, { code: 'METHOD_NOT_ALLOWED', message: 'Media is fetched with GET.' });
      else if (!this.media?.serve(sub.slice(1), target.query, req.method === 'HEAD', res)) reply(res, 404, { code: 'NOT_FOUND', message: 'No such file, or the link has expired.' });
      return true;
    }
    const handler = this.handlers.get(channel!);
    if (!handler) {
      reply(res, 404, { code: 'NOT_FOUND', message: `No ${channel} channel is configured on this server.` });
      return true;
    }
    this.take(req, res, target, handler, sub).catch((e: unknown) => {
      // A webhook runs after the request handler returned: its failure must reach the provider, never the process.
      this.log(`${channel} webhook failed: ${(e as Error).stack ?? String(e)}`);
      reply(res, 500, { code: 'INTERNAL', message: 'Something went wrong on the server; send it again.' });
    });
    return true;
  }

  private async take(req: IncomingMessage, res: ServerResponse, target: RequestTarget, handler: WebhookHandler, sub: string): Promise<void> {
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (declared > MAX_HOOK_BYTES) return refuseBody(req, res);
    let mine = 0;
    const claim = (bytes: number): boolean => {
      if (this.held + bytes > this.maxHeld) return false;
      this.held += bytes;
      mine += bytes;
      return true;
    };
    try {
      const body = await readBody(req, MAX_HOOK_BYTES, claim);
      if (body === 'too-large') return refuseBody(req, res);
      if (body === 'busy') return refuseBusy(req, res);
      if (body === 'aborted') return void req.socket.destroy();
      const answer = await handler.handle({
        method: req.method ?? 'GET',
        subpath: sub,
        query: target.query,
        publicUrl: this.publicBase + target.originForm,
        headers: req.headers,
        body,
      });
      if (res.headersSent) return void res.end();
      res.writeHead(answer.status, { 'content-type': answer.contentType, 'cache-control': 'no-store' });
      res.end(answer.body);
    } finally {
      this.held -= mine;
    }
  }
}

/** The body whole, or why not; `claim` takes each chunk's bytes from the budget of all webhooks ('busy' when it is spent). */
function readBody(req: IncomingMessage, limit: number, claim: (bytes: number) => boolean): Promise<Buffer | 'too-large' | 'busy' | 'aborted'> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (v: Buffer | 'too-large' | 'busy' | 'aborted') => {
      if (done) return;
      done = true;
      req.off('data', onData);
      resolve(v);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.pause();
        finish('too-large');
      } else if (!claim(chunk.length)) {
        req.pause();
        finish('busy');
      } else chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => finish(Buffer.concat(chunks)));
    req.once('error', () => finish('aborted'));
    req.once('close', () => finish(req.complete ? Buffer.concat(chunks) : 'aborted'));
  });
}

/** Too big: answered at once and the connection closed, so the rest is never read. */
function refuseBody(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('connection', 'close');
  reply(res, 413, { code: 'TOO_LARGE', message: `A webhook body may be at most ${MAX_HOOK_BYTES / 1024} KB.` });
  if (!req.complete) setTimeout(() => req.socket.destroy(), 5_000).unref();
}

/** Too many bodies held at once: answered at once, the connection closed, and the provider sends it again. */
function refuseBusy(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('connection', 'close');
  res.setHeader('retry-after', '10');
  reply(res, 503, { code: 'SERVER_BUSY', message: 'Too many webhooks are being received at once; send this one again shortly.' });
  if (!req.complete) setTimeout(() => req.socket.destroy(), 5_000).unref();
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return void res.end();
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}
