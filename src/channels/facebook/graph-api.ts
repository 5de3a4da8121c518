import { attempt, callProvider, type ProviderReply } from '../provider/provider-http.js';
import type { SendOutcome } from '../outbox/sender.js';
import type { LookedUp } from './customer-names.js';

/**
 * The Messenger Platform's Send API as switchboard uses it: POST
 * /{page-id}/messages with the page access token (as the documentation
 * gives it, in the query), JSON both ways; and the User Profile API for a
 * customer's name.
 */
export class GraphApi {
  constructor(
    private readonly base: string,
    private readonly tokens: Record<string, string>,
  ) {}

  private url(path: string, pageId: string, query: Record<string, string> = {}): string | null {
    const token = this.tokens[pageId] ?? this.tokens['*'];
    if (!token) return null;
    return `${this.base}/${path}?${new URLSearchParams({ ...query, access_token: token }).toString()}`;
  }

  send(pageId: string, body: Record<string, unknown>): Promise<SendOutcome> {
    const url = this.url(`${encodeURIComponent(pageId)}/messages`, pageId);
    if (!url) return Promise.resolve({ kind: 'retry', reason: `No access token for Facebook page ${pageId} is configured.`, afterMs: 3600_000 });
    return attempt('Facebook', { url, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }, {
      sentId: (json) => (json as { message_id?: string } | null)?.message_id ?? null,
      describe: describeError,
      transient: (reply) => TRANSIENT.has(errorOf(reply)?.code ?? -1),
    });
  }

  /** mark_seen, typing_on, typing_off: shown to the customer, never kept. */
  async senderAction(pageId: string, psid: string, action: 'mark_seen' | 'typing_on' | 'typing_off'): Promise<void> {
    const url = this.url(`${encodeURIComponent(pageId)}/messages`, pageId);
    if (!url) return;
    const reply = await callProvider({ url, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ recipient: { id: psid }, sender_action: action }), timeoutMs: 10_000 });
    if (reply.status >= 300) throw new Error(`Facebook answered ${reply.status}: ${describeError(reply)}`);
  }

  /**
   * The customer's name as the page may see it: null when Facebook answered
   * without one (the profile is not the page's to see); undefined when it
   * could not be asked (unreachable, slow, a 5xx or a rate limit), which is
   * not an answer to keep.
   */
  async name(pageId: string, psid: string): Promise<LookedUp | undefined> {
    const url = this.url(encodeURIComponent(psid), pageId, { fields: 'first_name,last_name' });
    if (!url) return { name: null };
    try {
      const reply = await callProvider({ url, method: 'GET', timeoutMs: 5_000 });
      if (reply.status === 429 || reply.status >= 500 || TRANSIENT.has(errorOf(reply)?.code ?? -1)) return undefined;
      const p = reply.json as { first_name?: string; last_name?: string } | null;
      const name = [p?.first_name, p?.last_name].filter(Boolean).join(' ').trim();
      return { name: reply.status < 300 && name ? name.slice(0, 200) : null };
    } catch {
      return undefined;
    }
  }
}

/** 1, 2: temporary trouble; 4, 17, 32, 613: rate limits; 1200: a temporary send failure. */
const TRANSIENT = new Set([1, 2, 4, 17, 32, 613, 1200]);

type GraphError = { code?: number; error_subcode?: number; message?: string };

function errorOf(reply: ProviderReply): GraphError | undefined {
  return (reply.json as { error?: GraphError } | null)?.error;
}

/** The refusals an agent meets most, in words that say what happened. */
const KNOWN: Array<[(e: GraphError) => boolean, string]> = [
  [(e) => e.error_subcode === 2018278, 'The message was sent outside the window Messenger allows (the customer last wrote too long ago)'],
  [(e) => e.code === 551, 'This person isn\'t available right now (they may have blocked the page)'],
  [(e) => e.code === 10 || e.code === 200 || e.code === 230, 'The page may not write to this person now (Messenger\'s permissions)'],
  [(e) => e.code === 190, 'The page access token is not valid any more'],
];

function describeError(reply: ProviderReply): string {
  const e = errorOf(reply);
  if (!e) return `HTTP ${reply.status}.`;
  const known = KNOWN.find(([match]) => match(e))?.[1];
  const words = known ?? e.message ?? 'no reason given';
  const code = e.code !== undefined ? ` (error ${e.code}${e.error_subcode ? `/${e.error_subcode}` : ''})` : '';
  return `${words}${/[.!?]$/.test(words) ? '' : '.'}${code}`;
}
