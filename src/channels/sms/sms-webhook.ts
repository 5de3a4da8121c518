import type { SmsConfig } from '../../core/config/provider-channels.js';
import { readCallbackKey } from '../provider/callback-key.js';
import type { ChannelDeps } from '../provider/channel.js';
import { header, refusal, type HookAnswer, type HookRequest, type WebhookHandler } from '../provider/hook.js';
import type { InboundDraft, MediaRef } from '../provider/ingest.js';
import { mediaName } from '../provider/media.js';
import { twilioSignatureValid } from '../provider/signatures.js';
import type { ProviderStatus } from '../provider/status.js';
import { takeBatch } from '../provider/take-batch.js';
import { smsErrorWords, type TwilioApi } from './twilio-api.js';

/** A customer's thread with one of our numbers. */
export function smsThread(ours: string, theirs: string): string {
  return `sms:${ours}:${theirs}`;
}

export function readSmsThread(ref: string | null): { ours: string; theirs: string } | null {
  const m = /^sms:(\+\d+):(\+?\d+)$/.exec(ref ?? '');
  return m ? { ours: m[1]!, theirs: m[2]! } : null;
}

/** Twilio wants TwiML back from an incoming-message webhook: an empty Response sends no auto-reply. */
const TWIML_EMPTY: HookAnswer = { status: 200, contentType: 'text/xml; charset=utf-8', body: '<?xml version="1.0" encoding="UTF-8"?><Response></Response>' };
const STATUS_TAKEN: HookAnswer = { status: 200, contentType: 'text/plain; charset=utf-8', body: '' };

const STATUSES: Record<string, ProviderStatus['status']> = {
  // Twilio has taken it: enough to know it must not be sent again.
  accepted: 'sent',
  queued: 'sent',
  sending: 'sent',
  sent: 'sent',
  delivered: 'delivered',
  read: 'read',
  undelivered: 'failed',
  failed: 'failed',
};

/**
 * SMS in Twilio's Messaging format, at /hooks/sms (incoming messages) and
 * /hooks/sms/status (the status callbacks of ours, their URL carrying our
 * key): form-encoded, signed with X-Twilio-Signature over the URL Twilio
 * posted to and the sorted parameters, with the auth token.
 */
export function smsWebhook(config: SmsConfig, authToken: string, api: TwilioApi, deps: ChannelDeps): WebhookHandler {
  return {
    channel: 'sms',
    async handle(req: HookRequest): Promise<HookAnswer> {
      if (req.subpath !== '' && req.subpath !== '/status') return refusal(404, 'NOT_FOUND', 'SMS webhooks are /hooks/sms and /hooks/sms/status.');
      if (req.method !== 'POST') return refusal(405, 'METHOD_NOT_ALLOWED', 'SMS webhooks are POSTed.');
      const params = new URLSearchParams(req.body.toString('utf8'));
      const signature = header(req, 'x-twilio-signature');
      if (!twilioSignatureValid(authToken, req.publicUrl, params, signature)) {
        deps.log(`sms webhook refused: ${signature ? 'wrong' : 'no'} X-Twilio-Signature for ${req.publicUrl.slice(0, 200)}`);
        return refusal(401, 'BAD_SIGNATURE', 'The X-Twilio-Signature header is missing or does not match this URL, the parameters and the auth token.');
      }
      const sid = params.get('MessageSid') ?? params.get('SmsSid') ?? '';
      if (!/^[A-Za-z]{2}[0-9a-zA-Z]{8,64}$/.test(sid)) return refusal(400, 'BAD_PAYLOAD', 'MessageSid is missing or not a message SID.');
      if (params.get('AccountSid') !== config.accountSid) {
        deps.log(`sms webhook refused: account ${String(params.get('AccountSid')).slice(0, 64)} is not this server's`);
        return refusal(400, 'WRONG_ACCOUNT', 'The AccountSid is not this server\'s.');
      }
      return req.subpath === '/status' ? status(req, params, sid) : incoming(params, sid);
    },
  };

  async function status(req: HookRequest, params: URLSearchParams, sid: string): Promise<HookAnswer> {
    const kind = STATUSES[params.get('MessageStatus') ?? params.get('SmsStatus') ?? ''];
    if (!kind) return STATUS_TAKEN;
    const code = params.get('ErrorCode');
    const detail = kind === 'failed' ? `The SMS was not delivered: ${smsErrorWords(code ? Number(code) : null)}` : null;
    return takeBatch(deps, 'sms', [], [{ key: readCallbackKey(req.query.get('o')), externalId: sid, status: kind, detail }], STATUS_TAKEN);
  }

  async function incoming(params: URLSearchParams, sid: string): Promise<HookAnswer> {
    const to = params.get('To') ?? '';
    const from = params.get('From') ?? '';
    const number = config.numbers.find((n) => n.number === to);
    if (!number) {
      deps.log(`sms: a message to ${to.slice(0, 32)}, which this server does not serve, was not kept`);
      return TWIML_EMPTY;
    }
    if (!/^\+?\d{3,20}$/.test(from)) return refusal(400, 'BAD_PAYLOAD', 'From is not a phone number.');
    const media: MediaRef[] = [];
    const count = Math.min(10, Number(params.get('NumMedia') ?? 0) || 0);
    for (let i = 0; i < count; i++) {
      const url = params.get(`MediaUrl${i}`);
      if (!url || !/^https?:\/\//.test(url)) continue;
      const declared = params.get(`MediaContentType${i}`);
      media.push({
        label: 'Picture',
        fetch: async (signal) => {
          const got = await api.media(url, signal);
          const type = declared ?? got.type ?? 'application/octet-stream';
          return { bytes: got.bytes, type, name: mediaName('mms', `${sid}${i}`, type) };
        },
      });
    }
    const draft: InboundDraft = {
      channel: 'sms',
      queue: number.queue,
      externalId: sid,
      threadRef: smsThread(number.number, from),
      customer: { id: `phone:${from}`, name: from, email: null, phone: from, ip: null, geo: null, social: {} },
      text: params.get('Body') ?? '',
      media,
      // No sentAt: Twilio's webhook states no send time, and SMS has no reply window to count.
    };
    return takeBatch(deps, 'sms', [draft], [], TWIML_EMPTY);
  }
}
