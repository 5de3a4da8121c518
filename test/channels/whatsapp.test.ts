import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Conversation, Message } from '../../src/core/protocol/model.js';
import { err, ok, runCleanups } from '../server/support.js';
import { conversationsOn, login, messagesOf, postHook, SECRETS, startCentre, until, WA_NUMBER_ID, type Centre } from './provider-support.js';

/**
 * WhatsApp over the Business Cloud API, end to end on 127.0.0.1: customers
 * write through the real webhook (signed as Meta signs), agents answer
 * through the outbox to a FAKE Cloud API that checks the documented request
 * shape and sends statuses back.
 */
afterEach(runCleanups);

async function customerConversation(c: Centre, text = 'Is my order on its way?'): Promise<Conversation> {
  c.wa.customerWrites({ from: '447700900123', name: 'Maria Silva', text });
  return until(() => conversationsOn(c.server, 'whatsapp').find((x) => x.agent === '2001'), 'the WhatsApp conversation to reach Ana');
}

describe('WhatsApp webhook', () => {
  it('answers Meta\'s verification with the challenge only for our verify token', async () => {
    const c = await startCentre();
    const url = (token: string) => `${c.server.publicUrl}/hooks/whatsapp?hub.mode=subscribe&hub.verify_token=${token}&hub.challenge=1158201444`;
    const good = await fetch(url(SECRETS.whatsapp.verifyToken));
    expect(good.status).toBe(200);
    expect(await good.text()).toBe('1158201444');
    const bad = await fetch(url('guess'));
    expect(bad.status).toBe(403);
    expect(await bad.json()).toMatchObject({ code: 'BAD_VERIFY_TOKEN' });
  });

  it("takes a customer's message into a conversation with their WhatsApp name and number, once however often it is posted", async () => {
    const c = await startCentre();
    await login(c);
    const body = c.wa.customerNotification({ from: '447700900123', name: 'Maria Silva', text: 'Hello there', id: 'wamid.IN-ONE' });
    const headers = { 'content-type': 'application/json', 'x-hub-signature-256': c.wa.sign(body) };
    expect((await postHook(c.server, '/hooks/whatsapp', body, headers)).status).toBe(200);
    // Meta retries a webhook it thinks was lost: the same message id is taken once.
    expect((await postHook(c.server, '/hooks/whatsapp', body, headers)).status).toBe(200);
    const [conversation] = conversationsOn(c.server, 'whatsapp');
    expect(conversation).toMatchObject({
      channel: 'whatsapp',
      queue: 'social',
      agent: '2001',
      customer: { id: 'phone:+447700900123', name: 'Maria Silva', phone: '+447700900123', social: { whatsappName: 'Maria Silva' } },
    });
    expect(messagesOf(c.server, conversation!.id).filter((m) => m.author === 'customer').map((m) => m.text)).toEqual(['Hello there']);
  });

  it('keeps one copy of a photo whose notification is posted again before the first was answered', async () => {
    const c = await startCentre();
    const body = c.wa.customerNotification({ from: '447700900123', id: 'wamid.IN-PHOTO', media: { kind: 'image', bytes: Buffer.from('png bytes'), type: 'image/png' } });
    const headers = { 'content-type': 'application/json', 'x-hub-signature-256': c.wa.sign(body) };
    // Meta retries a webhook that is slow to answer: the deliveries overlap, each downloading the photo.
    const answers = await Promise.all([1, 2, 3].map(() => postHook(c.server, '/hooks/whatsapp', body, headers)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    const [conversation] = conversationsOn(c.server, 'whatsapp');
    const kept = messagesOf(c.server, conversation!.id).flatMap((m) => m.attachments.map((a) => a.id));
    expect(kept).toHaveLength(1);
    expect(readdirSync(join(c.dataDir, 'files'))).toEqual(kept);
  });

  it('refuses an unsigned, a wrongly signed and a malformed notification, and keeps nothing of them', async () => {
    const c = await startCentre();
    const body = c.wa.customerNotification({ from: '447700900123', text: 'forged', id: 'wamid.FORGED' });
    const unsigned = await postHook(c.server, '/hooks/whatsapp', body, { 'content-type': 'application/json' });
    expect(unsigned.status).toBe(401);
    expect(JSON.parse(unsigned.body)).toMatchObject({ code: 'BAD_SIGNATURE' });
    const wrong = await postHook(c.server, '/hooks/whatsapp', body, { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` });
    expect(wrong.status).toBe(401);
    // Signed with the right secret, but the body of another body.
    const swapped = await postHook(c.server, '/hooks/whatsapp', body.replace('forged', 'forgeD'), { 'content-type': 'application/json', 'x-hub-signature-256': c.wa.sign(body) });
    expect(swapped.status).toBe(401);
    const junk = '{"object":"whatsapp_business_account","entry":"not a list"}';
    const malformed = await postHook(c.server, '/hooks/whatsapp', junk, { 'content-type': 'application/json', 'x-hub-signature-256': c.wa.sign(junk) });
    expect(malformed.status).toBe(400);
    expect(JSON.parse(malformed.body)).toMatchObject({ code: 'BAD_PAYLOAD' });
    const notJson = 'entry=1';
    expect((await postHook(c.server, '/hooks/whatsapp', notJson, { 'x-hub-signature-256': c.wa.sign(notJson) })).status).toBe(400);
    expect(conversationsOn(c.server, 'whatsapp')).toEqual([]);
    // The server goes on.
    expect((await fetch(`${c.server.publicUrl}/healthz`)).status).toBe(200);
  });

  it("keeps every customer's message of a notification when one of them does not fit (a shared contact card with 21 numbers)", async () => {
    const c = await startCentre();
    const ida = JSON.parse(c.wa.customerNotification({ from: '447700900555', name: 'Ida Innes', text: 'My parcel never came', id: 'wamid.IDA' }));
    const carl = JSON.parse(c.wa.customerNotification({ from: '447700900666', name: 'Carl Card', contacts: [{ name: 'Big Family', phone: '+44 7700 900100' }], id: 'wamid.CARL' }));
    // A contact card may hold more numbers than the schema reads: WhatsApp sends them all.
    carl.entry[0].changes[0].value.messages[0].contacts[0].phones = Array.from({ length: 21 }, (_, i) => ({ phone: `+44 7700 900${100 + i}` }));
    const value = ida.entry[0].changes[0].value;
    value.contacts.push(...carl.entry[0].changes[0].value.contacts);
    value.messages.push(...carl.entry[0].changes[0].value.messages);
    const body = JSON.stringify(ida);
    const answer = await postHook(c.server, '/hooks/whatsapp', body, { 'content-type': 'application/json', 'x-hub-signature-256': c.wa.sign(body) });
    expect(answer.status).toBe(200);
    const texts = (customer: string) =>
      conversationsOn(c.server, 'whatsapp')
        .filter((x) => x.customer.id === customer)
        .flatMap((x) => messagesOf(c.server, x.id).filter((m) => m.author === 'customer').map((m) => m.text));
    expect(texts('phone:+447700900555')).toEqual(['My parcel never came']);
    // Carl's message is his too: the agent sees that he wrote, and can ask him again.
    expect(texts('phone:+447700900666')).toEqual(['[A WhatsApp contacts message switchboard could not read]']);
  });

  it('downloads a photo into the file store, where the agent can open it, and reads places and shared contacts in words', async () => {
    const c = await startCentre();
    const ana = await login(c);
    const photo = Buffer.from('\x89PNG fake photo bytes');
    c.wa.customerWrites({ from: '447700900123', name: 'Maria Silva', media: { kind: 'image', bytes: photo, type: 'image/png', caption: 'The box arrived like this' } });
    const conversation = await until(() => conversationsOn(c.server, 'whatsapp')[0], 'the conversation');
    const withPhoto = await until(() => messagesOf(c.server, conversation.id).find((m) => m.attachments.length > 0), 'the photo');
    expect(withPhoto.text).toBe('The box arrived like this');
    expect(withPhoto.attachments[0]).toMatchObject({ type: 'image/png', size: photo.length });
    const file = await fetch(`${c.server.publicUrl}/files/${withPhoto.attachments[0]!.id}`, { headers: { authorization: `Bearer ${ana.token}` } });
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer())).toEqual(photo);

    c.wa.customerWrites({ from: '447700900123', location: { latitude: 51.50135, longitude: -0.14189, name: 'Buckingham Palace', address: 'London SW1A 1AA' } });
    c.wa.customerWrites({ from: '447700900123', contacts: [{ name: 'John Smith', phone: '+44 7700 900555' }] });
    const texts = await until(() => {
      const t = messagesOf(c.server, conversation.id).map((m) => m.text);
      return t.some((x) => x.startsWith('📍')) && t.some((x) => x.startsWith('👤')) ? t : undefined;
    }, 'the place and the contact');
    expect(texts).toContain('📍 Buckingham Palace, London SW1A 1AA (51.50135, -0.14189) https://maps.google.com/?q=51.50135,-0.14189');
    expect(texts).toContain('👤 John Smith, +44 7700 900555');
  });
});

describe('WhatsApp replies', () => {
  it('sends the reply to the Cloud API in its documented shape and shows sent, delivered and read on the message', async () => {
    const c = await startCentre();
    const ana = await login(c);
    const conversation = await customerConversation(c);
    const sent = ok<{ message: Message }>(await ana.client.request('message.send', { conversation: conversation.id, text: 'It ships today.' }));
    expect(sent.message.delivery?.status).toBe('queued');
    const taken = await until(() => c.wa.sent[0], 'the fake Cloud API to be sent the reply');
    expect(taken.phoneNumberId).toBe(WA_NUMBER_ID);
    expect(taken.body).toMatchObject({ messaging_product: 'whatsapp', recipient_type: 'individual', to: '447700900123', type: 'text', text: { body: 'It ships today.' } });
    expect(String(taken.body.biz_opaque_callback_data)).toMatch(/^sb1:out-/);
    const read = await until(() => {
      const m = c.server.engine.state.get('message', sent.message.id);
      return m?.delivery?.status === 'read' ? m : undefined;
    }, 'the read status');
    expect(read.externalId).toBe(taken.wamid);
    expect(c.wa.violations).toEqual([]);
  });

  it('sends a photo by a signed link WhatsApp fetches, the text as its caption, and a second file as a message of its own', async () => {
    const c = await startCentre();
    const ana = await login(c);
    const conversation = await customerConversation(c);
    const upload = async (name: string, type: string, bytes: string) => {
      const res = await fetch(`${c.server.publicUrl}/files?name=${name}`, { method: 'POST', headers: { authorization: `Bearer ${ana.token}`, 'content-type': type }, body: Buffer.from(bytes) });
      return ((await res.json()) as { id: string }).id;
    };
    const photo = await upload('box.jpg', 'image/jpeg', '\xff\xd8 a photo of the box');
    const label = await upload('label.pdf', 'application/pdf', '%PDF-1.4 return label');
    ok(await ana.client.request('message.send', { conversation: conversation.id, text: 'Your parcel and its label.', attachments: [photo, label] }));
    await until(() => c.wa.sent.length === 2 && c.wa.fetched.length === 2, 'two sends, each file fetched');
    expect(c.wa.sent[0]!.body).toMatchObject({ type: 'image', image: { caption: 'Your parcel and its label.' } });
    expect(c.wa.sent[1]!.body).toMatchObject({ type: 'document', document: { filename: 'label.pdf' } });
    expect(c.wa.fetched.map((f) => f.status)).toEqual([200, 200]);
    // WhatsApp fetches the two links at once: they may come back in either order.
    expect(c.wa.fetched.map((f) => new URL(f.link).pathname).sort()).toEqual([`/hooks/media/${photo}`, `/hooks/media/${label}`].sort());
    expect(c.wa.fetched.every((f) => new URL(f.link).searchParams.has('e'))).toBe(true);
    expect(c.wa.violations).toEqual([]);
  });

  it('marks the customer\'s message read on WhatsApp when the agent has seen it', async () => {
    const c = await startCentre();
    const ana = await login(c);
    const conversation = await customerConversation(c, 'Anyone there?');
    const incoming = messagesOf(c.server, conversation.id).find((m) => m.author === 'customer')!;
    ok(await ana.client.request('conversation.seen', { id: conversation.id }));
    await until(() => c.wa.marks.find((m) => m.messageId === incoming.externalId), 'the read mark');
    ok(await ana.client.request('conversation.typing', { id: conversation.id, typing: true }));
    await until(() => c.wa.marks.find((m) => m.typing), 'the typing indicator');
    expect(c.wa.violations).toEqual([]);
  });

  it('refuses free text once 24 hours have passed since the customer wrote, but sends an approved template, asking for every parameter', async () => {
    const c = await startCentre();
    const ana = await login(c);
    const conversation = await customerConversation(c);
    c.clock.advance(24 * 3600_000 + 60_000);
    const refused = err(await ana.client.request('message.send', { conversation: conversation.id, text: 'Are you still there?' }));
    expect(refused.code).toBe('WHATSAPP_WINDOW_CLOSED');
    expect(refused.message).toBe('The customer last wrote on 2026-01-05 at 10:00 (Europe/London), more than 24 hours ago: WhatsApp takes only an approved template until they write again.');
    const missing = err(await ana.client.request('message.template', { conversation: conversation.id, name: 'order_update', params: ['Maria'] }));
    expect(missing).toMatchObject({ code: 'TEMPLATE_PARAM_MISSING', message: 'Parameter {{2}} of order_update has no value; fill it in before sending.' });
    expect(err(await ana.client.request('message.template', { conversation: conversation.id, name: 'no_such_template', params: [] })).code).toBe('TEMPLATE_NOT_FOUND');
    const sent = ok<{ message: Message }>(await ana.client.request('message.template', { conversation: conversation.id, name: 'order_update', params: ['{{customer.firstname}}', 'A-1042'] }));
    expect(sent.message).toMatchObject({ text: 'Hello Maria, your order A-1042 has shipped.', template: { name: 'order_update', language: 'en_US', params: ['Maria', 'A-1042'] } });
    const taken = await until(() => c.wa.sent[0], 'the template to reach the fake');
    expect(taken.body).toMatchObject({
      type: 'template',
      template: { name: 'order_update', language: { code: 'en_US' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Maria' }, { type: 'text', text: 'A-1042' }] }] },
    });
    // The customer writes again: the window opens for free text.
    c.wa.customerWrites({ from: '447700900123', text: 'Thanks!' });
    await until(() => messagesOf(c.server, conversation.id).find((m) => m.text === 'Thanks!'), 'the answer');
    ok(await ana.client.request('message.send', { conversation: conversation.id, text: 'You are welcome.' }));
    expect(c.wa.violations).toEqual([]);
  });

  it('keeps a reply queued while the Cloud API is down, tries again, and delivers it once', async () => {
    const c = await startCentre();
    const ana = await login(c);
    const conversation = await customerConversation(c);
    c.wa.down = true;
    const sent = ok<{ message: Message }>(await ana.client.request('message.send', { conversation: conversation.id, text: 'Sorry for the wait.' }));
    const waiting = await until(() => {
      const m = c.server.engine.state.get('message', sent.message.id);
      return m?.delivery?.detail?.startsWith('WhatsApp answered 503') ? m : undefined;
    }, 'the message to wait, saying why');
    expect(waiting.delivery?.status).toBe('queued');
    c.wa.down = false;
    c.clock.advance(2_500);
    await until(() => c.server.engine.state.get('message', sent.message.id)?.delivery?.status === 'read', 'the message to go once the API is back');
    expect(c.wa.sent.filter((s) => (s.body.text as { body: string } | undefined)?.body === 'Sorry for the wait.')).toHaveLength(1);
  });

  it("fails a reply WhatsApp refuses, with WhatsApp's reason in words", async () => {
    const c = await startCentre();
    const ana = await login(c);
    const conversation = await customerConversation(c);
    c.wa.answerNext({
      status: 400,
      body: { error: { message: '(#131026) Message Undeliverable.', type: 'OAuthException', code: 131026, error_data: { messaging_product: 'whatsapp', details: 'Message Undeliverable.' } } },
    });
    const sent = ok<{ message: Message }>(await ana.client.request('message.send', { conversation: conversation.id, text: 'Hello?' }));
    const failed = await until(() => {
      const m = c.server.engine.state.get('message', sent.message.id);
      return m?.delivery?.status === 'failed' ? m : undefined;
    }, 'the failure');
    expect(failed.delivery?.detail).toBe('WhatsApp refused it: The number cannot receive WhatsApp messages (not on WhatsApp, or an old app). (error 131026)');
    expect([...c.server.engine.state.all('outbox')]).toEqual([]);
  });
});

describe('WhatsApp across a crash', () => {
  it('does not send again a reply the Cloud API took while the server went down: its status webhooks name the outbox item', async () => {
    const first = await startCentre();
    const ana = await login(first);
    const conversation = await customerConversation(first);
    // The provider takes the message but answers late, and its webhooks cannot reach us meanwhile.
    first.wa.webhookUrl = null;
    first.wa.answerDelayMs = 1500;
    const sent = ok<{ message: Message }>(await ana.client.request('message.send', { conversation: conversation.id, text: 'On its way.' }));
    await until(() => first.wa.sent[0], 'the Cloud API to take the message');
    ana.client.terminate();
    await first.server.close();
    first.wa.answerDelayMs = 0;
    // Started again on the same data: the item is unsure, and waits for WhatsApp's word.
    const second = await startCentre({ dataDir: first.dataDir, clock: first.clock, fakes: { wa: first.wa, fb: first.fb, sms: first.sms } });
    expect([...second.server.engine.state.all('outbox')].map((i) => i.state)).toEqual(['unsure']);
    await until(() => second.server.engine.state.get('message', sent.message.id)?.delivery?.status === 'read', 'the statuses to settle it');
    expect([...second.server.engine.state.all('outbox')]).toEqual([]);
    second.clock.advance(60_000);
    await new Promise((r) => setTimeout(r, 200));
    expect(second.wa.sent.map((s) => (s.body.text as { body: string }).body)).toEqual(['On its way.']);
    expect(second.server.engine.state.get('message', sent.message.id)?.externalId).toBe(second.wa.sent[0]!.wamid);
  });
});
