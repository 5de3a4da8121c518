import { randomBytes } from 'node:crypto';
import { FakeWebhookProvider, type FakeAnswer, type FakeRequest } from '../provider/fake-server.js';
import { metaSignature } from '../provider/signatures.js';

/** A message a FakeWhatsappCloud took: the request's body, and the wamid it answered. */
export interface FakeWhatsappSend {
  phoneNumberId: string;
  body: Record<string, unknown>;
  wamid: string;
  at: number;
}

export interface FakeWhatsappOptions {
  token: string;
  appSecret: string;
  phoneNumberIds: string[];
  /** Where its webhooks go (/hooks/whatsapp of the server); may be set later. */
  webhookUrl?: string | null;
  /** After a send: "delivered" this long later, "read" this long after that (null: never read). */
  deliveredAfterMs?: number;
  readAfterMs?: number | null;
}

/**
 * A FAKE of the WhatsApp Business Cloud API (Meta's service cannot run here),
 * speaking its documented formats on 127.0.0.1:
 *
 * - POST /v21.0/{phone-number-id}/messages with `Authorization: Bearer`:
 *   text, template, image/video/audio/document by link (the link is fetched,
 *   as WhatsApp does), and `status: read` (with the typing indicator);
 *   answered {messaging_product, contacts, messages: [{id: wamid}]}, or an
 *   error object {error: {message, type, code, error_data}} as Meta's.
 * - GET /v21.0/{media-id} (the media's URL) and that URL (the bytes), with the token.
 * - Webhooks to the server, signed with X-Hub-Signature-256: each message it
 *   took goes sent, delivered and read, carrying biz_opaque_callback_data
 *   back; and customers' messages (`customerWrites`).
 */
export class FakeWhatsappCloud extends FakeWebhookProvider {
  protected readonly versionPath = '/v21.0';
  readonly sent: FakeWhatsappSend[] = [];
  /** Customer messages marked read, and whether the typing indicator was asked for. */
  readonly marks: Array<{ messageId: string; typing: boolean }> = [];
  /** Files it fetched from the links it was given. */
  readonly fetched: Array<{ link: string; status: number; bytes: number }> = [];

  constructor(private readonly options: FakeWhatsappOptions) {
    super(options.webhookUrl);
  }

  protected downAnswer(): FakeAnswer {
    return { status: 503, body: { error: { message: 'Service temporarily unavailable', type: 'OAuthException', code: 2, fbtrace_id: 'fake' } } };
  }

  protected route(req: FakeRequest): Promise<FakeAnswer> | FakeAnswer {
    const rest = req.path.startsWith(`${this.versionPath}/`) ? req.path.slice(this.versionPath.length + 1) : null;
    const bytes = /^fake-media\/([A-Za-z0-9]+)$/.exec(req.path.slice(1));
    if (bytes) return this.mediaBytes(req, bytes[1]!);
    if (rest === null) return this.refuse(`${req.method} ${req.path}: not under ${this.versionPath}`, 404, 'Unknown path');
    if (req.headers.authorization !== `Bearer ${this.options.token}`)
      return { status: 401, body: { error: { message: 'Invalid OAuth access token - Cannot parse access token', type: 'OAuthException', code: 190, fbtrace_id: 'fake' } } };
    const send = /^(\d+)\/messages$/.exec(rest);
    if (send && req.method === 'POST') return this.messages(req, send[1]!);
    if (/^[A-Za-z0-9]+$/.test(rest) && req.method === 'GET') return this.mediaInfo(rest);
    return this.refuse(`${req.method} ${req.path}: no such endpoint`, 400, 'Unsupported request');
  }

  private refuse(violation: string, status: number, message: string, code = 100): FakeAnswer {
    this.violation(violation);
    return { status, body: { error: { message, type: 'OAuthException', code, error_data: { messaging_product: 'whatsapp', details: violation }, fbtrace_id: 'fake' } } };
  }

  private async messages(req: FakeRequest, phoneNumberId: string): Promise<FakeAnswer> {
    if (!this.options.phoneNumberIds.includes(phoneNumberId)) return this.refuse(`phone number id ${phoneNumberId} is not the business's`, 400, 'Unsupported post request', 100);
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) return this.refuse('Content-Type is not application/json', 400, 'Invalid content type');
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(req.body.toString('utf8')) as Record<string, unknown>;
    } catch {
      return this.refuse('the body is not JSON', 400, 'Invalid JSON');
    }
    if (body.messaging_product !== 'whatsapp') return this.refuse('messaging_product is not "whatsapp"', 400, 'Invalid parameter');
    if (body.status === 'read') {
      if (typeof body.message_id !== 'string' || !body.message_id) return this.refuse('status read without message_id', 400, 'Invalid parameter');
      const typing = body.typing_indicator as { type?: string } | undefined;
      if (typing && typing.type !== 'text') return this.refuse('typing_indicator.type is not "text"', 400, 'Invalid parameter');
      this.marks.push({ messageId: body.message_id, typing: Boolean(typing) });
      return { status: 200, body: { success: true } };
    }
    const problem = shapeProblem(body);
    if (problem) return this.refuse(problem, 400, 'Invalid parameter');
    const canned = this.takeCanned();
    if (canned) return canned;
    const wamid = `wamid.FAKE${(++this.counter).toString(36)}${randomBytes(6).toString('hex')}`;
    this.sent.push({ phoneNumberId, body, wamid, at: Date.now() });
    const template = body.template as { name?: string } | undefined;
    this.onSend?.(String(body.to), (body.text as { body?: string } | undefined)?.body ?? (template ? `[template ${template.name}]` : `[${String(body.type)}]`));
    const link = ((body[String(body.type)] as { link?: string } | undefined) ?? {}).link;
    void this.afterSend(phoneNumberId, body, wamid, link);
    return { status: 200, body: { messaging_product: 'whatsapp', contacts: [{ input: body.to, wa_id: body.to }], messages: [{ id: wamid, message_status: 'accepted' }] } };
  }

  /** As WhatsApp: the file is fetched from its link, then the message goes sent, delivered, read (or failed). */
  private async afterSend(phoneNumberId: string, body: Record<string, unknown>, wamid: string, link: string | undefined): Promise<void> {
    let failed = false;
    if (link) {
      try {
        const res = await fetch(link, { signal: AbortSignal.timeout(10_000) });
        const got = Buffer.from(await res.arrayBuffer());
        this.fetched.push({ link, status: res.status, bytes: got.length });
        failed = !res.ok;
      } catch {
        this.fetched.push({ link, status: 0, bytes: 0 });
        failed = true;
      }
    }
    const opaque = typeof body.biz_opaque_callback_data === 'string' ? body.biz_opaque_callback_data : undefined;
    const status = (s: string, extra: Record<string, unknown> = {}) => ({ id: wamid, status: s, timestamp: String(Math.floor(Date.now() / 1000)), recipient_id: body.to, ...(opaque ? { biz_opaque_callback_data: opaque } : {}), ...extra });
    if (failed) {
      this.webhook(wamid, phoneNumberId, { statuses: [status('failed', { errors: [{ code: 131053, title: 'Media upload error', message: 'Media upload error', error_data: { details: 'Unable to download the media from the link.' } }] })] });
      return;
    }
    this.webhook(wamid, phoneNumberId, { statuses: [status('sent')] });
    this.webhook(wamid, phoneNumberId, { statuses: [status('delivered')] }, this.options.deliveredAfterMs ?? 200);
    if (this.options.readAfterMs !== null) this.webhook(wamid, phoneNumberId, { statuses: [status('read')] }, this.options.readAfterMs ?? 800);
  }

  /** A customer writes (text, or a file with a caption, a place, a contact): the signed webhook, posted until it is taken. */
  customerWrites(m: {
    from: string;
    name?: string;
    text?: string;
    id?: string;
    phoneNumberId?: string;
    media?: { kind: 'image' | 'video' | 'audio' | 'document'; bytes: Buffer; type: string; caption?: string; filename?: string };
    location?: { latitude: number; longitude: number; name?: string; address?: string };
    contacts?: Array<{ name: string; phone: string }>;
    /** When the customer sent it (ms): now unless a test delivers it late. */
    sentAt?: number;
  }): string {
    const id = m.id ?? `wamid.IN${(++this.counter).toString(36)}${randomBytes(6).toString('hex')}`;
    const phoneNumberId = m.phoneNumberId ?? this.options.phoneNumberIds[0]!;
    this.webhook(id, phoneNumberId, this.customerValue(m, id), 0);
    return id;
  }

  /** The notification a customer's message makes, as Meta sends it (the benchmark posts these itself). */
  customerNotification(m: Parameters<FakeWhatsappCloud['customerWrites']>[0] & { id: string }): string {
    return this.notification(m.phoneNumberId ?? this.options.phoneNumberIds[0]!, this.customerValue(m, m.id));
  }

  /** X-Hub-Signature-256 for a body, with this fake's app secret. */
  sign(body: string): string {
    return metaSignature(this.options.appSecret, Buffer.from(body));
  }

  private customerValue(m: Parameters<FakeWhatsappCloud['customerWrites']>[0], id: string): Record<string, unknown> {
    const message: Record<string, unknown> = { from: m.from, id, timestamp: String(Math.floor((m.sentAt ?? Date.now()) / 1000)) };
    if (m.media) {
      const mediaId = `${Date.now().toString(36)}${randomBytes(4).toString('hex')}`;
      this.media.set(mediaId, { bytes: m.media.bytes, type: m.media.type });
      Object.assign(message, { type: m.media.kind, [m.media.kind]: { id: mediaId, mime_type: m.media.type, ...(m.media.caption ? { caption: m.media.caption } : {}), ...(m.media.filename ? { filename: m.media.filename } : {}) } });
    } else if (m.location) {
      Object.assign(message, { type: 'location', location: m.location });
    } else if (m.contacts) {
      Object.assign(message, { type: 'contacts', contacts: m.contacts.map((c) => ({ name: { formatted_name: c.name }, phones: [{ phone: c.phone, type: 'CELL' }] })) });
    } else {
      Object.assign(message, { type: 'text', text: { body: m.text ?? '' } });
    }
    return { contacts: [{ profile: { name: m.name ?? 'Customer' }, wa_id: m.from }], messages: [message] };
  }

  private notification(phoneNumberId: string, value: Record<string, unknown>): string {
    return JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [{ id: 'FAKEWABA', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550000000', phone_number_id: phoneNumberId }, ...value } }] }],
    });
  }

  private webhook(lane: string, phoneNumberId: string, value: Record<string, unknown>, delayMs = 0): void {
    const body = this.notification(phoneNumberId, value);
    this.poster.post(lane, () => this.webhookUrl, () => ({ 'content-type': 'application/json', 'x-hub-signature-256': this.sign(body) }), () => body, delayMs);
  }

  private mediaInfo(id: string): FakeAnswer {
    const m = this.media.get(id);
    if (!m) return { status: 404, body: { error: { message: 'Unsupported get request.', type: 'GraphMethodException', code: 100 } } };
    const url = `${this.url.slice(0, -this.versionPath.length)}/fake-media/${id}`;
    return { status: 200, body: { messaging_product: 'whatsapp', url, mime_type: m.type, sha256: 'fake', file_size: String(m.bytes.length), id } };
  }

  private mediaBytes(req: FakeRequest, id: string): FakeAnswer {
    if (req.headers.authorization !== `Bearer ${this.options.token}`) return this.refuse('media downloaded without the bearer token', 401, 'Invalid OAuth access token', 190);
    const m = this.media.get(id);
    return m ? { status: 200, body: m.bytes, contentType: m.type } : { status: 404, body: {} };
  }
}

/** What is wrong with a send's body, against the documented shape; null when nothing. */
function shapeProblem(body: Record<string, unknown>): string | null {
  if (typeof body.to !== 'string' || !/^\d{5,20}$/.test(body.to)) return '"to" is not a phone number of digits';
  if (body.recipient_type !== undefined && body.recipient_type !== 'individual') return 'recipient_type is not "individual"';
  if (body.biz_opaque_callback_data !== undefined && (typeof body.biz_opaque_callback_data !== 'string' || body.biz_opaque_callback_data.length > 512))
    return 'biz_opaque_callback_data is not a string of at most 512 characters';
  const type = body.type;
  if (type === 'text') {
    const text = body.text as { body?: unknown } | undefined;
    if (typeof text?.body !== 'string' || !text.body || text.body.length > 4096) return 'text.body is not a text of 1 to 4,096 characters';
    return null;
  }
  if (type === 'template') {
    const t = body.template as { name?: unknown; language?: { code?: unknown }; components?: unknown } | undefined;
    if (typeof t?.name !== 'string' || typeof t.language?.code !== 'string') return 'template needs name and language.code';
    if (t.components !== undefined && !Array.isArray(t.components)) return 'template.components is not a list';
    for (const c of (t.components as Array<{ type?: string; parameters?: Array<{ type?: string; text?: unknown }> }>) ?? []) {
      if (c.type !== 'body' || !Array.isArray(c.parameters)) return 'a template component is not a body with parameters';
      if (c.parameters.some((p) => p.type !== 'text' || typeof p.text !== 'string' || !p.text)) return 'a template parameter is not {type: text, text}';
    }
    return null;
  }
  if (type === 'image' || type === 'video' || type === 'audio' || type === 'document') {
    const media = body[type] as { link?: unknown; id?: unknown; caption?: unknown } | undefined;
    if (typeof media?.link !== 'string' || !/^https?:\/\//.test(media.link)) return `${type}.link is not an http(s) address`;
    if (type === 'audio' && media.caption !== undefined) return 'audio takes no caption';
    return null;
  }
  return `type "${String(type)}" is not one switchboard should send`;
}
