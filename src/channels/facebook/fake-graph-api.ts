import { randomBytes } from 'node:crypto';
import { FakeWebhookProvider, type FakeAnswer, type FakeRequest } from '../provider/fake-server.js';
import { metaSignature } from '../provider/signatures.js';

export interface FakeMessengerSend {
  pageId: string;
  body: Record<string, unknown>;
  mid: string;
  at: number;
}

export interface FakeMessengerOptions {
  /** Page access tokens by page id. */
  pageTokens: Record<string, string>;
  appSecret: string;
  /** Our app's id, echoed in is_echo events of what we sent. */
  appId: string;
  webhookUrl?: string | null;
  deliveredAfterMs?: number;
  readAfterMs?: number | null;
  /** Names the User Profile API gives, by page-scoped id. */
  profiles?: Record<string, { first_name: string; last_name: string }>;
}

/** The app id Facebook's own inbox (Business Suite) sends with: a reply written there. */
export const PAGE_INBOX_APP_ID = '263902037430900';

/**
 * A FAKE of the Messenger Platform (Meta's service cannot run here), in its
 * documented formats on 127.0.0.1:
 *
 * - POST /v21.0/{page-id}/messages?access_token=... (the Send API): text or
 *   one attachment by URL (fetched, as Messenger does), messaging_type
 *   RESPONSE / UPDATE / MESSAGE_TAG with its tag, metadata; sender_action
 *   mark_seen / typing_on / typing_off. Answered {recipient_id, message_id}.
 * - GET /v21.0/{psid}?fields=first_name,last_name (User Profile API).
 * - Webhooks to the server, signed X-Hub-Signature-256: each message sent
 *   comes back as an echo (is_echo, app_id, metadata), then a delivery and a
 *   read watermark; customers' messages; and replies written in Facebook's
 *   own inbox (`pageReplies`: echoes with no metadata).
 */
export class FakeMessenger extends FakeWebhookProvider {
  protected readonly versionPath = '/v21.0';
  readonly sent: FakeMessengerSend[] = [];
  readonly actions: Array<{ psid: string; action: string }> = [];
  readonly fetched: Array<{ url: string; status: number }> = [];
  /** The page-scoped ids whose profile was asked for, one per request. */
  readonly profileLookups: string[] = [];
  /** Names the User Profile API gives, by page-scoped id. */
  readonly profiles: Map<string, { first_name: string; last_name: string }>;

  constructor(private readonly options: FakeMessengerOptions) {
    super(options.webhookUrl);
    this.profiles = new Map(Object.entries(options.profiles ?? {}));
  }

  protected downAnswer(): FakeAnswer {
    return { status: 503, body: { error: { message: 'An unexpected error has occurred. Please retry your request later.', type: 'OAuthException', code: 2, fbtrace_id: 'fake' } } };
  }

  private refuse(violation: string, message = 'Invalid parameter', code = 100): FakeAnswer {
    this.violation(violation);
    return { status: 400, body: { error: { message: `(#${code}) ${message}`, type: 'OAuthException', code, fbtrace_id: 'fake' } } };
  }

  protected route(req: FakeRequest): Promise<FakeAnswer> | FakeAnswer {
    const cdn = /^\/cdn\/([a-z0-9]+)$/.exec(req.path);
    if (cdn) {
      const file = this.media.get(cdn[1]!);
      return file ? { status: 200, body: file.bytes, contentType: file.type } : { status: 404, body: {} };
    }
    const rest = req.path.startsWith(`${this.versionPath}/`) ? req.path.slice(this.versionPath.length + 1) : '';
    const send = /^(\d+)\/messages$/.exec(rest);
    if (send && req.method === 'POST') return this.messages(req, send[1]!);
    const profile = /^([A-Za-z0-9_-]+)$/.exec(rest);
    if (profile && req.method === 'GET') {
      if (!Object.values(this.options.pageTokens).includes(req.query.get('access_token') ?? '')) return this.refuse('profile asked without a page access token', 'Invalid OAuth access token.', 190);
      this.profileLookups.push(profile[1]!);
      const p = this.profiles.get(profile[1]!);
      return p ? { status: 200, body: { ...p, id: profile[1] } } : { status: 400, body: { error: { message: 'Unsupported get request.', type: 'GraphMethodException', code: 100 } } };
    }
    return this.refuse(`${req.method} ${req.path}: no such endpoint`, 'Unknown path components');
  }

  private async messages(req: FakeRequest, pageId: string): Promise<FakeAnswer> {
    const token = req.query.get('access_token');
    if (!token || token !== this.options.pageTokens[pageId]) return this.refuse(`the access_token is not page ${pageId}'s`, 'Invalid OAuth access token.', 190);
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(req.body.toString('utf8')) as Record<string, unknown>;
    } catch {
      return this.refuse('the body is not JSON');
    }
    const psid = (body.recipient as { id?: unknown } | undefined)?.id;
    if (typeof psid !== 'string' || !psid) return this.refuse('recipient.id is missing');
    if (body.sender_action !== undefined) {
      if (!['mark_seen', 'typing_on', 'typing_off'].includes(String(body.sender_action))) return this.refuse(`sender_action ${String(body.sender_action)} is not one of mark_seen, typing_on, typing_off`);
      if (body.message !== undefined) return this.refuse('sender_action sent with a message');
      this.actions.push({ psid, action: String(body.sender_action) });
      return { status: 200, body: { recipient_id: psid } };
    }
    const problem = shapeProblem(body);
    if (problem) return this.refuse(problem);
    const canned = this.takeCanned();
    if (canned) return canned;
    const mid = `m_FAKE${(++this.counter).toString(36)}${randomBytes(8).toString('hex')}`;
    this.sent.push({ pageId, body, mid, at: Date.now() });
    const message = body.message as { text?: string; metadata?: string; attachment?: { type: string; payload: { url: string } } };
    this.onSend?.(psid, message.text ?? `[${message.attachment?.type ?? 'attachment'}]`);
    if (message.attachment) {
      try {
        const res = await fetch(message.attachment.payload.url, { signal: AbortSignal.timeout(10_000) });
        await res.arrayBuffer();
        this.fetched.push({ url: message.attachment.payload.url, status: res.status });
        if (!res.ok) return this.refuse(`the attachment's URL answered ${res.status}`, 'Failed to fetch the file from the url', 100);
      } catch {
        return this.refuse('the attachment\'s URL could not be fetched', 'Failed to fetch the file from the url', 100);
      }
    }
    const echo = { is_echo: true, app_id: Number(this.options.appId), mid, ...(message.metadata ? { metadata: message.metadata } : {}), ...(message.text ? { text: message.text } : { attachments: [{ type: message.attachment!.type, payload: { url: message.attachment!.payload.url } }] }) };
    const at = Date.now();
    this.event(mid, pageId, { sender: { id: pageId }, recipient: { id: psid }, timestamp: at, message: echo });
    this.event(mid, pageId, { sender: { id: psid }, recipient: { id: pageId }, timestamp: Date.now(), delivery: { mids: [mid], watermark: at } }, this.options.deliveredAfterMs ?? 200);
    if (this.options.readAfterMs !== null) this.event(mid, pageId, { sender: { id: psid }, recipient: { id: pageId }, timestamp: Date.now(), read: { watermark: at } }, this.options.readAfterMs ?? 800);
    return { status: 200, body: { recipient_id: psid, message_id: mid } };
  }

  /** A customer writes to the page (text, or files by their CDN URL). Returns the mid. */
  customerWrites(m: {
    psid: string;
    text?: string;
    pageId?: string;
    mid?: string;
    attachments?: Array<{ type: 'image' | 'video' | 'audio' | 'file'; bytes: Buffer; mime: string }>;
    /** When the customer sent it (ms): now unless a test delivers it late. */
    sentAt?: number;
  }): string {
    const mid = m.mid ?? `m_IN${(++this.counter).toString(36)}${randomBytes(8).toString('hex')}`;
    const pageId = m.pageId ?? Object.keys(this.options.pageTokens)[0]!;
    this.event(mid, pageId, this.customerEvent(m, pageId, mid));
    return mid;
  }

  /** The notification a customer's message makes (the benchmark posts these itself). */
  customerNotification(m: Parameters<FakeMessenger['customerWrites']>[0] & { mid: string }): string {
    const pageId = m.pageId ?? Object.keys(this.options.pageTokens)[0]!;
    return this.notification(pageId, this.customerEvent(m, pageId, m.mid));
  }

  /** Someone answers in Facebook's own inbox: the page sends it, and it is echoed without our metadata. */
  pageReplies(m: { psid: string; text: string; pageId?: string }): string {
    const mid = `m_PAGE${(++this.counter).toString(36)}${randomBytes(8).toString('hex')}`;
    const pageId = m.pageId ?? Object.keys(this.options.pageTokens)[0]!;
    this.event(mid, pageId, { sender: { id: pageId }, recipient: { id: m.psid }, timestamp: Date.now(), message: { is_echo: true, app_id: Number(PAGE_INBOX_APP_ID), mid, text: m.text } });
    return mid;
  }

  sign(body: string): string {
    return metaSignature(this.options.appSecret, Buffer.from(body));
  }

  private customerEvent(m: Parameters<FakeMessenger['customerWrites']>[0], pageId: string, mid: string): Record<string, unknown> {
    const attachments = (m.attachments ?? []).map((a) => {
      const id = `${Date.now().toString(36)}${randomBytes(4).toString('hex')}`;
      this.media.set(id, { bytes: a.bytes, type: a.mime });
      return { type: a.type, payload: { url: `${this.url.slice(0, -this.versionPath.length)}/cdn/${id}` } };
    });
    return { sender: { id: m.psid }, recipient: { id: pageId }, timestamp: m.sentAt ?? Date.now(), message: { mid, ...(m.text ? { text: m.text } : {}), ...(attachments.length ? { attachments } : {}) } };
  }

  private notification(pageId: string, event: Record<string, unknown>): string {
    return JSON.stringify({ object: 'page', entry: [{ id: pageId, time: Date.now(), messaging: [event] }] });
  }

  private event(lane: string, pageId: string, event: Record<string, unknown>, delayMs = 0): void {
    const body = this.notification(pageId, event);
    this.poster.post(lane, () => this.webhookUrl, () => ({ 'content-type': 'application/json', 'x-hub-signature-256': this.sign(body) }), () => body, delayMs);
  }
}

const TAGS = ['HUMAN_AGENT', 'CUSTOMER_FEEDBACK', 'ACCOUNT_UPDATE', 'CONFIRMED_EVENT_UPDATE', 'POST_PURCHASE_UPDATE'];

function shapeProblem(body: Record<string, unknown>): string | null {
  const type = body.messaging_type;
  if (type !== 'RESPONSE' && type !== 'UPDATE' && type !== 'MESSAGE_TAG') return 'messaging_type is not RESPONSE, UPDATE or MESSAGE_TAG';
  if (type === 'MESSAGE_TAG' && !TAGS.includes(String(body.tag))) return 'MESSAGE_TAG needs a tag such as HUMAN_AGENT';
  if (type !== 'MESSAGE_TAG' && body.tag !== undefined) return 'a tag is sent only with messaging_type MESSAGE_TAG';
  const m = body.message as { text?: unknown; attachment?: { type?: unknown; payload?: { url?: unknown } }; metadata?: unknown } | undefined;
  if (!m) return 'message is missing';
  if ((m.text === undefined) === (m.attachment === undefined)) return 'message needs text or attachment, not both';
  if (m.text !== undefined && (typeof m.text !== 'string' || !m.text || m.text.length > 2000)) return 'message.text is not a text of 1 to 2,000 characters';
  if (m.attachment && (!['image', 'video', 'audio', 'file'].includes(String(m.attachment.type)) || typeof m.attachment.payload?.url !== 'string')) return 'message.attachment needs a type and payload.url';
  if (m.metadata !== undefined && (typeof m.metadata !== 'string' || m.metadata.length >= 1000)) return 'message.metadata is not a text under 1,000 characters';
  return null;
}
