import { afterEach, describe, expect, it } from 'vitest';
import type { Conversation, Message } from '../../src/core/protocol/model.js';
import { PAGE_INBOX_APP_ID } from '../../src/channels/facebook/fake-graph-api.js';
import { err, ok, runCleanups } from '../server/support.js';
import { conversationsOn, FB_PAGE, login, messagesOf, postHook, SECRETS, startCentre, until, type Centre } from './provider-support.js';

/**
 * Facebook Messenger end to end on 127.0.0.1: customers write through the
 * real webhook (signed as Meta signs), replies go through the outbox to a
 * FAKE Send API checking the documented shape, which echoes them back with
 * their metadata, as Messenger does, and reports deliveries and reads.
 */
afterEach(runCleanups);

const PSID = '6543210987654321';

async function customerConversation(c: Centre, text = 'Do you ship to Ireland?'): Promise<Conversation> {
  c.fb.customerWrites({ psid: PSID, text });
  return until(() => conversationsOn(c.server, 'facebook').find((x) => x.agent === '2001'), 'the Messenger conversation to reach Ana');
}

const sentText = (c: Centre) => c.fb.sent.map((s) => (s.body.message as { text?: string }).text ?? '[file]');

describe('Messenger webhook', () => {
  it('verifies the subscription and refuses what is not signed with the app secret', async () => {
    const c = await startCentre();
    const good = await fetch(`${c.server.publicUrl}/hooks/facebook?hub.mode=subscribe&hub.verify_token=${SECRETS.facebook.verifyToken}&hub.challenge=abc123`);
    expect(await good.text()).toBe('abc123');
    const body = c.fb.customerNotification({ psid: PSID, text: 'forged', mid: 'm_FORGED' });
    expect((await postHook(c.server, '/hooks/facebook', body, { 'content-type': 'application/json' })).status).toBe(401);
    expect((await postHook(c.server, '/hooks/facebook', body, { 'x-hub-signature-256': 'sha256=nothex' })).status).toBe(401);
    const other = '{"object":"instagram","entry":[]}';
    expect((await postHook(c.server, '/hooks/facebook', other, { 'x-hub-signature-256': c.fb.sign(other) })).status).toBe(400);
    expect(conversationsOn(c.server, 'facebook')).toEqual([]);
  });

  it("takes a customer's message with their Facebook name and the page, and a photo they send", async () => {
    const c = await startCentre();
    c.fb.profiles.set(PSID, { first_name: 'Liam', last_name: 'Byrne' });
    await login(c);
    const conversation = await customerConversation(c);
    expect(conversation.customer).toMatchObject({ id: `fb:${PSID}`, name: 'Liam Byrne', social: { facebookName: 'Liam Byrne', page: { id: FB_PAGE, name: 'Demo Store' }, pageScopedId: PSID } });
    c.fb.customerWrites({ psid: PSID, attachments: [{ type: 'image', bytes: Buffer.from('jpeg bytes'), mime: 'image/jpeg' }] });
    const photo = await until(() => messagesOf(c.server, conversation.id).find((m) => m.attachments.length > 0), 'the photo');
    expect(photo.attachments[0]).toMatchObject({ type: 'image/jpeg', size: 10 });
  });
});

describe('Messenger notifications with a message that does not fit', () => {
  it("keeps every customer's message when one of them does not (a shared link over 4,000 characters)", async () => {
    const c = await startCentre();
    const event = (psid: string, mid: string, message: Record<string, unknown>) => ({ sender: { id: psid }, recipient: { id: FB_PAGE }, timestamp: 1, message: { mid, ...message } });
    const longLink = { attachments: [{ type: 'fallback', payload: { url: `https://example.com/?q=${'a'.repeat(5000)}`, title: 'A long link' } }] };
    const body = JSON.stringify({ object: 'page', entry: [{ id: FB_PAGE, time: 1, messaging: [event(PSID, 'm_IDA', { text: 'Where is my refund?' }), event('7777', 'm_LINK', longLink)] }] });
    expect((await postHook(c.server, '/hooks/facebook', body, { 'content-type': 'application/json', 'x-hub-signature-256': c.fb.sign(body) })).status).toBe(200);
    const texts = (customer: string) =>
      conversationsOn(c.server, 'facebook')
        .filter((x) => x.customer.id === customer)
        .flatMap((x) => messagesOf(c.server, x.id).filter((m) => m.author === 'customer').map((m) => m.text));
    expect(texts(`fb:${PSID}`)).toEqual(['Where is my refund?']);
    // The link's sender wrote too: the agent sees it, and can ask them again.
    expect(texts('fb:7777')).toEqual(['[A Messenger message switchboard could not read]']);
  });
});

describe('Messenger places', () => {
  it('gives a shared place with a map link, and says coordinates off the Earth are not valid, with no link to nowhere', async () => {
    const c = await startCentre();
    const place = (mid: string, lat: number, long: number) =>
      JSON.stringify({ object: 'page', entry: [{ id: FB_PAGE, time: 1, messaging: [{ sender: { id: PSID }, recipient: { id: FB_PAGE }, timestamp: 1, message: { mid, attachments: [{ type: 'location', payload: { title: 'Shop', coordinates: { lat, long } } }] } }] }] });
    for (const body of [place('m_PLACE1', 53.34981, -6.26031), place('m_PLACE2', 1e308, -1e308)])
      expect((await postHook(c.server, '/hooks/facebook', body, { 'content-type': 'application/json', 'x-hub-signature-256': c.fb.sign(body) })).status).toBe(200);
    const [conversation] = conversationsOn(c.server, 'facebook');
    expect(messagesOf(c.server, conversation!.id).filter((m) => m.author === 'customer').map((m) => m.text)).toEqual([
      '📍 Shop (53.34981, -6.26031) https://maps.google.com/?q=53.34981,-6.26031',
      '📍 Shop (coordinates not valid: 1e+308, -1e+308)',
    ]);
  });
});

describe('Messenger replies and echoes', () => {
  it("sends the agent's reply once, is not shown twice by its echo, and shows it delivered and read", async () => {
    const c = await startCentre();
    const ana = await login(c);
    const conversation = await customerConversation(c);
    const sent = ok<{ message: Message }>(await ana.client.request('message.send', { conversation: conversation.id, text: 'Yes, in 3 days.' }));
    const taken = await until(() => c.fb.sent[0], 'the Send API to be called');
    expect(taken.body).toMatchObject({ recipient: { id: PSID }, messaging_type: 'RESPONSE', message: { text: 'Yes, in 3 days.' } });
    expect(String((taken.body.message as { metadata: string }).metadata)).toMatch(/^sb1:out-.+:msg-/);
    await until(() => c.server.engine.state.get('message', sent.message.id)?.delivery?.status === 'read', 'the read watermark');
    // The echo came back (before the delivery and read): still one message, the agent's.
    const ours = messagesOf(c.server, conversation.id).filter((m) => m.author === 'agent');
    expect(ours).toHaveLength(1);
    expect(ours[0]).toMatchObject({ agent: '2001', externalId: taken.mid });
    expect(ours[0]!.sentFrom).toBeUndefined();
    expect(c.fb.violations).toEqual([]);
  });

  it('shows a reply written in Facebook\'s own inbox as "Sent from Facebook", and never sends it', async () => {
    const c = await startCentre();
    await login(c);
    const conversation = await customerConversation(c);
    c.fb.pageReplies({ psid: PSID, text: 'Answered from Business Suite.' });
    const echo = await until(() => messagesOf(c.server, conversation.id).find((m) => m.text === 'Answered from Business Suite.'), 'the echo');
    expect(echo).toMatchObject({ author: 'agent', agent: null, sentFrom: 'facebook' });
    expect(echo.delivery).toBeUndefined();
    expect([...c.server.engine.state.all('outbox')]).toEqual([]);
    expect(c.fb.sent).toEqual([]);
  });

  it("keeps a delivery Messenger reports before the echo of the message it names, and shows it once the echo comes", async () => {
    const c = await startCentre();
    await login(c);
    const conversation = await customerConversation(c);
    const mid = 'm_PAGEfromBusinessSuite1';
    const post = async (event: Record<string, unknown>) => {
      const body = JSON.stringify({ object: 'page', entry: [{ id: FB_PAGE, time: Date.now(), messaging: [event] }] });
      expect((await postHook(c.server, '/hooks/facebook', body, { 'content-type': 'application/json', 'x-hub-signature-256': c.fb.sign(body) })).status).toBe(200);
    };
    // Meta posts each on its own: the delivery (naming the mid) wins the race against the page's echo.
    await post({ sender: { id: PSID }, recipient: { id: FB_PAGE }, timestamp: Date.now(), delivery: { mids: [mid] } });
    await post({ sender: { id: FB_PAGE }, recipient: { id: PSID }, timestamp: Date.now(), message: { is_echo: true, app_id: Number(PAGE_INBOX_APP_ID), mid, text: 'Answered from Business Suite.' } });
    const echo = messagesOf(c.server, conversation.id).find((m) => m.text === 'Answered from Business Suite.');
    expect(echo?.delivery?.status).toBe('delivered');
    // Taken once: nothing of it is left waiting for another message.
    expect([...c.server.engine.state.all('earlyStatus')]).toEqual([]);
  });

  it('shows the customer that the agent has seen their message and is typing', async () => {
    const c = await startCentre();
    const ana = await login(c);
    const conversation = await customerConversation(c);
    ok(await ana.client.request('conversation.seen', { id: conversation.id }));
    ok(await ana.client.request('conversation.typing', { id: conversation.id, typing: true }));
    ok(await ana.client.request('conversation.typing', { id: conversation.id, typing: false }));
    await until(() => c.fb.actions.length >= 3, 'three sender actions');
    expect(c.fb.actions).toEqual([
      { psid: PSID, action: 'mark_seen' },
      { psid: PSID, action: 'typing_on' },
      { psid: PSID, action: 'typing_off' },
    ]);
  });

  it('tags messages HUMAN_AGENT after 24 hours, and refuses any after 7 days, saying when the customer last wrote', async () => {
    const c = await startCentre();
    const ana = await login(c);
    const conversation = await customerConversation(c);
    c.clock.advance(30 * 3600_000);
    ok(await ana.client.request('message.send', { conversation: conversation.id, text: 'Sorry for the late answer.' }));
    const tagged = await until(() => c.fb.sent[0], 'the tagged message');
    expect(tagged.body).toMatchObject({ messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' });
    c.clock.advance(6 * 24 * 3600_000);
    const refused = err(await ana.client.request('message.send', { conversation: conversation.id, text: 'Hello again?' }));
    expect(refused).toMatchObject({
      code: 'FACEBOOK_WINDOW_CLOSED',
      message: 'The customer last wrote on 2026-01-05 at 10:00 (Europe/London), more than 7 days ago: Facebook lets the page write again only after they do.',
    });
    expect(err(await ana.client.request('message.template', { conversation: conversation.id, name: 'order_update', params: ['a', 'b'] })).code).toBe('TEMPLATES_WHATSAPP_ONLY');
    expect(c.fb.violations).toEqual([]);
  });

  it('sends a file as an attachment the page fetches from a signed link, and the text as a message of its own', async () => {
    const c = await startCentre();
    const ana = await login(c);
    const conversation = await customerConversation(c);
    const upload = await fetch(`${c.server.publicUrl}/files?name=label.pdf`, { method: 'POST', headers: { authorization: `Bearer ${ana.token}`, 'content-type': 'application/pdf' }, body: Buffer.from('%PDF-1.4 return label') });
    const file = (await upload.json()) as { id: string };
    ok(await ana.client.request('message.send', { conversation: conversation.id, text: 'Here is your return label.', attachments: [file.id] }));
    await until(() => c.fb.sent.length === 2 && c.fb.fetched.length === 1, 'two sends, and the file fetched');
    expect(c.fb.sent[0]!.body.message).toMatchObject({ attachment: { type: 'file', payload: { is_reusable: false } } });
    expect(c.fb.sent[1]!.body.message).toMatchObject({ text: 'Here is your return label.' });
    expect(c.fb.fetched).toEqual([{ url: expect.stringContaining(`/hooks/media/${file.id}?e=`), status: 200 }]);
    // Without its signature the link serves nothing.
    expect((await fetch(`${c.server.publicUrl}/hooks/media/${file.id}`)).status).toBe(404);
    expect(messagesOf(c.server, conversation.id).filter((m) => m.author === 'agent')).toHaveLength(2);
  });

  it("fails a reply Messenger refuses, in Messenger's words", async () => {
    const c = await startCentre();
    const ana = await login(c);
    const conversation = await customerConversation(c);
    c.fb.answerNext({ status: 400, body: { error: { message: '(#551) This person isn\'t available right now.', type: 'OAuthException', code: 551, error_subcode: 1545041, fbtrace_id: 'x' } } });
    const sent = ok<{ message: Message }>(await ana.client.request('message.send', { conversation: conversation.id, text: 'Hello?' }));
    const failed = await until(() => (c.server.engine.state.get('message', sent.message.id)?.delivery?.status === 'failed' ? c.server.engine.state.get('message', sent.message.id) : undefined), 'the failure');
    expect(failed.delivery?.detail).toBe("Facebook refused it: This person isn't available right now (they may have blocked the page). (error 551/1545041)");
    expect(sentText(c)).toEqual([]);
  });
});

describe('Messenger customer names', () => {
  const customerTexts = (c: Centre) => conversationsOn(c.server, 'facebook').flatMap((x) => messagesOf(c.server, x.id)).filter((m) => m.author === 'customer');
  const nameOf = (c: Centre, psid: string) => conversationsOn(c.server, 'facebook').find((x) => x.customer.id === `fb:${psid}`)?.customer.name;

  /** A customer writes; returns once their message is kept. */
  async function writes(c: Centre, psid: string, text: string): Promise<void> {
    const before = customerTexts(c).length;
    c.fb.customerWrites({ psid, text });
    await until(() => customerTexts(c).length > before, `the message '${text}'`);
  }

  it("asks Facebook a customer's name once for a whole conversation, over one connection kept open", async () => {
    const c = await startCentre();
    const psids = ['7000000000001', '7000000000002', '7000000000003', '7000000000004', '7000000000005'];
    for (const [i, psid] of psids.entries()) c.fb.profiles.set(psid, { first_name: `Customer${i + 1}`, last_name: 'Byrne' });
    for (const round of [1, 2, 3]) for (const psid of psids) await writes(c, psid, `message ${round}`);
    expect(nameOf(c, psids[4]!)).toBe('Customer5 Byrne');
    expect(c.fb.profileLookups.sort()).toEqual(psids);
    expect(c.fb.connections).toBe(1);
  });

  it('asks Facebook at most 4 names at once however many customers write together, and one customer\'s messages at once share one look-up', async () => {
    const c = await startCentre();
    const crowd = Array.from({ length: 10 }, (_, i) => `70000000001${String(i).padStart(2, '0')}`);
    const regular = '7000000000200';
    for (const [i, psid] of [...crowd, regular].entries()) c.fb.profiles.set(psid, { first_name: `Customer${i + 1}`, last_name: 'Byrne' });
    // A slow Graph: each look-up is still being answered when the next webhooks come.
    c.fb.answerDelayMs = 200;
    const post = (psid: string, mid: string) => {
      const body = c.fb.customerNotification({ psid, text: 'Hello', mid });
      return postHook(c.server, '/hooks/facebook', body, { 'content-type': 'application/json', 'x-hub-signature-256': c.fb.sign(body) });
    };
    const answers = await Promise.all([...crowd.map((psid) => post(psid, `m_CROWD_${psid}`)), ...[1, 2, 3].map((n) => post(regular, `m_REGULAR_${n}`))]);
    expect(answers.map((a) => a.status)).toEqual(Array(13).fill(200));
    expect(c.fb.mostRequestsAtOnce).toBe(4);
    // Over as many connections, kept open: each new one to Graph is a TLS handshake.
    expect(c.fb.connections).toBe(4);
    expect(c.fb.profileLookups.filter((p) => p === regular)).toHaveLength(1);
    expect(c.fb.profileLookups.sort()).toEqual([...crowd, regular].sort());
    // Every one of them is named, the regular's three messages in one conversation.
    for (const psid of crowd) expect(nameOf(c, psid)).toMatch(/^Customer\d+ Byrne$/);
    expect(nameOf(c, regular)).toBe('Customer11 Byrne');
    expect(customerTexts(c)).toHaveLength(13);
  });

  it('asks again for a name Facebook could not give (down), and keeps an answer without one (a profile the page may not see)', async () => {
    const c = await startCentre();
    const [named, hidden] = ['7000000000011', '7000000000012'];
    c.fb.profiles.set(named, { first_name: 'Aoife', last_name: 'Walsh' });
    c.fb.down = true;
    await writes(c, named, 'Hello?');
    expect(nameOf(c, named)).toBe('Facebook user');
    c.fb.down = false;
    await writes(c, named, 'Anyone there?');
    // Asked again, as it was never answered: the open conversation takes the name.
    expect(c.fb.profileLookups).toEqual([named]);
    expect(nameOf(c, named)).toBe('Aoife Walsh');
    await writes(c, named, 'Thanks');
    expect(c.fb.profileLookups).toEqual([named]);
    await writes(c, hidden, 'Hi');
    await writes(c, hidden, 'Hi again');
    expect(nameOf(c, hidden)).toBe('Facebook user');
    expect(c.fb.profileLookups).toEqual([named, hidden]);
  });

  it('names an open conversation that began as "Facebook user" once a later message\'s look-up succeeds, on the agent\'s panel too', async () => {
    const c = await startCentre();
    const ana = await login(c);
    const psid = '7000000000031';
    c.fb.profiles.set(psid, { first_name: 'Niamh', last_name: 'Doyle' });
    c.fb.down = true;
    await writes(c, psid, 'My parcel never came');
    const conversation = conversationsOn(c.server, 'facebook').find((x) => x.customer.id === `fb:${psid}`)!;
    expect(conversation.customer.name).toBe('Facebook user');
    c.fb.down = false;
    const from = ana.client.frames.length;
    await writes(c, psid, 'Hello?');
    // The same conversation, now named: the agent is told, so the list and the chat's header show it.
    const told = await ana.client.nextSeen((e) => (e.data.conversation as Conversation | undefined)?.customer?.name === 'Niamh Doyle', from);
    expect((told.data.conversation as Conversation).id).toBe(conversation.id);
    expect(c.server.engine.state.get('conversation', conversation.id)!.customer).toMatchObject({ name: 'Niamh Doyle', social: { facebookName: 'Niamh Doyle', pageScopedId: psid } });
    // A name it has is not replaced by a later look-up's.
    c.fb.profiles.set(psid, { first_name: 'Niamh', last_name: 'Byrne' });
    c.clock.advance(25 * 3600_000);
    await writes(c, psid, 'Still there?');
    expect(messagesOf(c.server, conversation.id).filter((m) => m.author === 'customer').at(-1)?.text).toBe('Still there?');
    expect(c.server.engine.state.get('conversation', conversation.id)!.customer.name).toBe('Niamh Doyle');
  });

  it('gives a name found later to the customer\'s earlier conversations and to their next one, when its own look-up fails', async () => {
    const c = await startCentre();
    const ana = await login(c);
    const psid = '7000000000041';
    const ofCustomer = () => conversationsOn(c.server, 'facebook').filter((x) => x.customer.id === `fb:${psid}`).sort((a, b) => a.createdAt - b.createdAt);
    c.fb.profiles.set(psid, { first_name: 'Ciara', last_name: 'Nolan' });
    c.fb.down = true;
    await writes(c, psid, 'Where is my order?');
    const first = ofCustomer()[0]!;
    ok(await ana.client.request('conversation.close', { id: first.id }));
    await writes(c, psid, 'Hello again');
    const second = ofCustomer()[1]!;
    expect(second.customer.name).toBe('Facebook user');
    c.fb.down = false;
    await writes(c, psid, 'Still nothing');
    // The first conversation, closed while unnamed, is named in the second's history too.
    const history = ok<{ rows: Conversation[] }>(await ana.client.request('conversation.pastHistory', { id: second.id }));
    expect(history.rows.map((r) => [r.id, r.customer.name])).toEqual([[first.id, 'Ciara Nolan']]);
    ok(await ana.client.request('conversation.close', { id: second.id }));
    // A day on, Facebook down again: the next conversation still knows who wrote.
    c.clock.advance(25 * 3600_000);
    c.fb.down = true;
    await writes(c, psid, 'Third time');
    const third = ofCustomer()[2]!;
    expect(third.customer).toMatchObject({ name: 'Ciara Nolan', social: { facebookName: 'Ciara Nolan', pageScopedId: psid } });
    expect(ofCustomer().map((x) => x.customer.name)).toEqual(['Ciara Nolan', 'Ciara Nolan', 'Ciara Nolan']);
  });

  it('leaves a customer Facebook never named as "Facebook user" in their next conversation, and never renames a named one', async () => {
    const c = await startCentre();
    const ana = await login(c);
    const [hidden, named] = ['7000000000051', '7000000000052'];
    c.fb.profiles.set(named, { first_name: 'Eoin', last_name: 'Ryan' });
    await writes(c, hidden, 'Hi');
    await writes(c, named, 'Hi');
    for (const x of conversationsOn(c.server, 'facebook')) ok(await ana.client.request('conversation.close', { id: x.id }));
    c.fb.profiles.set(named, { first_name: 'Eoin', last_name: 'Byrne' });
    c.clock.advance(25 * 3600_000);
    await writes(c, hidden, 'Back');
    await writes(c, named, 'Back');
    const open = conversationsOn(c.server, 'facebook').filter((x) => x.status !== 'closed');
    expect(open.map((x) => [x.customer.id, x.customer.name]).sort()).toEqual([[`fb:${hidden}`, 'Facebook user'], [`fb:${named}`, 'Eoin Byrne']]);
  });

  it('asks again after a day, so a customer who renamed themselves is seen by their new name', async () => {
    const c = await startCentre();
    const psid = '7000000000021';
    c.fb.profiles.set(psid, { first_name: 'Sean', last_name: 'Kelly' });
    await writes(c, psid, 'Hello');
    c.fb.profiles.set(psid, { first_name: 'Seán', last_name: 'Kelly' });
    c.clock.advance(23 * 3600_000);
    await writes(c, psid, 'Still waiting');
    expect(c.fb.profileLookups).toEqual([psid]);
    c.clock.advance(2 * 3600_000);
    await writes(c, psid, 'Back again');
    expect(c.fb.profileLookups).toEqual([psid, psid]);
  });
});
