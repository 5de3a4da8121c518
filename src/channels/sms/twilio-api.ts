import type { SmsConfig } from '../../core/config/provider-channels.js';
import type { SendOutcome } from '../outbox/sender.js';
import { download } from '../provider/media.js';
import { attempt, type ProviderReply } from '../provider/provider-http.js';

/**
 * Twilio's Messages resource (the format most SMS providers copy): POST
 * /2010-04-01/Accounts/{AccountSid}/Messages.json, form-encoded, HTTP Basic
 * auth with the account SID and auth token; the answer is JSON.
 */
export class TwilioApi {
  constructor(
    private readonly config: SmsConfig,
    private readonly authToken: string,
  ) {}

  private auth(): Record<string, string> {
    return { authorization: `Basic ${Buffer.from(`${this.config.accountSid}:${this.authToken}`).toString('base64')}` };
  }

  send(form: URLSearchParams): Promise<SendOutcome> {
    return attempt(
      'The SMS provider',
      {
        url: `${this.config.apiBase}/2010-04-01/Accounts/${encodeURIComponent(this.config.accountSid)}/Messages.json`,
        headers: { ...this.auth(), 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
      },
      {
        sentId: (json) => (json as { sid?: string } | null)?.sid ?? null,
        describe: describeError,
        detail: (json) => {
          const segments = Number((json as { num_segments?: string } | null)?.num_segments ?? NaN);
          return segments > 1 ? `Sent as ${segments} segments.` : null;
        },
      },
    );
  }

  /**
   * An MMS's media: Twilio's media URLs are on its API and take the same
   * Basic auth (then redirect to its store, where fetch drops the header).
   * A signed webhook may still name any address, and the auth token is the
   * whole account: media anywhere but the API's own origin is fetched
   * without it.
   */
  media(url: string, signal: AbortSignal): Promise<{ bytes: Buffer; type: string | null }> {
    return download(url, sameOrigin(url, this.config.apiBase) ? this.auth() : {}, signal);
  }
}

function sameOrigin(url: string, base: string): boolean {
  try {
    return new URL(url).origin === new URL(base).origin;
  } catch {
    return false;
  }
}

/** What an agent meets most, in words (Twilio's error codes). */
const KNOWN: Record<number, string> = {
  21211: 'The number is not a valid phone number',
  21408: 'Sending to this region is not enabled for the account',
  21610: 'The customer has unsubscribed from this number (they replied STOP)',
  21614: 'The number cannot receive SMS (not a mobile number)',
  30003: 'The handset is unreachable',
  30004: 'The message was blocked',
  30005: 'The number is unknown or no longer exists',
  30006: 'The number is a landline or cannot be reached',
  30007: 'The carrier filtered the message',
  30008: 'The carrier could not deliver it (unknown error)',
};

export function smsErrorWords(code: number | null, message?: string): string {
  const words = (code !== null ? KNOWN[code] : undefined) ?? message ?? 'no reason given';
  return `${words}${/[.!?]$/.test(words) ? '' : '.'}${code !== null ? ` (error ${code})` : ''}`;
}

function describeError(reply: ProviderReply): string {
  const e = reply.json as { code?: number; message?: string } | null;
  return e?.code !== undefined || e?.message ? smsErrorWords(e.code ?? null, e.message) : `HTTP ${reply.status}.`;
}
