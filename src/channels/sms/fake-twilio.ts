import { randomBytes } from 'node:crypto';
import { countSms } from '../../core/protocol/sms-segments.js';
import { FakeWebhookProvider, type FakeAnswer, type FakeRequest } from '../provider/fake-server.js';
import { twilioSignature } from '../provider/signatures.js';

export interface FakeTwilioSend {
  sid: string;
  form: URLSearchParams;
  segments: number;
  at: number;
}

export interface FakeTwilioOptions {
  accountSid: string;
  authToken: string;
  /** The account's numbers (what From may be). */
  numbers: string[];
  /** /hooks/sms of the server, where customers' messages go. */
  webhookUrl?: string | null;
  deliveredAfterMs?: number;
}

/**
 * A FAKE of Twilio's Messaging API (it cannot run here), in its documented
 * formats on 127.0.0.1:
 *
 * - POST /2010-04-01/Accounts/{AccountSid}/Messages.json, HTTP Basic auth
 *   (account SID, auth token), form-encoded To, From, Body, MediaUrl,
 *   StatusCallback; answered 201 with the Message resource as JSON (sid,
 *   status "queued", num_segments), or Twilio's error {code, message,
 *   more_info, status}.
 * - Status callbacks to the StatusCallback URL (sent, then delivered),
 *   signed with X-Twilio-Signature; customers' SMS and MMS to /hooks/sms
 *   (`customerWrites`), their media behind the same Basic auth.
 */
export class FakeTwilio extends FakeWebhookProvider {
  protected readonly versionPath = '';
  readonly sent: FakeTwilioSend[] = [];
  readonly fetched: Array<{ url: string; status: number }> = [];

  constructor(private readonly options: FakeTwilioOptions) {
    super(options.webhookUrl);
  }

  protected downAnswer(): FakeAnswer {
    return { status: 503, body: { code: 20503, message: 'Service Unavailable', more_info: 'https://www.twilio.com/docs/errors/20503', status: 503 } };
  }

  private error(status: number, code: number, message: string, violation?: string): FakeAnswer {
    if (violation) this.violation(violation);
    return { status, body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status } };
  }

  private authorised(req: FakeRequest): boolean {
    return req.headers.authorization === `Basic ${Buffer.from(`${this.options.accountSid}:${this.options.authToken}`).toString('base64')}`;
  }

  protected route(req: FakeRequest): Promise<FakeAnswer> | FakeAnswer {
    const base = `/2010-04-01/Accounts/${this.options.accountSid}`;
    const media = /^\/2010-04-01\/Accounts\/[^/]+\/Messages\/[^/]+\/Media\/([A-Za-z0-9]+)$/.exec(req.path);
    if (media && req.method === 'GET') {
      if (!this.authorised(req)) return this.error(401, 20003, 'Authenticate', 'media fetched without the account\'s Basic auth');
      const file = this.media.get(media[1]!);
      return file ? { status: 200, body: file.bytes, contentType: file.type } : this.error(404, 20404, 'The requested resource was not found');
    }
    if (req.path !== `${base}/Messages.json` || req.method !== 'POST') return this.error(404, 20404, 'The requested resource was not found', `${req.method} ${req.path}: not the Messages resource of ${this.options.accountSid}`);
    if (!this.authorised(req)) return this.error(401, 20003, 'Authenticate', 'no Basic auth with the account SID and auth token');
    if (!String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) return this.error(400, 20001, 'Content-Type must be form-encoded', 'the body is not form-encoded');
    return this.create(new URLSearchParams(req.body.toString('utf8')));
  }

  private async create(form: URLSearchParams): Promise<FakeAnswer> {
    const to = form.get('To') ?? '';
    const from = form.get('From') ?? '';
    if (!/^\+[1-9]\d{5,14}$/.test(to)) return this.error(400, 21211, `The 'To' number ${to} is not a valid phone number.`, `To "${to}" is not an E.164 number`);
    if (!this.options.numbers.includes(from)) return this.error(400, 21606, `The From phone number ${from} is not a valid, SMS-capable inbound phone number or short code for your account.`, `From "${from}" is not one of the account's numbers`);
    const body = form.get('Body') ?? '';
    const mediaUrls = form.getAll('MediaUrl');
    if (!body && mediaUrls.length === 0) return this.error(400, 21602, 'Message body is required.', 'neither Body nor MediaUrl');
    if ([...body].length > 1600) return this.error(400, 21617, 'The concatenated message body exceeds the 1600 character limit.', 'Body over 1,600 characters');
    if (mediaUrls.length > 10) return this.error(400, 21623, 'Number of media files exceeds allowed limit.', 'over 10 MediaUrl');
    const callback = form.get('StatusCallback');
    if (callback !== null && !/^https?:\/\//.test(callback)) return this.error(400, 21609, 'Invalid StatusCallback url', 'StatusCallback is not an http(s) URL');
    for (const url of mediaUrls) {
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
        await res.arrayBuffer();
        this.fetched.push({ url, status: res.status });
      } catch {
        this.fetched.push({ url, status: 0 });
      }
    }
    const canned = this.takeCanned();
    if (canned) return canned;
    const sid = `SM${(++this.counter).toString(16).padStart(8, '0')}${randomBytes(12).toString('hex')}`;
    const segments = Math.max(1, countSms(body).segments);
    this.sent.push({ sid, form, segments, at: Date.now() });
    this.onSend?.(to, body || '[picture]');
    if (callback) {
      this.status(callback, sid, from, to, 'sent', 0);
      this.status(callback, sid, from, to, 'delivered', this.options.deliveredAfterMs ?? 200);
    }
    const now = new Date().toUTCString();
    return {
      status: 201,
      body: {
        sid,
        account_sid: this.options.accountSid,
        to,
        from,
        body,
        status: 'queued',
        num_segments: String(segments),
        num_media: String(mediaUrls.length),
        direction: 'outbound-api',
        api_version: '2010-04-01',
        date_created: now,
        date_updated: now,
        date_sent: null,
        error_code: null,
        error_message: null,
        price: null,
        uri: `/2010-04-01/Accounts/${this.options.accountSid}/Messages/${sid}.json`,
      },
    };
  }

  /** A status callback, signed over its URL and parameters. */
  private status(url: string, sid: string, from: string, to: string, status: string, delayMs: number): void {
    const params = new URLSearchParams({ AccountSid: this.options.accountSid, ApiVersion: '2010-04-01', From: from, MessageSid: sid, MessageStatus: status, SmsSid: sid, SmsStatus: status, To: to });
    this.signedPost(sid, url, params, delayMs);
  }

  /** A customer's SMS (or MMS with media) to one of the account's numbers. Returns its MessageSid. */
  customerWrites(m: { from: string; body?: string; to?: string; sid?: string; media?: Array<{ bytes: Buffer; type: string }> }): string {
    const sid = m.sid ?? `${m.media?.length ? 'MM' : 'SM'}${(++this.counter).toString(16).padStart(8, '0')}${randomBytes(12).toString('hex')}`;
    this.signedPost(sid, null, this.customerParams({ ...m, sid }), 0);
    return sid;
  }

  /** The parameters of a customer's message, as Twilio posts them (the benchmark signs and posts these itself). */
  customerParams(m: { from: string; body?: string; to?: string; sid: string; media?: Array<{ bytes: Buffer; type: string }> }): URLSearchParams {
    const params = new URLSearchParams({
      ToCountry: 'GB',
      SmsMessageSid: m.sid,
      NumMedia: String(m.media?.length ?? 0),
      SmsSid: m.sid,
      SmsStatus: 'received',
      Body: m.body ?? '',
      To: m.to ?? this.options.numbers[0]!,
      NumSegments: String(Math.max(1, countSms(m.body ?? '').segments)),
      MessageSid: m.sid,
      AccountSid: this.options.accountSid,
      From: m.from,
      ApiVersion: '2010-04-01',
    });
    (m.media ?? []).forEach((file, i) => {
      const id = `ME${randomBytes(16).toString('hex')}`;
      this.media.set(id, file);
      params.set(`MediaContentType${i}`, file.type);
      params.set(`MediaUrl${i}`, `${this.url}/2010-04-01/Accounts/${this.options.accountSid}/Messages/${m.sid}/Media/${id}`);
    });
    return params;
  }

  /** X-Twilio-Signature for a post of these parameters to this URL. */
  sign(url: string, params: URLSearchParams): string {
    return twilioSignature(this.options.authToken, url, params);
  }

  private signedPost(lane: string, url: string | null, params: URLSearchParams, delayMs: number): void {
    const target = () => url ?? this.webhookUrl;
    this.poster.post(
      lane,
      target,
      () => ({ 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': this.sign(target() ?? '', params) }),
      () => params.toString(),
      delayMs,
    );
  }
}
