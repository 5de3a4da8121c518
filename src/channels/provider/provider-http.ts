import type { SendOutcome } from '../outbox/sender.js';

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

export async function callProvider(req: ProviderRequest): Promise<ProviderReply> {
  let res: Response;
  try {
    res = await fetch(req.url, {
      method: req.method ?? 'POST',
      headers: req.headers,
      body: req.body,
      signal: withTimeout(req.signal, req.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      redirect: 'error',
    });
  } catch (e) {
    throw new Unreachable(reasonOf(e));
  }
  let text: string;
  try {
    text = (await res.text()).slice(0, MAX_REPLY_BYTES);
  } catch (e) {
    throw new Unreachable(reasonOf(e));
  }
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return { status: res.status, json, retryAfterMs: retryAfter(res.headers.get('retry-after')) };
}

function withTimeout(signal: AbortSignal | undefined, ms: number): AbortSignal {
  const timeout = AbortSignal.timeout(ms);
  return signal ? AbortSignal.any([signal, timeout]) : timeout;
}

function reasonOf(e: unknown): string {
  const error = e as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (error?.name === 'TimeoutError') return 'it did not answer in time';
  return error?.cause?.code ?? error?.cause?.message ?? error?.message ?? String(e);
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
