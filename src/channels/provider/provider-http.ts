import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { SendOutcome } from '../outbox/sender.js';
import { providerAgent } from './provider-agents.js';

/** One request to a provider's API, as the adapter builds it. */
export interface ProviderRequest {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** How long the provider may take (default 15 s): a send that hangs is a retry, not a stuck item. */
  timeoutMs?: number;
  /** Stops the request sooner, when the caller can wait no longer (a webhook's media deadline). */
  signal?: AbortSignal;
}

export interface ProviderReply {
  status: number;
  /** The parsed JSON body, or null when it was none. */
  json: unknown;
  /** Retry-After in ms, when the provider said when. */
  retryAfterMs: number | null;
}

/** A provider that could not be reached (refused, reset, timed out): the reason in words. */
export class Unreachable extends Error {}

const DEFAULT_TIMEOUT_MS = 15_000;
/** A provider's answer is read up to this much: an error page is not kept whole. */
const MAX_REPLY_BYTES = 1024 * 1024;

/**
 * One request to a provider over the shared keep-alive pool of its host
 * (providerAgent): a refused or reset connection, a redirect or no answer in
 * time is Unreachable; any answer is returned with its status.
 */
export async function callProvider(req: ProviderRequest): Promise<ProviderReply> {
  const signal = withTimeout(req.signal, req.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  let url: URL;
  try {
    url = new URL(req.url);
  } catch (e) {
    throw new Unreachable(reasonOf(e));
  }
  const { status, headers, text } = await exchange(url, req, signal).catch((e: unknown) => {
    throw new Unreachable(reasonOf(signal.aborted ? signal.reason : e));
  });
  // A provider's API does not move: a redirect is a wrong address or a captive proxy, never followed.
  if (status >= 300 && status < 400) throw new Unreachable(`it redirected the request (HTTP ${status})`);
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  const after = headers['retry-after'];
  return { status, json, retryAfterMs: retryAfter(typeof after === 'string' ? after : null) };
}

/** The request and its whole answer (up to MAX_REPLY_BYTES), over the host's pool. */
function exchange(url: URL, req: ProviderRequest, signal: AbortSignal): Promise<{ status: number; headers: IncomingHttpHeaders; text: string }> {
  const body = req.body === undefined ? undefined : Buffer.from(req.body);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = send(url, {
      method: req.method ?? 'POST',
      headers: { ...req.headers, ...(body ? { 'content-length': String(body.length) } : {}) },
      agent: providerAgent(url),
      signal,
    });
    outgoing.on('error', reject);
    outgoing.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size >= MAX_REPLY_BYTES) return;
        chunks.push(chunk);
        size += chunk.length;
      });
      res.on('error', reject);
      res.on('close', () => {
        if (!res.complete) reject(new Error('the connection closed before the answer ended'));
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8').slice(0, MAX_REPLY_BYTES) }));
    });
    outgoing.end(body);
  });
}

function withTimeout(signal: AbortSignal | undefined, ms: number): AbortSignal {
  const timeout = AbortSignal.timeout(ms);
  return signal ? AbortSignal.any([signal, timeout]) : timeout;
}

function reasonOf(e: unknown): string {
  const error = e as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (error?.name === 'TimeoutError') return 'it did not answer in time';
  return (error as { code?: string })?.code ?? error?.cause?.code ?? error?.cause?.message ?? error?.message ?? String(e);
}

function retryAfter(header: string | null): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds, 3600) * 1000;
  const at = Date.parse(header);
  return Number.isFinite(at) ? Math.max(0, Math.min(at - Date.now(), 3600_000)) : null;
}

/**
 * What an attempt came to, the same way for every provider: a 2xx is sent;
 * a 429, a 5xx, a refused connection or a timeout is tried again (sooner if
 * the provider said when); any other refusal fails with the provider's own
 * words (`describe`), unless the adapter knows that code to be passing
 * (`transient`).
 */
export async function attempt(
  provider: string,
  req: ProviderRequest,
  read: {
    /** The provider's id of the message from a 2xx answer. */
    sentId(json: unknown): string | null;
    /** The provider's refusal in words, with its code. */
    describe(reply: ProviderReply): string;
    /** A refusal that will pass (a rate limit given as a 4xx with its own code). */
    transient?(reply: ProviderReply): boolean;
    /** The answer in words for the message's status line. */
    detail?(json: unknown): string | null;
  },
): Promise<SendOutcome> {
  let reply: ProviderReply;
  try {
    reply = await callProvider(req);
  } catch (e) {
    return { kind: 'retry', reason: `${provider} could not be reached (${(e as Error).message}).` };
  }
  if (reply.status >= 200 && reply.status < 300) {
    const id = read.sentId(reply.json);
    return { kind: 'sent', externalId: id, detail: read.detail?.(reply.json) ?? null };
  }
  const said = read.describe(reply);
  if (reply.status === 429 || reply.status >= 500 || read.transient?.(reply))
    return { kind: 'retry', reason: `${provider} answered ${reply.status}: ${said}`, ...(reply.retryAfterMs !== null ? { afterMs: reply.retryAfterMs } : {}) };
  return { kind: 'failed', reason: `${provider} refused it: ${said}` };
}
