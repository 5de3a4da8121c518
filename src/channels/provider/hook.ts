/**
 * A provider's webhook as the channels see it: the server reads the request
 * (bounded, server/hooks-http.ts) and hands it over whole; the adapter checks
 * the signature, takes the payload in and says what to answer. No node:http
 * here, so an adapter is tested with plain values too.
 */
export interface HookRequest {
  method: string;
  /** The path after /hooks/<channel> ('' or '/status'), and the query. */
  subpath: string;
  query: URLSearchParams;
  /** The address the provider posted to, as it sees it (Twilio signs it). */
  publicUrl: string;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The raw body: signatures are over its bytes. */
  body: Buffer;
}

export interface HookAnswer {
  status: number;
  contentType: string;
  body: string;
}

export interface WebhookHandler {
  /** The channel's name, and its path under /hooks. */
  readonly channel: 'whatsapp' | 'facebook' | 'sms';
  handle(req: HookRequest): Promise<HookAnswer>;
}

export function answer(status: number, body: unknown): HookAnswer {
  return { status, contentType: 'application/json; charset=utf-8', body: JSON.stringify(body) };
}

/** A refusal the provider (or whoever posted) reads: a code and a sentence, never a stack. */
export function refusal(status: number, code: string, message: string): HookAnswer {
  return answer(status, { code, message });
}

export function header(req: HookRequest, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}
