import { afterEach, describe, expect, it } from 'vitest';
import { runCleanups } from '../server/support.js';
import { allMessages } from '../helpers.js';
import { conversationsOn, messagesOf, postHook, startCentre, until } from './provider-support.js';

/**
 * What a provider's webhook carries as text, as it is kept: the provider has
 * already taken the customer's message, so the webhook is answered 200 (a
 * refusal would be posted again for days) and the text is made fit to keep.
 */
afterEach(runCleanups);

const CUSTOMER = '+447700900123';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

function customerTexts(c: Awaited<ReturnType<typeof startCentre>>, channel: string): string[] {
  return conversationsOn(c.server, channel).flatMap((x) => messagesOf(c.server, x.id).filter((m) => m.author === 'customer').map((m) => m.text));
}

describe('a provider message longer than any platform sends', () => {
  it('keeps a signed SMS of 900,000 characters cut to 65,536, saying so, and tells the operator', async () => {
    const lines: string[] = [];
    const c = await startCentre({ log: (line) => lines.push(line) });
    const params = c.sms.customerParams({ from: CUSTOMER, body: 'a'.repeat(900_000), sid: 'SM0123456789abcdef0123456789abcdef' });
    const url = `${c.server.publicUrl}/hooks/sms`;
    const posted = await postHook(c.server, '/hooks/sms', params.toString(), { ...FORM, 'x-twilio-signature': c.sms.sign(url, params) });
    expect(posted.status).toBe(200);
    const [text] = customerTexts(c, 'sms');
    expect(text!.length).toBeLessThanOrEqual(65_536);
    expect(text!.startsWith('a'.repeat(60_000))).toBe(true);
    expect(text!.endsWith('\n[message cut: it was 900,000 characters]')).toBe(true);
    expect(lines.some((l) => l.includes('SM0123456789abcdef0123456789abcdef') && l.includes('900000 characters'))).toBe(true);
  });

  it('keeps a WhatsApp text of 40,000 emoji (80,000 UTF-16 units) instead of refusing it, cut between two emoji', async () => {
    const c = await startCentre();
    const body = c.wa.customerNotification({ from: '447700900123', text: '😊'.repeat(40_000), id: 'wamid.LONG' });
    const posted = await postHook(c.server, '/hooks/whatsapp', body, { 'content-type': 'application/json', 'x-hub-signature-256': c.wa.sign(body) });
    expect(posted.status).toBe(200);
    const [text] = customerTexts(c, 'whatsapp');
    const [kept, note] = text!.split('\n');
    expect(note).toBe('[message cut: it was 80,000 characters]');
    expect(kept!.length).toBeGreaterThan(65_000);
    expect(kept).toBe('😊'.repeat(kept!.length / 2));
  });

  it('keeps a Messenger text just within the cap as it came', async () => {
    const c = await startCentre();
    const text = 'b'.repeat(65_536);
    const body = c.fb.customerNotification({ psid: '2468', text, mid: 'm_within' });
    expect((await postHook(c.server, '/hooks/facebook', body, { 'content-type': 'application/json', 'x-hub-signature-256': c.fb.sign(body) })).status).toBe(200);
    expect(customerTexts(c, 'facebook')).toEqual([text]);
    expect(allMessages(c.server.engine).filter((m) => m.author === 'customer')).toHaveLength(1);
  });
});

describe('a provider message with nothing in it', () => {
  it('keeps no message for a WhatsApp text without its text, answers 200 and tells the operator', async () => {
    const lines: string[] = [];
    const c = await startCentre({ log: (line) => lines.push(line) });
    const notification = JSON.parse(c.wa.customerNotification({ from: '447700900123', text: 'x', id: 'wamid.EMPTY' }));
    delete notification.entry[0].changes[0].value.messages[0].text;
    const body = JSON.stringify(notification);
    const posted = await postHook(c.server, '/hooks/whatsapp', body, { 'content-type': 'application/json', 'x-hub-signature-256': c.wa.sign(body) });
    expect(posted.status).toBe(200);
    expect(conversationsOn(c.server, 'whatsapp')).toEqual([]);
    expect(allMessages(c.server.engine)).toEqual([]);
    expect(lines.some((l) => l.includes('wamid.EMPTY') && l.includes('not kept'))).toBe(true);
  });

  it('keeps no message for a signed SMS with an empty Body and no media, nor one of spaces, and answers Twilio 200', async () => {
    const lines: string[] = [];
    const c = await startCentre({ log: (line) => lines.push(line) });
    const url = `${c.server.publicUrl}/hooks/sms`;
    for (const [sid, text] of [['SM0000000000000000000000000000empty', ''], ['SM000000000000000000000000000spaces', ' \n ']] as const) {
      const params = c.sms.customerParams({ from: CUSTOMER, body: text, sid });
      const posted = await postHook(c.server, '/hooks/sms', params.toString(), { ...FORM, 'x-twilio-signature': c.sms.sign(url, params) });
      expect(posted).toMatchObject({ status: 200, body: '<?xml version="1.0" encoding="UTF-8"?><Response></Response>' });
    }
    expect(conversationsOn(c.server, 'sms')).toEqual([]);
    expect(lines.filter((l) => l.startsWith('sms:') && l.includes('not kept'))).toHaveLength(2);
  });

  it('still keeps an MMS without words: its picture is the message', async () => {
    const c = await startCentre();
    c.sms.customerWrites({ from: CUSTOMER, media: [{ bytes: Buffer.from('gif bytes'), type: 'image/gif' }] });
    const conversation = await until(() => conversationsOn(c.server, 'sms')[0], 'the MMS');
    expect(messagesOf(c.server, conversation.id).filter((m) => m.author === 'customer')).toMatchObject([{ text: '', attachments: [{ type: 'image/gif', size: 9 }] }]);
  });
});
