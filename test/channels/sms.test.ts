import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Conversation, Message } from '../../src/core/protocol/model.js';
import { err, ok, onCleanup, runCleanups } from '../server/support.js';
import { ACCOUNT_SID, conversationsOn, login, messagesOf, postHook, SMS_NUMBER, startCentre, until, type Centre } from './provider-support.js';
import { allMessages } from '../helpers.js';

/**
 * SMS in Twilio's Messaging format end to end on 127.0.0.1: customers' SMS
 * and MMS come to /hooks/sms signed with X-Twilio-Signature, replies go to a
 * FAKE Twilio Messages resource (Basic auth, form body) whose status
 * callbacks come back signed to the URL we gave it.
 */
afterEach(runCleanups);

const CUSTOMER = '+447700900123';
/** Twilio waits this long for a webhook's answer, then gives up on it. */
const TWILIO_GIVES_UP_MS = 15_000;

async function customerConversation(c: Centre, body = 'Where is my parcel?'): Promise<Conversation> {
  c.sms.customerWrites({ from: CUSTOMER, body });
  return until(() => conversationsOn(c.server, 'sms').find((x) => x.agent === '2001'), 'the SMS conversation to reach Ana');
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe('SMS webhook', () => {
  it('takes an SMS checked by its signature over the URL and the sorted parameters, once per MessageSid', async () => {
    const c = await startCentre();
    await login(c);
    const params = c.sms.customerParams({ from: CUSTOMER, body: 'Hi, is anyone there?', sid: 'SM0123456789abcdef0123456789abcdef' });
    const url = `${c.server.publicUrl}/hooks/sms`;
    const signed = { ...FORM, 'x-twilio-signature': c.sms.sign(url, params) };
    expect((await postHook(c.server, '/hooks/sms', params.toString(), signed)).status).toBe(200);
    const again = await postHook(c.server, '/hooks/sms', params.toString(), signed);
    expect(again).toMatchObject({ status: 200, body: '<?xml version="1.0" encoding="UTF-8"?><Response></Response>' });
    const [conversation] = conversationsOn(c.server, 'sms');
    expect(conversation).toMatchObject({ customer: { id: `phone:${CUSTOMER}`, phone: CUSTOMER, name: CUSTOMER }, queue: 'social' });
    expect(messagesOf(c.server, conversation!.id).filter((m) => m.author === 'customer')).toHaveLength(1);
  });

  it('refuses an unsigned SMS, one signed for another address, and one of another account', async () => {
    const c = await startCentre();
    const params = c.sms.customerParams({ from: CUSTOMER, body: 'forged', sid: 'SMffffffffffffffffffffffffffffffff' });
    expect((await postHook(c.server, '/hooks/sms', params.toString(), FORM)).status).toBe(401);
    // Signed for another URL (Twilio signs the address it posted to).
    const elsewhere = c.sms.sign('https://example.com/hooks/sms', params);
    const wrong = await postHook(c.server, '/hooks/sms', params.toString(), { ...FORM, 'x-twilio-signature': elsewhere });
    expect(wrong.status).toBe(401);
    expect(JSON.parse(wrong.body)).toMatchObject({ code: 'BAD_SIGNATURE' });
    const other = new URLSearchParams(params);
    other.set('AccountSid', 'AC9999999999999999999999999999999');
    const url = `${c.server.publicUrl}/hooks/sms`;
    expect((await postHook(c.server, '/hooks/sms', other.toString(), { ...FORM, 'x-twilio-signature': c.sms.sign(url, other) })).status).toBe(400);
    expect(conversationsOn(c.server, 'sms')).toEqual([]);
  });

  it('downloads an MMS picture with the account\'s credentials', async () => {
    const c = await startCentre();
    await login(c);
    c.sms.customerWrites({ from: CUSTOMER, body: 'Broken on arrival', media: [{ bytes: Buffer.from('gif bytes'), type: 'image/gif' }] });
    const conversation = await until(() => conversationsOn(c.server, 'sms')[0], 'the MMS');
    const m = await until(() => messagesOf(c.server, conversation.id).find((x) => x.attachments.length > 0), 'the picture');
    expect(m).toMatchObject({ text: 'Broken on arrival', attachments: [{ type: 'image/gif', size: 9 }] });
    expect(c.sms.violations).toEqual([]);
  });

  it("sends the account's credentials with no media URL but the API's own: a picture elsewhere is fetched without them", async () => {
    const c = await startCentre();
    await login(c);
    const asked: Array<string | undefined> = [];
    const elsewhere = createServer((req, res) => {
      asked.push(req.headers.authorization);
      res.writeHead(200, { 'content-type': 'image/png' }).end('png bytes');
    });
    await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
    onCleanup(() => new Promise((resolve) => elsewhere.close(resolve)));
    const sid = 'MM0123456789abcdef0123456789abcdef';
    const params = c.sms.customerParams({ from: CUSTOMER, body: 'See this', sid, media: [{ bytes: Buffer.from('unused'), type: 'image/png' }] });
    params.set('MediaUrl0', `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/${sid}/Media/ME1`);
    const url = `${c.server.publicUrl}/hooks/sms`;
    expect((await postHook(c.server, '/hooks/sms', params.toString(), { ...FORM, 'x-twilio-signature': c.sms.sign(url, params) })).status).toBe(200);
    expect(asked).toEqual([undefined]);
    const [conversation] = conversationsOn(c.server, 'sms');
    expect(messagesOf(c.server, conversation!.id).filter((m) => m.author === 'customer')).toMatchObject([{ text: 'See this', attachments: [{ type: 'image/png', size: 9 }] }]);
  });
  it('answers an MMS whose media host never answers before Twilio gives up (15 s), fetching its pictures at once, and keeps it with each one not received named', async () => {
    const c = await startCentre();
    await login(c);
    const asked: string[] = [];
    const silent = createServer((req) => void asked.push(req.url ?? '')); // takes the request, never answers
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    onCleanup(() => {
      silent.closeAllConnections();
      return new Promise((resolve) => silent.close(resolve));
    });
    const sid = 'MMaaaa456789abcdef0123456789abcdef';
    // Ten pictures, as many as Twilio sends: the first at Twilio's (answered), nine at a host that never answers.
    const pictures = Array.from({ length: 10 }, () => ({ bytes: Buffer.from('jpeg bytes'), type: 'image/jpeg' }));
    const params = c.sms.customerParams({ from: CUSTOMER, body: 'Pictures of the damage', sid, media: pictures });
    for (let i = 1; i < 10; i++) params.set(`MediaUrl${i}`, `http://127.0.0.1:${(silent.address() as AddressInfo).port}/picture-${i}`);
    const url = `${c.server.publicUrl}/hooks/sms`;
    const started = Date.now();
    const answer = await Promise.race([
      postHook(c.server, '/hooks/sms', params.toString(), { ...FORM, 'x-twilio-signature': c.sms.sign(url, params) }),
      new Promise<null>((resolve) => setTimeout(() => resolve(null), TWILIO_GIVES_UP_MS * 2)),
    ]);
    // Before: one picture after another, up to 20 s each, held the answer up to 180 s here.
    expect(answer, 'the webhook was not answered in 30 s').toMatchObject({ status: 200 });
    expect(Date.now() - started).toBeLessThan(TWILIO_GIVES_UP_MS);
    expect(asked).toHaveLength(9);
    const [conversation] = conversationsOn(c.server, 'sms');
    const [message] = messagesOf(c.server, conversation!.id).filter((m) => m.author === 'customer');
    expect(message!.attachments).toMatchObject([{ type: 'image/jpeg', size: 10 }]);
    expect(message!.text).toBe(['Pictures of the damage', ...Array(9).fill('[Picture not received: the download took too long]')].join('\n'));
  }, 60_000);
});

describe('SMS replies', () => {
  it('sends through the Messages resource with a StatusCallback that names the outbox item, and shows the delivery', async () => {
    const c = await startCentre();
    const ana = await login(c);
    const conversation = await customerConversation(c);
    const sent = ok<{ message: Message }>(await ana.client.request('message.send', { conversation: conversation.id, text: 'It is with the courier.' }));
    const taken = await until(() => c.sms.sent[0], 'the fake Twilio to be sent the reply');
    expect(Object.fromEntries(taken.form)).toMatchObject({ To: CUSTOMER, From: SMS_NUMBER, Body: 'It is with the courier.' });
    expect(taken.form.get('StatusCallback')).toMatch(new RegExp(`^${c.server.publicUrl}/hooks/sms/status\\?o=sb1%3Aout-`));
    const delivered = await until(() => (c.server.engine.state.get('message', sent.message.id)?.delivery?.status === 'delivered' ? c.server.engine.state.get('message', sent.message.id) : undefined), 'delivered');
    expect(delivered.externalId).toBe(taken.sid);
    expect(c.sms.violations).toEqual([]);
  });

  it('counts a long Unicode text in segments, and refuses one over 1,600 characters', async () => {
    const c = await startCentre();
    const ana = await login(c);
    const conversation = await customerConversation(c);
    const long = `Gracias 😊 ${'x'.repeat(80)}`;
    const sent = ok<{ message: Message }>(await ana.client.request('message.send', { conversation: conversation.id, text: long }));
    await until(() => c.sms.sent[0], 'the long message');
    expect(c.sms.sent[0]!.segments).toBe(2);
    const detail = await until(() => c.server.engine.state.get('message', sent.message.id)?.delivery?.detail, 'the segments in the detail');
    expect(detail).toBe('Sent as 2 segments.');
    expect(err(await ana.client.request('message.send', { conversation: conversation.id, text: 'y'.repeat(1601) }))).toMatchObject({
      code: 'MESSAGE_TOO_LONG',
      message: 'An SMS holds at most 1,600 characters (10 segments); this one has 1,601. Shorten it or send it in parts.',
    });
  });

  it("fails a reply Twilio refuses, with Twilio's reason in words", async () => {
    const c = await startCentre();
    const ana = await login(c);
    const conversation = await customerConversation(c);
    c.sms.answerNext({ status: 400, body: { code: 21610, message: 'Attempt to send to unsubscribed recipient', more_info: 'https://www.twilio.com/docs/errors/21610', status: 400 } });
    const sent = ok<{ message: Message }>(await ana.client.request('message.send', { conversation: conversation.id, text: 'Hello?' }));
    const failed = await until(() => (c.server.engine.state.get('message', sent.message.id)?.delivery?.status === 'failed' ? c.server.engine.state.get('message', sent.message.id) : undefined), 'the failure');
    expect(failed.delivery?.detail).toBe('The SMS provider refused it: The customer has unsubscribed from this number (they replied STOP). (error 21610)');
  });
});

describe('SMS and the rest of the centre', () => {
  it('asks the survey by text when solved, and takes the next message as the answer', async () => {
    const c = await startCentre();
    const ana = await login(c);
    const conversation = await customerConversation(c);
    ok(await ana.client.request('conversation.status', { id: conversation.id, status: 'solved' }));
    const question = await until(() => c.sms.sent.find((s) => s.form.get('Body')?.startsWith('How would you rate')), 'the survey question');
    expect(question.form.get('Body')).toBe('How would you rate this conversation, from 1 to 10? Reply with the number, and a comment if you like.');
    c.sms.customerWrites({ from: CUSTOMER, body: '9 - quick and kind' });
    const closed = await until(() => (c.server.engine.state.get('conversation', conversation.id)?.status === 'closed' ? c.server.engine.state.get('conversation', conversation.id) : undefined), 'the survey to close it');
    expect(closed).toMatchObject({ closedBy: { kind: 'survey' }, survey: { score: 9, comment: 'quick and kind' } });
    expect(messagesOf(c.server, conversation.id).some((m) => m.author === 'customer' && m.text === '9 - quick and kind')).toBe(true);
  });

  it('bans a customer by phone number: what they write next is not kept', async () => {
    const c = await startCentre();
    const ana = await login(c);
    const conversation = await customerConversation(c);
    const banned = ok<{ ban: { id: string } }>(await ana.client.request('ban.customer', { conversation: conversation.id, hours: 24, reason: 'Abusive messages' }));
    expect(banned.ban.id).toBe(`phone:${CUSTOMER}`);
    const before = allMessages(c.server.engine).length;
    c.sms.customerWrites({ from: CUSTOMER, body: 'You cannot stop me' });
    await until(() => c.sms.poster.idle(), 'the webhook to be answered');
    expect(allMessages(c.server.engine).length).toBe(before);
    expect(conversationsOn(c.server, 'sms').filter((x) => x.status !== 'closed')).toEqual([]);
    // The ban names the number, so lifting it works like any other.
    ok(await ana.client.request('ban.lift', { ip: `phone:${CUSTOMER}` }));
  });

  it('takes the status callbacks of the account only when signed', async () => {
    const c = await startCentre();
    const params = new URLSearchParams({ AccountSid: ACCOUNT_SID, MessageSid: 'SM11111111111111111111111111111111', MessageStatus: 'delivered' });
    expect((await postHook(c.server, '/hooks/sms/status', params.toString(), FORM)).status).toBe(401);
    const url = `${c.server.publicUrl}/hooks/sms/status`;
    expect((await postHook(c.server, '/hooks/sms/status', params.toString(), { ...FORM, 'x-twilio-signature': c.sms.sign(url, params) })).status).toBe(200);
  });
});
