import { attempt, callProvider, type ProviderReply } from '../provider/provider-http.js';
import type { SendOutcome } from '../outbox/sender.js';
import { download } from '../provider/media.js';
import { errorWords } from './read-notification.js';

/**
 * The WhatsApp Business Cloud API as switchboard uses it: POST
 * /{phone-number-id}/messages (text, media by link, templates, and marking a
 * customer's message read with the typing indicator), and GET /{media-id}
 * for a customer's media. Bearer-token auth; JSON both ways.
 */
export class CloudApi {
  constructor(
    private readonly base: string,
    private readonly token: string,
  ) {}

  private auth(): Record<string, string> {
    return { authorization: `Bearer ${this.token}` };
  }

  send(phoneNumberId: string, body: Record<string, unknown>): Promise<SendOutcome> {
    return attempt(
      'WhatsApp',
      { url: `${this.base}/${encodeURIComponent(phoneNumberId)}/messages`, headers: { ...this.auth(), 'content-type': 'application/json' }, body: JSON.stringify(body) },
      {
        sentId: (json) => (json as { messages?: Array<{ id?: string }> } | null)?.messages?.[0]?.id ?? null,
        describe: describeError,
        // Rate limits and WhatsApp's own passing trouble come as 4xx with these codes.
        transient: (reply) => TRANSIENT.has(errorOf(reply)?.code ?? -1),
        detail: (json) => {
          const status = (json as { messages?: Array<{ message_status?: string }> } | null)?.messages?.[0]?.message_status;
          return status && status !== 'accepted' ? `WhatsApp: ${status.replace(/_/g, ' ')}` : null;
        },
      },
    );
  }

  /** Mark the customer's message (and those before it) read; with `typing`, show them the typing dots too. */
  async markRead(phoneNumberId: string, messageId: string, typing: boolean): Promise<void> {
    const body = { messaging_product: 'whatsapp', status: 'read', message_id: messageId, ...(typing ? { typing_indicator: { type: 'text' } } : {}) };
    const reply = await callProvider({
      url: `${this.base}/${encodeURIComponent(phoneNumberId)}/messages`,
      headers: { ...this.auth(), 'content-type': 'application/json' },
      body: JSON.stringify(body),
      timeoutMs: 10_000,
    });
    if (reply.status >= 300) throw new Error(`WhatsApp answered ${reply.status}: ${describeError(reply)}`);
  }

  /** A customer's media: its address first (GET /{media-id}), then the bytes, both with the token. */
  async media(mediaId: string, signal: AbortSignal): Promise<{ bytes: Buffer; type: string }> {
    const reply = await callProvider({ url: `${this.base}/${encodeURIComponent(mediaId)}`, method: 'GET', headers: this.auth(), timeoutMs: 10_000, signal });
    const info = reply.json as { url?: string; mime_type?: string } | null;
    if (reply.status >= 300 || !info?.url) throw new Error(`WhatsApp answered ${reply.status} for the media`);
    const got = await download(info.url, this.auth(), signal);
    return { bytes: got.bytes, type: info.mime_type ?? got.type ?? 'application/octet-stream' };
  }
}

/** 130429 rate limit, 131000 something went wrong, 131016 service unavailable, 131056 too many to one number, 133004 server unavailable. */
const TRANSIENT = new Set([4, 80007, 130429, 131000, 131016, 131056, 133004]);

function errorOf(reply: ProviderReply): { code?: number; message?: string; error_data?: { details?: string } } | undefined {
  return (reply.json as { error?: { code?: number; message?: string; error_data?: { details?: string } } } | null)?.error;
}

function describeError(reply: ProviderReply): string {
  const e = errorOf(reply);
  return e ? errorWords(e) : `HTTP ${reply.status}.`;
}
