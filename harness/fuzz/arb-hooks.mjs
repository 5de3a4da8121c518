// Generated provider webhooks (/hooks/whatsapp, /hooks/facebook, /hooks/sms
// and its /status): payloads of the providers' documented shapes with
// generated values, other JSON and bytes, most signed with the harness's
// secrets as Meta and Twilio sign (X-Hub-Signature-256 over the body,
// X-Twilio-Signature over the URL and the sorted parameters), some unsigned or
// wrongly signed. Every one must be answered (200 taken, 400 malformed, 401
// unsigned, never a dropped connection) and none may take the server down.
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { PROVIDERS } from '../lib/center.mjs';

const text = fc.oneof(fc.string({ maxLength: 80 }), fc.constantFrom('', ' ', '9 great', '10/10', '\u0000', '{{customer.name}}', 'x'.repeat(5000), '😀'.repeat(40)));
const id = fc.oneof(fc.string({ minLength: 1, maxLength: 40 }), fc.constantFrom('wamid.A', 'm_1', 'SM00000000000000000000000000000001', 'sb1:out-1:msg-1', ''));
const digits = fc.oneof(fc.stringMatching(/^\d{5,15}$/), fc.constantFrom('447700900123', '0', 'abc'));
const opaque = fc.oneof(fc.constant(undefined), id, fc.string({ maxLength: 30 }).map((s) => `sb1:out-${s}:msg-${s}`));

const waMessage = fc.record({
  from: digits,
  id,
  type: fc.constantFrom('text', 'image', 'location', 'contacts', 'audio', 'document', 'reaction', 'unsupported', 'button', 'interactive'),
  text,
  lat: fc.double({ noNaN: true }),
});
const waValue = fc.oneof(
  waMessage.map((m) => ({
    contacts: [{ profile: { name: m.text }, wa_id: m.from }],
    messages: [
      {
        from: m.from,
        id: m.id,
        timestamp: '1700000000',
        type: m.type,
        text: { body: m.text },
        image: { id: m.id, mime_type: 'image/jpeg', caption: m.text },
        audio: { id: m.id },
        document: { id: m.id, filename: m.text },
        location: { latitude: m.lat, longitude: -m.lat, name: m.text },
        contacts: [{ name: { formatted_name: m.text }, phones: [{ phone: m.from }] }],
        reaction: { emoji: m.text.slice(0, 2) },
        button: { text: m.text },
        interactive: { button_reply: { id: 'b', title: m.text } },
      },
    ],
  })),
  fc.record({ id, status: fc.constantFrom('sent', 'delivered', 'read', 'failed', 'deleted', 'x'), opaque, code: fc.integer() }).map((s) => ({
    statuses: [{ id: s.id, status: s.status, timestamp: '1', recipient_id: '1', ...(s.opaque ? { biz_opaque_callback_data: s.opaque } : {}), errors: [{ code: s.code, title: 'x' }] }],
  })),
);
const waBody = fc
  .record({ value: waValue, number: fc.constantFrom(PROVIDERS.whatsappNumberId, '999') })
  .map(({ value, number }) => JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: '1', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '1', phone_number_id: number }, ...value } }] }] }));

const fbEvent = fc.record({ psid: id, mid: id, text, echo: fc.boolean(), metadata: opaque, watermark: fc.integer(), kind: fc.constantFrom('message', 'read', 'delivery', 'attachment') }).map((e) => {
  const page = PROVIDERS.facebookPage;
  if (e.kind === 'read') return { sender: { id: e.psid }, recipient: { id: page }, timestamp: 1, read: { watermark: e.watermark } };
  if (e.kind === 'delivery') return { sender: { id: e.psid }, recipient: { id: page }, timestamp: 1, delivery: { mids: [e.mid], watermark: e.watermark } };
  const message = { mid: e.mid, text: e.text, ...(e.echo ? { is_echo: true, app_id: 1, ...(e.metadata ? { metadata: e.metadata } : {}) } : {}), ...(e.kind === 'attachment' ? { attachments: [{ type: 'image', payload: { url: 'http://127.0.0.1:9/x' } }, { type: 'location', payload: { coordinates: { lat: 1, long: 2 } } }] } : {}) };
  return e.echo ? { sender: { id: page }, recipient: { id: e.psid }, timestamp: 1, message } : { sender: { id: e.psid }, recipient: { id: page }, timestamp: 1, message };
});
const fbBody = fc.array(fbEvent, { minLength: 1, maxLength: 4 }).map((messaging) => JSON.stringify({ object: 'page', entry: [{ id: PROVIDERS.facebookPage, time: 1, messaging }] }));

const smsParams = fc
  .record({ sid: fc.oneof({ weight: 3, arbitrary: fc.stringMatching(/^SM[0-9a-f]{32}$/) }, { weight: 1, arbitrary: id }), from: fc.oneof({ weight: 3, arbitrary: digits.map((d) => `+${d}`) }, { weight: 1, arbitrary: text }), to: fc.constantFrom(PROVIDERS.smsNumber, '+15550000000'), body: text, media: fc.nat({ max: 3 }), status: fc.constantFrom('sent', 'delivered', 'failed', 'undelivered', 'queued', 'read', 'x'), account: fc.constantFrom(PROVIDERS.accountSid, 'AC1') })
  .map((p) => [
    ['MessageSid', p.sid],
    ['AccountSid', p.account],
    ['From', p.from],
    ['To', p.to],
    ['Body', p.body],
    ['NumMedia', String(p.media)],
    ['MediaUrl0', 'http://127.0.0.1:9/media'],
    ['MessageStatus', p.status],
    ['ErrorCode', '30003'],
  ]);

const junk = fc.oneof(fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)), fc.string({ maxLength: 200 }), fc.constantFrom('', '{', '[]', 'null'));

export const hookRequestArb = fc.oneof(
  { weight: 4, arbitrary: fc.record({ channel: fc.constant('whatsapp'), sub: fc.constant(''), body: fc.oneof({ weight: 5, arbitrary: waBody }, { weight: 1, arbitrary: junk }) }) },
  { weight: 4, arbitrary: fc.record({ channel: fc.constant('facebook'), sub: fc.constant(''), body: fc.oneof({ weight: 5, arbitrary: fbBody }, { weight: 1, arbitrary: junk }) }) },
  { weight: 4, arbitrary: fc.record({ channel: fc.constant('sms'), sub: fc.constantFrom('', '/status'), params: smsParams, key: opaque }) },
  { weight: 1, arbitrary: fc.record({ channel: fc.constantFrom('whatsapp', 'facebook'), sub: fc.constant(''), verify: fc.record({ mode: fc.constantFrom('subscribe', 'x'), token: fc.constantFrom(PROVIDERS.secrets.whatsapp.verifyToken, PROVIDERS.secrets.facebook.verifyToken, 'guess'), challenge: text }) }) },
).chain((r) => fc.record({ sign: fc.constantFrom('good', 'good', 'good', 'good', 'none', 'bad') }).map((s) => ({ form: 'hook', ...r, ...s })));

const appSecret = (channel) => (channel === 'whatsapp' ? PROVIDERS.secrets.whatsapp.appSecret : PROVIDERS.secrets.facebook.appSecret);

/** The raw request of a generated webhook, signed at send time (Twilio signs the URL, which has the port). */
export function hookRequest(spec, port) {
  const headers = [['Host', '127.0.0.1'], ['Connection', 'close']];
  if (spec.verify) {
    const q = new URLSearchParams({ 'hub.mode': spec.verify.mode, 'hub.verify_token': spec.verify.token, 'hub.challenge': spec.verify.challenge });
    const head = `GET /hooks/${spec.channel}?${q} HTTP/1.1\r\n${headers.map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`;
    return { bytes: Buffer.from(head), head, path: `/hooks/${spec.channel}`, expectAnswer: true };
  }
  let path = `/hooks/${spec.channel}${spec.sub}`;
  let body;
  if (spec.channel === 'sms') {
    if (spec.sub === '/status' && spec.key) path += `?o=${encodeURIComponent(spec.key)}`;
    const params = new URLSearchParams(spec.params);
    body = Buffer.from(params.toString());
    headers.push(['Content-Type', 'application/x-www-form-urlencoded']);
    const url = `http://127.0.0.1:${port}${path}`;
    const sorted = [...params].sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
    const signature = createHmac('sha1', PROVIDERS.secrets.sms.authToken).update(url + sorted.map(([k, v]) => k + v).join('')).digest('base64');
    if (spec.sign === 'good') headers.push(['X-Twilio-Signature', signature]);
    if (spec.sign === 'bad') headers.push(['X-Twilio-Signature', `${signature.slice(1)}A`]);
  } else {
    body = Buffer.from(spec.body, 'utf8');
    headers.push(['Content-Type', 'application/json']);
    const signature = `sha256=${createHmac('sha256', appSecret(spec.channel)).update(body).digest('hex')}`;
    if (spec.sign === 'good') headers.push(['X-Hub-Signature-256', signature]);
    if (spec.sign === 'bad') headers.push(['X-Hub-Signature-256', signature.slice(0, -1) + (signature.endsWith('0') ? '1' : '0')]);
  }
  headers.push(['Content-Length', String(body.length)]);
  const head = `POST ${path} HTTP/1.1\r\n${headers.map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`;
  return { bytes: Buffer.concat([Buffer.from(head, 'utf8'), body]), head, path, expectAnswer: true };
}
