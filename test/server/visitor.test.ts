import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Conversation, Message } from '../../src/core/protocol/model.js';
import type { EventFrame } from '../../src/core/protocol/events.js';
import type { RunningServer } from '../../src/server/runtime.js';
import type { ServerLimits } from '../../src/server/limits.js';
import { agentUrlOf, loginAgent, ok, runCleanups, startTestServer, tempDir, type LoggedIn, type RawClient } from './support.js';
import { chatConfig, http, VisitorSocket } from './visitor-support.js';

/**
 * The live chat visitor's side over real sockets: a visitor on /visitor and
 * an agent on /agent of the same server, each seeing what a person would.
 */

afterEach(runCleanups);

const conversationOf = (e: EventFrame) => e.data.conversation as Conversation;
const messageOf = (e: EventFrame) => e.data.message as Message;
/** Typing is a passing event: no sequence number, so RawClient.events leaves it out. */
function typingFrames(client: RawClient): Array<{ ev: string; data: Record<string, unknown> }> {
  return client.frames.filter((f) => (f as { ev?: string }).ev === 'conversation.typing') as unknown as Array<{ ev: string; data: Record<string, unknown> }>;
}

/** Room for a long chat written in one go: these tests are about its length, not its pace (see visitor-message-rate.test.ts). */
const UNHURRIED = { limits: { visitorChatMessages: { burst: 200, perSecond: 1 }, visitorAddressMessages: { burst: 200, perSecond: 1 } } };

interface Desk {
  server: RunningServer;
  ana: LoggedIn;
}

async function desk(options: { trustedProxies?: string[]; limits?: Partial<ServerLimits> } = {}): Promise<Desk> {
  const server = await startTestServer({ config: chatConfig(), ...options });
  const ana = await loginAgent(agentUrlOf(server), '2001');
  return { server, ana };
}

/** A visitor in Ana's Help Desk queue who has said hello, and the conversation as Ana sees it. */
async function chatting(d: Desk, headers: Record<string, string> = {}) {
  const visitor = await VisitorSocket.open(d.server, headers);
  const started = await visitor.start();
  const id = started.conversation.id;
  visitor.send({ type: 'message', text: 'Hello, my order is late.' });
  const echo = await visitor.next('message', 0, (f) => f.message.author === 'customer');
  await d.ana.client.nextEvent((e) => e.ev === 'message.created' && messageOf(e).id === echo.message.id);
  return { visitor, started, id, mine: echo.message };
}

describe('a visitor chats with an agent', () => {
  it('starts a chat that reaches the agent with the first message, and tells the visitor who joined', async () => {
    const d = await desk();
    const visitor = await VisitorSocket.open(d.server);
    const started = await visitor.start({ name: 'Vera Visitor' });

    expect(started.conversation).toMatchObject({ queue: 'help', queueName: 'Help Desk', status: 'open', subject: 'Live chat', agentName: 'Ana Lima', email: 'vera@example.com' });
    expect(started.visitorToken).toMatch(/^conv-.+\..+/);
    // In the customer's words: no queue, no ticket.
    expect(started.messages.map((m) => m.text)).toEqual(['Chat started.', 'Ana Lima joined the conversation.']);

    const assigned = await d.ana.client.nextEvent((e) => e.ev === 'conversation.updated' && conversationOf(e).id === started.conversation.id && conversationOf(e).agent === '2001');
    expect(conversationOf(assigned).customer).toMatchObject({ name: 'Vera Visitor', email: 'vera@example.com', ip: '127.0.0.1' });

    visitor.send({ type: 'message', text: 'Hello, my order is late.' });
    const seenByAgent = await d.ana.client.nextEvent((e) => e.ev === 'message.created' && messageOf(e).author === 'customer');
    expect(messageOf(seenByAgent)).toMatchObject({ conversation: started.conversation.id, text: 'Hello, my order is late.' });
    // The visitor's own message comes back as the page's confirmation that it was sent.
    const echo = await visitor.next('message', 0, (f) => f.message.author === 'customer');
    expect(echo.message).toMatchObject({ text: 'Hello, my order is late.', name: null, seen: false });
  });

  it("delivers the agent's reply with the agent's name, and read receipts both ways", async () => {
    const d = await desk();
    const { visitor, id, mine } = await chatting(d);

    ok(await d.ana.client.request('message.send', { conversation: id, text: 'Hi {{customer.name}}, let me check.' }));
    const reply = await visitor.next('message', 0, (f) => f.message.author === 'agent');
    expect(reply.message).toMatchObject({ text: 'Hi Vera Visitor, let me check.', name: 'Ana Lima' });
    expect(JSON.stringify(reply)).not.toContain('2001'); // no agent numbers for the visitor

    // The agent reads the visitor's message: the visitor's ✓✓.
    ok(await d.ana.client.request('conversation.seen', { id }));
    const seen = await visitor.next('seen');
    expect(seen.ids).toEqual([mine.id]);

    // The visitor reads the agent's reply: the agent's ✓✓.
    visitor.send({ type: 'seen' });
    const read = await d.ana.client.nextEvent((e) => e.ev === 'message.updated' && messageOf(e).id === reply.message.id);
    expect(messageOf(read).seenAt).not.toBeNull();
  });

  it("shows the agent the visitor's draft as it is typed, and the visitor the agent's typing dots", async () => {
    const d = await desk();
    const { visitor, id } = await chatting(d);

    for (const draft of ['W', 'Where is', 'Where is my parcel']) visitor.send({ type: 'typing', text: draft });
    await d.ana.client.waitFor('the whole draft', () => typingFrames(d.ana.client).find((f) => f.data.text === 'Where is my parcel'));
    // Every keystroke reaches the agent, in order: nothing is throttled.
    expect(typingFrames(d.ana.client).map((f) => f.data)).toEqual([
      { conversation: id, who: 'customer', text: 'W' },
      { conversation: id, who: 'customer', text: 'Where is' },
      { conversation: id, who: 'customer', text: 'Where is my parcel' },
    ]);

    ok(await d.ana.client.request('conversation.typing', { id, typing: true }));
    expect((await visitor.next('typing')).active).toBe(true);
    const from = visitor.frames.length;
    ok(await d.ana.client.request('conversation.typing', { id, typing: false }));
    expect((await visitor.next('typing', from)).active).toBe(false);
  });

  it('asks for the survey when the agent solves the chat, refuses messages then, and closes on the answer', async () => {
    const d = await desk();
    const { visitor, id } = await chatting(d);

    ok(await d.ana.client.request('conversation.status', { id, status: 'solved' }));
    const survey = await visitor.next('survey');
    expect(survey.question).toBe('How would you rate this conversation, from 1 to 10? You can add a comment.');
    expect(visitor.frames).toContainEqual({ type: 'status', status: 'solved', surveyPending: true });
    // The question is asked once, by the survey frame: never also as a message.
    expect(visitor.frames.filter((f) => f.type === 'message' && f.message.text === survey.question)).toEqual([]);

    const from = visitor.frames.length;
    visitor.send({ type: 'message', text: 'One more thing…' });
    const refused = await visitor.next('error', from);
    expect(refused).toEqual({ type: 'error', code: 'CONVERSATION_SOLVED', message: 'This conversation has ended; start a new one to write again.' });

    visitor.send({ type: 'survey', score: 11, comment: '' });
    expect(await visitor.next('error', from, (f) => f.code === 'BAD_SCORE')).toMatchObject({ message: 'Choose a score from 1 to 10.' });

    visitor.send({ type: 'survey', score: 9, comment: 'Quick and kind.' });
    expect(await visitor.next('closed')).toEqual({ type: 'closed', by: 'survey' });
    const closed = await d.ana.client.nextEvent((e) => e.ev === 'conversation.updated' && conversationOf(e).id === id && conversationOf(e).status === 'closed');
    expect(conversationOf(closed)).toMatchObject({ closedBy: { kind: 'survey' }, survey: { score: 9, comment: 'Quick and kind.' } });
  });

  it('lets the visitor end the chat: the survey when the queue has one', async () => {
    const d = await desk();
    const { visitor, id } = await chatting(d);
    visitor.send({ type: 'close' });
    await visitor.next('survey');
    // The agent sees it solved and waiting for the visitor's rating.
    const solved = await d.ana.client.nextEvent((e) => e.ev === 'conversation.updated' && conversationOf(e).id === id && conversationOf(e).surveyPending);
    expect(conversationOf(solved).status).toBe('solved');
  });

  it('resumes the same conversation after a reload with its token, and refuses a forged one', async () => {
    const d = await desk();
    const { visitor, started, id } = await chatting(d);
    ok(await d.ana.client.request('message.send', { conversation: id, text: 'Still there?' }));
    await visitor.next('message', 0, (f) => f.message.author === 'agent');
    visitor.ws.close();

    const again = await VisitorSocket.open(d.server);
    again.send({ type: 'resume', conversationId: id, visitorToken: started.visitorToken });
    const resumed = await again.next('started');
    expect(resumed.conversation.id).toBe(id);
    expect(resumed.messages.map((m) => m.text)).toEqual(expect.arrayContaining(['Hello, my order is late.', 'Still there?']));
    // And the conversation goes on live on the new socket.
    ok(await d.ana.client.request('message.send', { conversation: id, text: 'Found it.' }));
    expect((await again.next('message', 0, (f) => f.message.text === 'Found it.')).message.name).toBe('Ana Lima');

    const forger = await VisitorSocket.open(d.server);
    forger.send({ type: 'resume', conversationId: id, visitorToken: `${id}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA` });
    expect(await forger.next('error')).toMatchObject({ code: 'CONVERSATION_NOT_FOUND' });
    forger.send({ type: 'message', text: 'let me in' });
    expect(await forger.next('error', 1)).toMatchObject({ code: 'NOT_STARTED' });
  });
});

describe('a chat too long to send whole', () => {
  it('resumes with its latest messages and says how many earlier ones are not shown, instead of being cut', async () => {
    const d = await desk(UNHURRIED);
    const { visitor, started, id } = await chatting(d);
    // 60 messages of 20,000 characters: about 1.2 MB, more than a page's socket may have queued (1 MiB).
    for (let i = 0; i < 60; i++) visitor.send({ type: 'message', text: `${i} ${'x'.repeat(19_990)}` });
    await visitor.next('message', 0, (f) => f.message.text.startsWith('59 '));
    visitor.ws.close();

    const again = await VisitorSocket.open(d.server);
    again.send({ type: 'resume', conversationId: id, visitorToken: started.visitorToken });
    const resumed = await again.next('started');
    expect(resumed.omitted).toBeGreaterThan(0);
    expect(JSON.stringify(resumed.messages).length).toBeLessThanOrEqual(256 * 1024);
    // The latest are the ones kept, in order, and nothing in between is missing.
    const numbers = resumed.messages.filter((m) => m.author === 'customer' && m.text.length > 1000).map((m) => Number(m.text.split(' ')[0]));
    expect(numbers.at(-1)).toBe(59);
    expect(numbers).toEqual(numbers.map((_, k) => 60 - numbers.length + k));
    // The page stays connected and the chat goes on.
    ok(await d.ana.client.request('message.send', { conversation: id, text: 'All read.' }));
    expect((await again.next('message', 0, (f) => f.message.text === 'All read.')).message.name).toBe('Ana Lima');
  });
});

describe('a conversation too long for one answer', () => {
  it('opens for the agent with its latest messages and how many earlier ones are left out, and the panel stays connected', async () => {
    const d = await desk(UNHURRIED);
    const { visitor, id } = await chatting(d);
    // 110 messages of 20,000 characters: 2.2 million characters, more than one answer carries.
    for (let i = 0; i < 110; i++) visitor.send({ type: 'message', text: `${i} ${'y'.repeat(19_990)}` });
    await visitor.next('message', 0, (f) => f.message.text.startsWith('109 '));
    const log = ok<{ messages: Array<{ text: string }>; omitted: number }>(await d.ana.client.request('conversation.messages', { id }));
    expect(log.omitted).toBeGreaterThan(0);
    expect(log.omitted + log.messages.length).toBeGreaterThanOrEqual(111);
    expect(JSON.stringify(log.messages).length).toBeLessThanOrEqual(2_000_000);
    expect(log.messages.at(-1)!.text.startsWith('109 ')).toBe(true);
    expect(ok<{ pong: boolean }>(await d.ana.client.request('sys.ping')).pong).toBe(true);
  });
});

describe('chats that outlive a socket', () => {
  it('resume after a server restart with the token the page kept', async () => {
    const dataDir = tempDir();
    const first = await startTestServer({ config: chatConfig(), dataDir });
    const visitor = await VisitorSocket.open(first);
    const started = await visitor.start();
    visitor.send({ type: 'message', text: 'Before the restart' });
    await visitor.next('message', 0, (f) => f.message.author === 'customer');
    await first.close();

    const second = await startTestServer({ config: chatConfig(), dataDir });
    const back = await VisitorSocket.open(second);
    back.send({ type: 'resume', conversationId: started.conversation.id, visitorToken: started.visitorToken });
    const resumed = await back.next('started');
    expect(resumed.messages.map((m) => m.text)).toContain('Before the restart');
  });

  it("keeps a message sent again under the page's id once, answers it again, and names the message in a refusal", async () => {
    const d = await desk({ limits: { visitorChatMessages: { burst: 2, perSecond: 0.001 } } });
    const visitor = await VisitorSocket.open(d.server);
    const started = await visitor.start();
    const stored = () => d.server.engine.messagesOf(started.conversation.id).filter((m) => m.author === 'customer').map((m) => m.text);
    visitor.send({ type: 'message', text: 'Once only.', clientId: 'c-1' });
    const first = await visitor.next('message', 0, (f) => f.message.author === 'customer');
    expect(first.message.clientId).toBe('c-1');

    // The answer was lost on the way: the page sends it again on a new socket; it is told again, not stored (or counted) twice.
    const again = await VisitorSocket.open(d.server);
    again.send({ type: 'resume', conversationId: started.conversation.id, visitorToken: started.visitorToken });
    await again.next('started');
    const from = again.frames.length;
    again.send({ type: 'message', text: 'Once only.', clientId: 'c-1' });
    expect((await again.next('message', from)).message).toEqual(first.message);
    expect(stored()).toEqual(['Once only.']);

    // Another chat's page may use the same id: it is that chat's own message.
    const other = await VisitorSocket.open(d.server);
    await other.start({ visitorId: 'v-2', email: 'bob@example.com' });
    other.send({ type: 'message', text: 'Mine.', clientId: 'c-1' });
    expect((await other.next('message', 0, (f) => f.message.author === 'customer')).message.text).toBe('Mine.');

    // Past the limit: the refusal says which message was not kept.
    visitor.send({ type: 'message', text: 'Second.', clientId: 'c-2' });
    visitor.send({ type: 'message', text: 'Too fast.', clientId: 'c-3' });
    expect(await visitor.next('error')).toMatchObject({ code: 'TOO_MANY_MESSAGES', clientId: 'c-3' });
    expect(stored()).toEqual(['Once only.', 'Second.']);
  });

  it('ends at once when the visitor closes a chat of a queue without a survey', async () => {
    const server = await startTestServer({ config: chatConfig() });
    const bo = await loginAgent(agentUrlOf(server), '2002');
    const visitor = await VisitorSocket.open(server);
    const started = await visitor.start({ queue: 'sales' });
    visitor.send({ type: 'close' });
    expect(await visitor.next('closed')).toEqual({ type: 'closed', by: 'customer' });
    expect(visitor.frames.some((f) => f.type === 'survey')).toBe(false);
    const closed = await bo.client.nextEvent((e) => e.ev === 'conversation.updated' && conversationOf(e).id === started.conversation.id && conversationOf(e).status === 'closed');
    expect(conversationOf(closed).closedBy?.kind).toBe('customer');
  });
});

describe('what a visitor never sees', () => {
  it("gets nothing of another visitor's conversation, and no internal notices of their own", async () => {
    const d = await desk();
    const a = await chatting(d);
    const b = await VisitorSocket.open(d.server);
    await b.start({ name: 'Bob', email: 'bob@example.com', visitorId: 'v-2' });
    const bFrom = b.frames.length;

    ok(await d.ana.client.request('conversation.subject', { id: a.id, subject: 'Angry about refund' }));
    ok(await d.ana.client.request('message.send', { conversation: a.id, text: 'Only for Vera.' }));
    await a.visitor.next('message', 0, (f) => f.message.text === 'Only for Vera.');
    // A marker after everything above, to know B has been sent all it ever will be about it.
    b.send({ type: 'message', text: 'marker' });
    await b.next('message', bFrom, (f) => f.message.text === 'marker');

    expect(JSON.stringify(b.frames)).not.toContain('Only for Vera');
    expect(JSON.stringify(b.frames)).not.toContain(a.id);
    // The agent's subject is the agent's label, not the customer's to read.
    expect(JSON.stringify(a.visitor.frames)).not.toContain('Angry about refund');
  });
});

describe('banned visitors', () => {
  it('are told why and until when, hung up on, and refused when they come back from the same address', async () => {
    const d = await desk({ trustedProxies: ['127.0.0.1'] });
    const { visitor, id } = await chatting(d, { 'x-forwarded-for': '198.51.100.7' });

    ok(await d.ana.client.request('ban.customer', { conversation: id, hours: 24, reason: 'Abusive language' }));
    const banned = await visitor.next('banned');
    expect(banned.reason).toBe('Abusive language');
    expect(Date.parse(banned.until) - Date.now()).toBeGreaterThan(23 * 3600_000);
    expect((await visitor.closed()).code).toBe(1008);

    const back = await VisitorSocket.open(d.server, { 'x-forwarded-for': '198.51.100.7' });
    back.send({ type: 'start', name: 'Vera Again', queue: 'help', visitorId: 'v-9' });
    expect(await back.next('banned')).toMatchObject({ reason: 'Abusive language', until: banned.until });
    expect((await back.closed()).code).toBe(1008);

    // Someone else, at another address, still gets through.
    const other = await VisitorSocket.open(d.server, { 'x-forwarded-for': '198.51.100.8' });
    expect((await other.start({ visitorId: 'v-10' })).conversation.status).toBe('open');
  });

  it('cannot resume the old chat from the banned address either', async () => {
    const d = await desk();
    const { started, id } = await chatting(d);
    ok(await d.ana.client.request('ban.customer', { conversation: id, hours: 2, reason: 'Spam links' }));
    const back = await VisitorSocket.open(d.server);
    back.send({ type: 'resume', conversationId: id, visitorToken: started.visitorToken });
    expect(await back.next('banned')).toMatchObject({ reason: 'Spam links' });
  });
});

describe('the client address', () => {
  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', async () => {
    const d = await desk();
    const visitor = await VisitorSocket.open(d.server, { 'x-forwarded-for': '203.0.113.50' });
    const started = await visitor.start();
    const seen = await d.ana.client.nextEvent((e) => e.ev === 'conversation.updated' && conversationOf(e).id === started.conversation.id);
    expect(conversationOf(seen).customer.ip).toBe('127.0.0.1');
  });

  it('takes the last hop of X-Forwarded-For from a trusted proxy', async () => {
    const d = await desk({ trustedProxies: ['127.0.0.1'] });
    const visitor = await VisitorSocket.open(d.server, { 'x-forwarded-for': '10.9.9.9, 203.0.113.50' });
    const started = await visitor.start();
    const seen = await d.ana.client.nextEvent((e) => e.ev === 'conversation.updated' && conversationOf(e).id === started.conversation.id);
    expect(conversationOf(seen).customer.ip).toBe('203.0.113.50');
  });
});

describe('bad visitor input', () => {
  it('answers bad frames with a sentence and keeps the socket; closes it on a frame over 1 MiB', async () => {
    const d = await desk();
    const visitor = await VisitorSocket.open(d.server);
    visitor.ws.send('{not json');
    expect(await visitor.next('error')).toMatchObject({ code: 'BAD_JSON', message: 'The frame is not valid JSON.' });
    visitor.send({ type: 'start', name: 'X', visitorId: 'v', email: 'not-an-email' });
    expect(await visitor.next('error', 1)).toMatchObject({ code: 'BAD_EMAIL', message: 'That email address does not look right.' });
    visitor.send({ type: 'dance' });
    expect(await visitor.next('error', 2)).toMatchObject({ code: 'BAD_FRAME' });
    visitor.send({ type: 'message', text: 'hi' });
    expect(await visitor.next('error', 3)).toMatchObject({ code: 'NOT_STARTED', message: 'Start a chat first.' });

    visitor.ws.send(JSON.stringify({ type: 'typing', text: 'x'.repeat(1024 * 1024) }));
    expect((await visitor.closed()).code).toBe(1009);
  });
});

describe('flooding', () => {
  it('refuses a sixth chat started from one address within a minute', async () => {
    const d = await desk();
    for (let i = 0; i < 5; i++) {
      const v = await VisitorSocket.open(d.server);
      v.send({ type: 'start', name: `Flood ${i}`, visitorId: `flood-${i}` });
      expect(await v.next('started')).toBeTruthy();
    }
    const sixth = await VisitorSocket.open(d.server);
    sixth.send({ type: 'start', name: 'Flood 6', visitorId: 'flood-6' });
    expect(await sixth.next('error')).toMatchObject({
      code: 'TOO_MANY_CHATS',
      message: 'Too many chats started from your address; please wait a minute and try again.',
    });
  });
});

describe('files', () => {
  const filesOf = (server: RunningServer) => {
    const dir = join(server.dataDir, 'files');
    return existsSync(dir) ? readdirSync(dir) : [];
  };
  const fileEntities = (server: RunningServer) => [...server.engine.state.all('file')];

  it('refuses an upload over 20 MB with the sentence, storing nothing, whether or not the size is declared', async () => {
    const d = await desk();
    const { started } = await chatting(d);
    const headers = { 'x-visitor-token': started.visitorToken, 'content-type': 'application/octet-stream' };

    const declared = await http(d.server, 'POST', '/files?name=holiday.mov', { headers, body: Buffer.alloc(21 * 1024 * 1024) });
    expect(declared.status).toBe(413);
    expect(declared.json()).toEqual({ code: 'FILE_TOO_LARGE', message: 'holiday.mov is 21.0 MB; files are limited to 20 MB each.' });

    // Chunked: no size up front, so the server counts and stops reading past the limit.
    const chunks = Array.from({ length: 21 }, () => Buffer.alloc(1024 * 1024, 1));
    const streamed = await http(d.server, 'POST', '/files?name=holiday.mov', { headers, body: chunks, chunked: true });
    expect(streamed.status).toBe(413);
    expect(streamed.json()).toEqual({ code: 'FILE_TOO_LARGE', message: 'holiday.mov is over 20 MB; files are limited to 20 MB each.' });

    expect(fileEntities(d.server)).toEqual([]);
    expect(filesOf(d.server)).toEqual([]);
  });

  it('refuses an upload without an agent token or a visitor token (401)', async () => {
    const d = await desk();
    const none = await http(d.server, 'POST', '/files?name=a.txt', { body: Buffer.from('hello') });
    expect(none.status).toBe(401);
    expect(none.json()).toMatchObject({ code: 'UNAUTHORIZED' });
    const forged = await http(d.server, 'POST', '/files?name=a.txt', { headers: { 'x-visitor-token': 'conv-x.nope' }, body: Buffer.from('hello') });
    expect(forged.status).toBe(401);
    const badAgent = await http(d.server, 'POST', '/files?name=a.txt', { headers: { authorization: 'Bearer nope' }, body: Buffer.from('hello') });
    expect(badAgent.status).toBe(401);
    expect(fileEntities(d.server)).toEqual([]);
  });

  it("carries a visitor's file to the agent, who downloads it; another visitor may not (403)", async () => {
    const d = await desk();
    const { visitor, started, id } = await chatting(d);
    const content = Buffer.from('%PDF-1.4 receipt');
    const up = await http(d.server, 'POST', '/files?name=receipt.pdf', {
      headers: { 'x-visitor-token': started.visitorToken, 'content-type': 'application/pdf' },
      body: content,
    });
    expect(up.status).toBe(201);
    const file = up.json<{ id: string; name: string; size: number; type: string }>();
    expect(file).toMatchObject({ name: 'receipt.pdf', size: content.length, type: 'application/pdf' });

    visitor.send({ type: 'message', text: 'Here is the receipt', attachments: [file.id] });
    const got = await d.ana.client.nextEvent((e) => e.ev === 'message.created' && messageOf(e).attachments.length > 0);
    expect(messageOf(got)).toMatchObject({ conversation: id, attachments: [{ id: file.id, name: 'receipt.pdf', size: content.length, type: 'application/pdf' }] });

    const byAgent = await http(d.server, 'GET', `/files/${file.id}`, { headers: { authorization: `Bearer ${d.ana.token}` } });
    expect(byAgent.status).toBe(200);
    expect(byAgent.body.equals(content)).toBe(true);
    expect(byAgent.headers['content-disposition']).toContain("filename*=UTF-8''receipt.pdf");

    const byOwner = await http(d.server, 'GET', `/files/${file.id}`, { headers: { 'x-visitor-token': started.visitorToken } });
    expect(byOwner.status).toBe(200);

    const stranger = await VisitorSocket.open(d.server);
    const theirs = await stranger.start({ visitorId: 'v-2', email: 'other@example.com' });
    const denied = await http(d.server, 'GET', `/files/${file.id}`, { headers: { 'x-visitor-token': theirs.visitorToken } });
    expect(denied.status).toBe(403);
    expect(denied.json()).toEqual({ code: 'FORBIDDEN', message: 'You may not read this file.' });

    // A visitor cannot attach somebody else's file either.
    stranger.send({ type: 'message', text: 'mine now', attachments: [file.id] });
    expect(await stranger.next('error')).toMatchObject({ code: 'FILE_NOT_FOUND' });
  });

  it("lets the visitor download the agent's file; an agent of another queue may not", async () => {
    const d = await desk();
    const { visitor, started, id } = await chatting(d);
    const up = await http(d.server, 'POST', '/files?name=guide.txt', {
      headers: { authorization: `Bearer ${d.ana.token}`, 'content-type': 'text/plain' },
      body: Buffer.from('Step 1: unplug it.'),
    });
    expect(up.status).toBe(201);
    const file = up.json<{ id: string }>();
    ok(await d.ana.client.request('message.send', { conversation: id, text: 'See the guide', attachments: [file.id] }));
    const got = await visitor.next('message', 0, (f) => f.message.attachments.length > 0);
    expect(got.message.attachments).toEqual([{ id: file.id, name: 'guide.txt', size: 18, type: 'text/plain' }]);

    const byVisitor = await http(d.server, 'GET', `/files/${file.id}`, { headers: { 'x-visitor-token': started.visitorToken } });
    expect(byVisitor.status).toBe(200);
    expect(byVisitor.body.toString()).toBe('Step 1: unplug it.');

    const bo = await loginAgent(agentUrlOf(d.server), '2002');
    const byBo = await http(d.server, 'GET', `/files/${file.id}`, { headers: { authorization: `Bearer ${bo.token}` } });
    expect(byBo.status).toBe(403);
  });
});

describe('the chat page', () => {
  it('is served at /chat with the live chat queues, ?queue= choosing the first one shown', async () => {
    const d = await desk();
    const page = await http(d.server, 'GET', '/chat?queue=sales');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    const settings = JSON.parse(/<script id="chat-settings" type="application\/json">(.*?)<\/script>/.exec(page.body.toString())![1]!);
    // Ana (Help Desk) is logged in, nobody of Sales Chat is: the page offers a chat in one, a message in the other.
    expect(settings).toEqual({
      center: 'Chat Test',
      title: 'Chat Test',
      logoUrl: null,
      greeting: null,
      color: '#1f6feb',
      queues: [
        { id: 'help', name: 'Help Desk', online: true },
        { id: 'sales', name: 'Sales Chat', online: false },
      ],
      queue: 'sales',
    });
    expect(page.headers['content-security-policy']).toBe("default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data: blob:; object-src 'none'; base-uri 'none'; form-action 'none'");
    const script = await http(d.server, 'GET', '/chat/chat.js');
    expect(script.status).toBe(200);
    expect(script.body.toString()).toContain("'/visitor'");
  });

  it("presents the centre as center.chat says, and lets the page load the logo from the logo's origin only", async () => {
    const server = await startTestServer({ config: chatConfig({ chat: '{ title: Acme Help, logoUrl: "https://cdn.example.com/brand/acme.png", greeting: Ask away, color: "#0b5394" }' }) });
    const page = await http(server, 'GET', '/chat');
    const settings = JSON.parse(/<script id="chat-settings" type="application\/json">(.*?)<\/script>/.exec(page.body.toString())![1]!);
    expect(settings).toMatchObject({ center: 'Chat Test', title: 'Acme Help', logoUrl: 'https://cdn.example.com/brand/acme.png', greeting: 'Ask away', color: '#0b5394' });
    expect(page.headers['content-security-policy']).toContain("img-src 'self' data: blob: https://cdn.example.com;");
    expect(page.headers['content-security-policy']).toContain("default-src 'self';");
  });
});
