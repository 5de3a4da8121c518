import { afterEach, describe, expect, it } from 'vitest';
import type { Conversation } from '../../src/core/protocol/model.js';
import { mergeLog, myChats } from '../../src/screens/chats/chats.js';
import { logLines } from '../../src/screens/chats/log-lines.js';
import { timeOfDay } from '../../src/ui/format.js';
import { err, ok, runCleanups } from '../server/support.js';
import { conversationsOn, login, postHook, until, type Centre, startCentre } from './provider-support.js';

/**
 * The reply windows count from when the customer sent the message, as
 * Meta's webhook states it, not from when it reached us: Meta retries a
 * webhook for days while a server is down, and the platform closes its
 * window by the customer's own time. Posted through the real webhooks,
 * signed as Meta signs.
 */
afterEach(runCleanups);

const H = 3600_000;

async function whatsappWrites(c: Centre, id: string, from: string, text: string, sentAt: number): Promise<Conversation> {
  const body = c.wa.customerNotification({ from, name: 'Maria Silva', text, id, sentAt });
  expect((await postHook(c.server, '/hooks/whatsapp', body, { 'content-type': 'application/json', 'x-hub-signature-256': c.wa.sign(body) })).status).toBe(200);
  return until(() => conversationsOn(c.server, 'whatsapp').find((x) => x.customer.phone === `+${from}` && x.agent === '2001'), 'the WhatsApp conversation');
}

async function messengerWrites(c: Centre, mid: string, psid: string, text: string, sentAt: number): Promise<Conversation> {
  const body = c.fb.customerNotification({ psid, text, mid, sentAt });
  expect((await postHook(c.server, '/hooks/facebook', body, { 'content-type': 'application/json', 'x-hub-signature-256': c.fb.sign(body) })).status).toBe(200);
  return until(() => conversationsOn(c.server, 'facebook').find((x) => x.customer.id === `fb:${psid}` && x.agent === '2001'), 'the Messenger conversation');
}

describe('a WhatsApp message delivered late', () => {
  it('leaves the window closed when the customer wrote over 24 hours ago, and a fresh message opens it', async () => {
    const c = await startCentre();
    const ana = await login(c);
    // Sent at 09:00 the day before; our server was down and Meta delivers it now, 25 hours later.
    const conversation = await whatsappWrites(c, 'wamid.LATE', '447700900123', 'Is my order on its way?', c.clock.now() - 25 * H);
    const refused = err(await ana.client.request('message.send', { conversation: conversation.id, text: 'Yes, it ships today.' }));
    expect(refused).toMatchObject({
      code: 'WHATSAPP_WINDOW_CLOSED',
      message: 'The customer last wrote on 2026-01-04 at 09:00 (Europe/London), more than 24 hours ago: WhatsApp takes only an approved template until they write again.',
    });
    expect(c.wa.sent).toEqual([]);

    // The customer writes again now: free text goes.
    await whatsappWrites(c, 'wamid.FRESH', '447700900123', 'Hello?', c.clock.now() - 60_000);
    ok(await ana.client.request('message.send', { conversation: conversation.id, text: 'Yes, it ships today.' }));
    // An older message retried after it does not shorten the window again.
    await whatsappWrites(c, 'wamid.OLDER', '447700900123', 'One more thing', c.clock.now() - 30 * H);
    c.clock.advance(23 * H);
    ok(await ana.client.request('message.send', { conversation: conversation.id, text: 'Still here.' }));
    await until(() => c.wa.sent.length >= 2 && c.wa.sent, 'both replies to reach WhatsApp');
    expect(c.wa.violations).toEqual([]);
  });

  it('counts a send time from the future from when the message arrived, and one older than any retry as a week old', async () => {
    const c = await startCentre();
    const ana = await login(c);
    const arrived = c.clock.now();
    // A clock two days ahead must not give two more days of free text.
    const ahead = await whatsappWrites(c, 'wamid.AHEAD', '447700900124', 'From the future', arrived + 48 * H);
    expect(ahead.customerAt).toBe(arrived);
    // 1970: Meta retries for at most 7 days, so it is at least that old: closed, and 1970 is not named.
    const broken = await whatsappWrites(c, 'wamid.EPOCH', '447700900125', 'From 1970', 1000);
    expect(err(await ana.client.request('message.send', { conversation: broken.id, text: 'Hi' })).message).toContain('last wrote on 2025-12-29 at 10:00');
    c.clock.advance(24 * H - 60_000);
    ok(await ana.client.request('message.send', { conversation: ahead.id, text: 'Hello' }));
    c.clock.advance(60_000);
    expect(err(await ana.client.request('message.send', { conversation: ahead.id, text: 'Hello again' })).code).toBe('WHATSAPP_WINDOW_CLOSED');
  });

  it("shows a question Meta retried after the customer's next message above it, where the customer wrote it, marked as come late", async () => {
    const c = await startCentre();
    await login(c);
    const asked = c.clock.now() - 10 * 60_000;
    // The question's webhook failed and Meta posts it again after the customer's follow-up.
    const conversation = await whatsappWrites(c, 'wamid.FOLLOWUP', '447700900126', 'Hello? Anyone?', c.clock.now() - 60_000);
    await whatsappWrites(c, 'wamid.QUESTION', '447700900126', 'Can I change the delivery address?', asked);
    // Kept in the customer's order, ties and all later messages as they came.
    expect(c.server.engine.messagesOf(conversation.id).filter((m) => m.author === 'customer').map((m) => m.text)).toEqual(['Can I change the delivery address?', 'Hello? Anyone?']);
    // The agent's panel: its log is in that order too, the question at the time it was asked, saying when it came.
    // What reaches the panel live comes in arrival order; it draws the log from it.
    const live = [...c.server.engine.messagesOf(conversation.id)].sort((a, b) => a.at - b.at);
    const lines = logLines([{ conversation, earlier: false, messages: mergeLog([], live) }], 80, { me: '2001', agent: String, clock: () => '', heading: () => '' })
      .map((l) => l.segments.map((seg) => seg.text).join(''))
      .filter((l) => !l.includes('· '));
    expect(lines[0]).toContain(`${timeOfDay(asked)}`);
    expect(lines[0]).toContain('Can I change the delivery address?');
    expect(lines[1]).toContain(`↳ came late: it reached us at ${timeOfDay(c.clock.now())}`);
    expect(lines[2]).toContain('Hello? Anyone?');
  });

  it("keeps My Chats on each conversation's newest message when an older one comes late: its order and its last message", async () => {
    const c = await startCentre();
    await login(c);
    const followUp = await whatsappWrites(c, 'wamid.MARIA-FOLLOWUP', '447700900127', 'Hello? Anyone?', c.clock.now() - 60_000);
    c.clock.advance(2 * 60_000);
    await whatsappWrites(c, 'wamid.JOAO', '447700900128', 'Where is my parcel?', c.clock.now() - 1_000);
    c.clock.advance(3 * 60_000);
    // Maria's question, sent before her follow-up, reaches us last (Meta retried its webhook).
    await whatsappWrites(c, 'wamid.MARIA-QUESTION', '447700900127', 'Can I change the delivery address?', c.clock.now() - 10 * 60_000);
    const maria = c.server.engine.state.get('conversation', followUp.id)!;
    expect(maria.unread).toBe(2);
    // Joao wrote last: he stays on top, and Maria's row still reads her follow-up.
    const rows = myChats(conversationsOn(c.server, 'whatsapp'), '2001');
    expect(rows.map((x) => [x.customer.phone, x.preview])).toEqual([
      ['+447700900128', 'Where is my parcel?'],
      ['+447700900127', 'Hello? Anyone?'],
    ]);
    expect(maria.lastMessageAt).toBe(followUp.lastMessageAt);
    // Her next message is the newest again.
    await whatsappWrites(c, 'wamid.MARIA-THANKS', '447700900127', 'Thanks!', c.clock.now() - 1_000);
    expect(myChats(conversationsOn(c.server, 'whatsapp'), '2001').map((x) => x.preview)).toEqual(['Thanks!', 'Where is my parcel?']);
  });

  it('does not ask the survey question by free text once the late message put the window out', async () => {
    const c = await startCentre();
    const ana = await login(c);
    const conversation = await whatsappWrites(c, 'wamid.LATE-SURVEY', '447700900126', 'Thanks, all sorted', c.clock.now() - 25 * H);
    ok(await ana.client.request('conversation.status', { id: conversation.id, status: 'solved' }));
    await until(() => c.server.engine.state.get('conversation', conversation.id)?.status === 'closed', 'the conversation to close without a survey');
    expect(c.wa.sent).toEqual([]);
  });
});

describe('a Messenger message delivered late', () => {
  it('leaves the window closed after 7 days, tags HUMAN_AGENT after 24 hours, and a fresh message opens it untagged', async () => {
    const c = await startCentre();
    const ana = await login(c);
    const gone = await messengerWrites(c, 'm_LATE_8D', '6543210987654321', 'Can I change my order?', c.clock.now() - 8 * 24 * H);
    expect(err(await ana.client.request('message.send', { conversation: gone.id, text: 'Sure' }))).toMatchObject({
      code: 'FACEBOOK_WINDOW_CLOSED',
      message: 'The customer last wrote on 2025-12-29 at 10:00 (Europe/London), more than 7 days ago: Facebook lets the page write again only after they do.',
    });

    const late = await messengerWrites(c, 'm_LATE_30H', '6543210987654322', 'Still waiting', c.clock.now() - 30 * H);
    ok(await ana.client.request('message.send', { conversation: late.id, text: 'Sorry for the wait.' }));
    const tagged = await until(() => c.fb.sent[0], 'the tagged message');
    expect(tagged.body).toMatchObject({ messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' });

    await messengerWrites(c, 'm_FRESH', '6543210987654321', 'Hello again', c.clock.now() - 2_000);
    const reopened = await until(() => conversationsOn(c.server, 'facebook').find((x) => x.customer.id === 'fb:6543210987654321' && x.status !== 'closed' && x.customerAt! > gone.customerAt!), 'the fresh message');
    ok(await ana.client.request('message.send', { conversation: reopened.id, text: 'Yes, you can.' }));
    const untagged = await until(() => c.fb.sent[1], 'the untagged reply');
    expect(untagged.body).not.toHaveProperty('tag');
    expect(c.fb.violations).toEqual([]);
  });
});
