import { describe, expect, it } from 'vitest';
import type { Attachment, Conversation } from '../../src/core/protocol/model.js';
import { replyWindow, timeLeftText } from '../../src/core/messaging/reply-window.js';
import { messageParts } from '../../src/core/messaging/platform-rules.js';
import { customerSentAt } from '../../src/core/messaging/customer-sent-at.js';
import { readScore } from '../../src/core/messaging/text-survey.js';
import { countSms } from '../../src/core/protocol/sms-segments.js';
import { templateParamNumbers } from '../../src/core/config/provider-channels.js';
import { parseConfig } from '../../src/core/config/parse.js';

/** The platforms' rules as pure functions: what the core refuses by and the panel draws from. */
const H = 3600_000;
const at = (channel: Conversation['channel'], customerAt: number) => ({ channel, customerAt, createdAt: 0 });

describe('reply windows', () => {
  it('gives WhatsApp 24 hours of free text from the customer\'s last message, then templates only', () => {
    expect(replyWindow(at('whatsapp', 0), 23 * H)).toMatchObject({ kind: 'open', closesAt: 24 * H, tag: null });
    expect(replyWindow(at('whatsapp', 0), 24 * H)).toMatchObject({ kind: 'closed', templatesOnly: true, lastCustomerAt: 0 });
  });

  it('gives Facebook 7 days, with the HUMAN_AGENT tag after the first 24 hours, and nothing after', () => {
    expect(replyWindow(at('facebook', 0), 2 * H)).toMatchObject({ kind: 'open', tag: null });
    expect(replyWindow(at('facebook', 0), 25 * H)).toMatchObject({ kind: 'open', tag: 'HUMAN_AGENT', closesAt: 7 * 24 * H });
    expect(replyWindow(at('facebook', 0), 7 * 24 * H)).toMatchObject({ kind: 'closed', templatesOnly: false });
  });

  it('has no window on SMS, email and live chat', () => {
    for (const channel of ['sms', 'email', 'livechat'] as const) expect(replyWindow(at(channel, 0), 1000 * H).kind).toBe('none');
  });

  it('says the time left short enough for a list row', () => {
    expect([timeLeftText(4 * 60_000), timeLeftText(23 * H + 12 * 60_000), timeLeftText(6 * 24 * H + 4 * H)]).toEqual(['4m', '23h 12m', '6d 4h']);
  });
});

describe("the customer's send time the windows count from", () => {
  const received = 1000 * H;
  it("believes the provider's time for a message delivered late, up to the 7 days Meta retries", () => {
    expect(customerSentAt(received - 25 * H, received)).toBe(received - 25 * H);
    expect(customerSentAt(received - 7 * 24 * H, received)).toBe(received - 7 * 24 * H);
  });

  it('takes a time from the future as the receipt, and one older than any retry as 7 days, closing both windows', () => {
    expect(customerSentAt(received + 48 * H, received)).toBe(received);
    const epoch = customerSentAt(0, received);
    expect(epoch).toBe(received - 7 * 24 * H);
    expect(replyWindow(at('whatsapp', epoch), received).kind).toBe('closed');
    expect(replyWindow(at('facebook', epoch), received).kind).toBe('closed');
  });

  it('takes the receipt time where the provider states none (SMS, live chat, email)', () => {
    expect(customerSentAt(undefined, received)).toBe(received);
    expect(customerSentAt(null, received)).toBe(received);
    expect(customerSentAt(Number.NaN, received)).toBe(received);
  });
});

describe('how a message leaves on each platform', () => {
  const file = (name: string, type: string): Attachment => ({ id: name, name, size: 1, type });
  it('gives WhatsApp one file per message, the text as the first one\'s caption (not a voice note\'s)', () => {
    expect(messageParts('whatsapp', 'Here', [file('a.jpg', 'image/jpeg'), file('b.pdf', 'application/pdf')])).toEqual([
      { text: 'Here', attachments: [file('a.jpg', 'image/jpeg')] },
      { text: '', attachments: [file('b.pdf', 'application/pdf')] },
    ]);
    expect(messageParts('whatsapp', 'Listen', [file('v.ogg', 'audio/ogg')])).toEqual([
      { text: '', attachments: [file('v.ogg', 'audio/ogg')] },
      { text: 'Listen', attachments: [] },
    ]);
  });

  it('gives Messenger the files first and the text on its own; SMS takes it all at once (MMS)', () => {
    expect(messageParts('facebook', 'Label', [file('l.pdf', 'application/pdf')]).map((p) => p.text)).toEqual(['', 'Label']);
    expect(messageParts('sms', 'Photos', [file('a.jpg', 'image/jpeg'), file('b.jpg', 'image/jpeg')])).toHaveLength(1);
  });
});

describe('the text survey', () => {
  it('reads a score from the start of the answer and keeps the rest as the comment', () => {
    expect(readScore('9')).toEqual({ score: 9, comment: '' });
    expect(readScore('10/10 brilliant')).toEqual({ score: 10, comment: 'brilliant' });
    expect(readScore(' 7 - slow at first')).toEqual({ score: 7, comment: 'slow at first' });
  });

  it('does not take other messages for an answer', () => {
    for (const text of ['15 minutes late', '0', '100', '1.5', 'Thanks!', 'my order 12345']) expect(readScore(text), text).toBeNull();
  });
});

describe('SMS segments', () => {
  it('counts GSM-7 in 160 and 153, its extension characters as two', () => {
    expect(countSms('a'.repeat(160))).toMatchObject({ encoding: 'GSM-7', segments: 1, left: 0 });
    expect(countSms('a'.repeat(161))).toMatchObject({ segments: 2, perSegment: 153, left: 145 });
    expect(countSms('€'.repeat(80))).toMatchObject({ encoding: 'GSM-7', units: 160, segments: 1 });
  });

  it('counts anything else in UCS-2: 70, then 67, an emoji as two units', () => {
    expect(countSms('Olá 😊')).toMatchObject({ encoding: 'UCS-2', units: 6, segments: 1, left: 64 });
    expect(countSms('ж'.repeat(71))).toMatchObject({ segments: 2, perSegment: 67 });
  });
});

describe('WhatsApp templates in the configuration', () => {
  const config = (body: string) =>
    parseConfig(
      `
messagingQueues: [{ id: q, name: Q, channels: [whatsapp] }]
agents: [{ number: "1001", name: A, email: a@x.io, pin: "1001", password: pass, messagingQueues: [q] }]
whatsapp:
  numbers: [{ phoneNumberId: "123456", displayNumber: "+44 1", queue: q }]
  templates: [{ name: t, body: "${body}" }]
`,
      'c.yaml',
    );

  it('knows a body\'s numbered parameters', () => {
    expect(templateParamNumbers('Hi {{1}}, order {{2}}, {{1}} again')).toEqual([1, 2]);
    expect(config('Hi {{1}}').whatsapp?.templates[0]).toMatchObject({ language: 'en_US', category: 'UTILITY' });
  });

  it('refuses a body with a gap in its parameters, or placeholders WhatsApp does not fill', () => {
    expect(() => config('Hi {{2}}')).toThrow(/without a gap/);
    expect(() => config('Hi {{customer.name}}')).toThrow(/only numbered parameters/);
  });

  it('refuses a number or page whose queue does not take the channel', () => {
    expect(() =>
      parseConfig(
        `
messagingQueues: [{ id: q, name: Q, channels: [livechat] }]
agents: [{ number: "1001", name: A, email: a@x.io, pin: "1001", password: pass, messagingQueues: [q] }]
sms: { accountSid: AC123456789, numbers: [{ number: "+447700900200", queue: q }] }
`,
        'c.yaml',
      ),
    ).toThrow(/sms\.numbers\[0\]\.queue: queue q does not take sms/);
  });
});
