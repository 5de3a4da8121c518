import { connect } from 'node:net';
import { randomUUID } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { FakeClock } from '../fake-clock.js';
import { SIMULATOR_HEADER } from '../../src/channels/livechat/simulator-key.js';
import { agentUrlOf, err, loginAgent, ok, RawClient, runCleanups, startTestServer, tempDir } from './support.js';
import { chatConfig, http, VisitorSocket } from './visitor-support.js';
import type { ServerFrame } from '../../src/channels/livechat/visitor-protocol.js';
import { askUpgrade, refusalOf } from './refused-upgrade.js';

/**
 * What an attacker from outside tried (issue 10), each now a refusal with a
 * code, and the centre still up afterwards.
 */
afterEach(runCleanups);

/** Send bytes as they are (no client normalises the path) and read the status line. */
function rawRequest(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    let got = '';
    socket.on('data', (d) => (got += d.toString()));
    socket.on('end', () => resolve(got));
    socket.on('close', () => resolve(got));
    socket.on('error', reject);
  });
}

async function alive(server: Awaited<ReturnType<typeof startTestServer>>): Promise<boolean> {
  const answer = await http(server, 'GET', '/healthz');
  return answer.status === 200;
}

describe('requests that used to end the process', () => {
  it('answers odd request targets (//, /\\, ///, //[, //@, //%zz) and stays up', async () => {
    const server = await startTestServer();
    for (const target of ['//', '/\\', '///', '//[', '//@', '//%zz', '//files', '/files?name=%zz%', '/chat?queue=%E0%A4%A']) {
      const answer = await rawRequest(server.http!.port, `GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      expect(answer, target).toMatch(/^HTTP\/1\.1 [234]\d\d /);
    }
    expect(await alive(server)).toBe(true);
  });

  it('reads an absolute-form target (GET http://host/path, which HTTP/1.1 servers must accept) by its path and query', async () => {
    const server = await startTestServer();
    const port = server.http!.port;
    const answer = (target: string) => rawRequest(port, `GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    for (const target of ['http://x/healthz', 'HTTP://x:8080/healthz?probe=1', `http://127.0.0.1:${port}/healthz`]) {
      const got = await answer(target);
      expect(got, target).toMatch(/^HTTP\/1\.1 200 /);
      expect(got, target).toContain('"ok":true');
    }
    // The query is read too: a signed link's fields are checked, not missing.
    expect(await answer('http://x/files/file-1?exp=1&sig=abc')).toMatch(/^HTTP\/1\.1 403 [^]*"code":"LINK_INVALID"/);
    expect(await answer('http://x')).toMatch(/^HTTP\/1\.1 404 [^]*"code":"NOT_FOUND"/);
    expect(await alive(server)).toBe(true);
  });

  it("answers what the HTTP parser refuses with a code and a sentence, not a bare status line, and serves the next", async () => {
    const server = await startTestServer();
    const port = server.http!.port;
    const smuggled = 'POST /hooks/sms HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n';
    for (const [request, status, code] of [
      [smuggled, 400, 'BAD_REQUEST'],
      ['POST /files HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab', 400, 'BAD_REQUEST'],
      ['hello\r\n\r\n', 400, 'BAD_REQUEST'],
      [`GET /${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`, 431, 'HEADERS_TOO_LARGE'],
    ] as const) {
      const answer = await rawRequest(port, request);
      expect(answer, request.slice(0, 40)).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
      const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as { code: string; message: string };
      expect(body.code).toBe(code);
      expect(body.message.length).toBeGreaterThan(20);
      // The smuggled request behind the first is never answered: only the refusal comes back.
      expect(answer.match(/HTTP\/1\.1 \d{3} /g)).toHaveLength(1);
    }
    expect(await alive(server)).toBe(true);
  });

  it('answers CONNECT (a proxy tunnel) with a code and a sentence instead of hanging up, and stays up', async () => {
    const server = await startTestServer();
    // Before, Node closed the connection without a byte: the client could not tell a refusal from a crash.
    for (const target of ['127.0.0.1:22', 'example.org:443', '/healthz']) {
      const answer = await rawRequest(server.http!.port, `CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n\r\n`);
      expect(answer, target).toMatch(/^HTTP\/1\.1 405 /);
      expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toEqual({ code: 'METHOD_NOT_ALLOWED', message: 'This server is not a proxy: it opens no tunnel (CONNECT) to anywhere.' });
    }
    expect(await alive(server)).toBe(true);
  });

  it('answers an unknown address, and a page asked to do what a page does not, with a code and a sentence', async () => {
    const server = await startTestServer();
    const nowhere = await http(server, 'GET', '/admin');
    expect(nowhere.status).toBe(404);
    expect(JSON.parse(nowhere.body.toString())).toMatchObject({ code: 'NOT_FOUND' });
    for (const [method, path] of [['DELETE', '/healthz'], ['POST', '/chat'], ['PUT', '/chat/chat.js'], ['OPTIONS', '/healthz']]) {
      const answer = await http(server, method!, path!);
      expect(answer.status, `${method} ${path}`).toBe(405);
      expect(answer.headers.allow).toBe('GET, HEAD');
      expect(JSON.parse(answer.body.toString())).toMatchObject({ code: 'METHOD_NOT_ALLOWED', message: `${path} is read with GET.` });
    }
    expect((await http(server, 'HEAD', '/healthz')).status).toBe(200);
    expect(await alive(server)).toBe(true);
  });

  it('answers a resume sent with the id of the login before it, and stays up', async () => {
    const server = await startTestServer();
    const client = await RawClient.open(agentUrlOf(server));
    const id = randomUUID();
    ok(await client.request('session.login', { agent: '1001', pin: '1001' }, id));
    expect(err(await client.request('session.resume', {}, id)).code).toBe('BAD_ARGS');
    expect(ok<{ pong: boolean }>(await client.request('sys.ping')).pong).toBe(true);
    expect(await alive(server)).toBe(true);
  });
});

describe('command ids', () => {
  it("never give another socket an agent's login answer (and its token)", async () => {
    const server = await startTestServer();
    const first = await RawClient.open(agentUrlOf(server));
    const id = randomUUID();
    const login = ok<{ token: string }>(await first.request('session.login', { agent: '1001', pin: '1001' }, id));
    const thief = await RawClient.open(agentUrlOf(server));
    const answer = await thief.request('session.login', {}, id);
    expect(err(answer).code).toBe('BAD_ARGS');
    expect(JSON.stringify(thief.frames)).not.toContain(login.token);
    // Not logged in by it either.
    expect(err(await thief.request('agent.pause', { reason: 'Break' })).code).toBe('NOT_LOGGED_IN');
  });

  it("answer another agent's id with DUPLICATE_ID, never with that agent's answer", async () => {
    const server = await startTestServer();
    const ana = await loginAgent(agentUrlOf(server), '1001');
    const bo = await loginAgent(agentUrlOf(server), '1002');
    const id = randomUUID();
    ok(await ana.client.request('agent.pause', { reason: 'Lunch' }, id));
    const stolen = await bo.client.request('agent.pause', { reason: 'Break' }, id);
    expect(err(stolen).code).toBe('DUPLICATE_ID');
    expect(server.engine.state.agent('1002')!.status).toBe('available');
    // An anonymous socket learns nothing either: it must log in first.
    const anonymous = await RawClient.open(agentUrlOf(server));
    expect(err(await anonymous.request('agent.pause', { reason: 'Lunch' }, id)).code).toBe('NOT_LOGGED_IN');
  });

  it('give the first answer again to its own agent, and refuse the id for another command', async () => {
    const server = await startTestServer();
    const ana = await loginAgent(agentUrlOf(server), '1001');
    const id = randomUUID();
    const first = ok(await ana.client.request('agent.pause', { reason: 'Lunch' }, id));
    // A second panel of the same agent (a crashed panel's journal) gets the same answer.
    const again = await loginAgent(agentUrlOf(server), '1001');
    expect(ok(await again.client.request('agent.pause', { reason: 'Lunch' }, id))).toEqual(first);
    expect(err(await again.client.request('agent.unpause', {}, id)).code).toBe('DUPLICATE_ID');
  });

  it('refuse the id for the same command with other arguments, rather than answer it with the first one', async () => {
    const server = await startTestServer();
    const ana = await loginAgent(agentUrlOf(server), '1001');
    const id = randomUUID();
    ok(await ana.client.request('agent.pause', { reason: 'Lunch' }, id));
    ok(await ana.client.request('agent.unpause', {}));
    const other = err(await ana.client.request('agent.pause', { reason: 'Break' }, id));
    expect(other).toEqual({ code: 'DUPLICATE_ID', message: 'That command id was already used for another command; send this one with a new id.' });
    expect(server.engine.state.agent('1001')!.status).toBe('available');
    // The same frame again is a retry, answered as the first time; also once the server has restarted (the answer is kept on disk).
    await server.close();
    const restarted = await startTestServer({ dataDir: server.dataDir });
    const back = await loginAgent(agentUrlOf(restarted), '1001');
    expect(ok<{ agent: { pauseReason: string } }>(await back.client.request('agent.pause', { reason: 'Lunch' }, id)).agent.pauseReason).toBe('Lunch');
    expect(err(await back.client.request('agent.pause', { reason: 'Break' }, id)).code).toBe('DUPLICATE_ID');
  });
});

describe('memory a client can make the server hold', () => {
  it('cuts a socket that sends without reading, at once and once', async () => {
    const server = await startTestServer();
    const ws = new WebSocket(agentUrlOf(server), { perMessageDeflate: false });
    await new Promise((resolve) => ws.once('open', resolve));
    // Stop reading: every answer now piles up on the server's side.
    (ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
    ws.on('error', () => {});
    const frame = JSON.stringify({ v: 1, id: 'x', cmd: 'nope.nope', args: {} });
    let sent = 0;
    // Each answer is ~90 bytes; enough frames for the kernel's buffers and the 1 MiB limit.
    while (sent < 200_000 && server.gateway.connectionCount() > 0) {
      for (let i = 0; i < 2000; i++) ws.send(frame);
      sent += 2000;
      await new Promise((r) => setImmediate(r));
    }
    expect(server.gateway.connectionCount()).toBe(0);
    (ws as unknown as { _socket: { resume(): void } })._socket.resume();
    await closed;
    expect(await alive(server)).toBe(true);
  });

  it('a panel that logs out with megabytes of its replay still unread keeps the bound of a logged-in socket', async () => {
    const server = await startTestServer();
    const url = agentUrlOf(server);
    const ava = await loginAgent(url, '1001');
    const ben = await loginAgent(url, '1002');
    const lastSeq = Math.max(ava.snapshot.seq, ava.client.lastSeq());
    // About 3.7 MB to replay (under the 4 MiB of a replay): 60 long messages, each event carrying the chat so far.
    for (let i = 0; i < 60; i++) ok(await ben.client.request('agentchat.send', { to: '1001', text: 'z'.repeat(2000) }));

    const ws = new WebSocket(url, { perMessageDeflate: false });
    await new Promise((resolve) => ws.once('open', resolve));
    const frames: Array<{ re?: string; ok?: boolean }> = [];
    ws.on('message', (data) => frames.push(JSON.parse(data.toString())));
    let closed = false;
    ws.once('close', () => (closed = true));
    // The panel does not read for a moment: the replay stays queued on the server's side.
    (ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const send = (id: string, cmd: string, args: Record<string, unknown> = {}) => ws.send(JSON.stringify({ v: 1, id, cmd, args }));
    // Twice: the kernel's buffers take about the first replay, the second stays with the server.
    send('resume', 'session.resume', { token: ava.token, lastSeq });
    await new Promise((r) => setTimeout(r, 300));
    send('again', 'session.resume', { token: ava.token, lastSeq });
    await new Promise((r) => setTimeout(r, 300));
    send('logout', 'session.logout');
    await new Promise((r) => setTimeout(r, 300));
    send('ping', 'sys.ping');
    await new Promise((r) => setTimeout(r, 300));
    (ws as unknown as { _socket: { resume(): void } })._socket.resume();
    const deadline = Date.now() + 10_000;
    while (!closed && !frames.some((f) => f.re === 'ping') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(closed).toBe(false);
    expect(frames.filter((f) => f.re).map((f) => [f.re, f.ok])).toEqual([
      ['resume', true],
      ['again', true],
      ['logout', true],
      ['ping', true],
    ]);
    ws.close();
  });

  it('never echoes a long command name or argument back', async () => {
    const server = await startTestServer();
    const client = await RawClient.open(agentUrlOf(server));
    // Under the 16 KiB a socket may send before login: read, and answered briefly.
    const long = 'a'.repeat(7_000);
    client.sendRaw(JSON.stringify({ v: 1, id: 'long-cmd', cmd: `${long}.x`, args: {} }));
    const frame = await client.nextResponse((r) => r.re === 'long-cmd');
    expect(err(frame).code).toBe('BAD_FRAME');
    expect(JSON.stringify(frame).length).toBeLessThan(500);
    const login = await client.request('session.login', { agent: long, pin: long });
    expect(err(login).code).toBe('BAD_ARGS');
    expect(JSON.stringify(login).length).toBeLessThan(500);
  });
});

describe('frames larger than their sender may send', () => {
  const frameOf = (id: string, cmd: string, bytes: number) => {
    const shell = JSON.stringify({ v: 1, id, cmd, args: { pad: '' } });
    return JSON.stringify({ v: 1, id, cmd, args: { pad: 'p'.repeat(bytes - shell.length) } });
  };
  const refusal = async (client: RawClient, from: number) => {
    await client.waitFor('an answer', () => client.responses.slice(from).find((r) => r.re === null));
    return client.responses.slice(from).find((r) => r.re === null)!;
  };

  it('refuses them unread, in their turn, and the socket goes on: 16 KiB before login, 256 KiB for an agent, 1 MiB for a supervisor', async () => {
    const server = await startTestServer();
    const url = agentUrlOf(server);
    const anonymous = await RawClient.open(url);
    anonymous.sendRaw(frameOf('big-before-login', 'session.login', 17 * 1024));
    const early = err(await refusal(anonymous, 0));
    expect(early).toMatchObject({ code: 'FRAME_TOO_LARGE' });
    expect(early.message).toBe('Frames before login may be at most 16 KiB; this one has 17 KiB, so it was not read.');
    // Still open, and a login right after works.
    ok(await anonymous.request('session.login', { agent: '1001', pin: '1001' }));

    const from = anonymous.responses.length;
    anonymous.sendRaw(frameOf('big-agent', 'sys.ping', 300 * 1024));
    expect(err(await refusal(anonymous, from)).message).toBe("Frames from an agent's panel may be at most 256 KiB; this one has 300 KiB, so it was not read.");
    // Under the agent's limit: read and answered as any frame (the padding is an argument sys.ping does not take, or is ignored).
    anonymous.sendRaw(frameOf('agent-200k', 'sys.ping', 200 * 1024));
    const read = await anonymous.nextResponse((r) => r.re === 'agent-200k');
    expect(read.ok || err(read).code !== 'FRAME_TOO_LARGE').toBe(true);

    const sue = await loginAgent(url, '9001');
    sue.client.sendRaw(frameOf('supervisor-900k', 'sys.ping', 900 * 1024));
    const big = await sue.client.nextResponse((r) => r.re === 'supervisor-900k');
    expect(big.ok || err(big).code !== 'FRAME_TOO_LARGE').toBe(true);
    expect(await alive(server)).toBe(true);
  });

  it("refuses a visitor's frame over 128 KiB and keeps the chat", async () => {
    const server = await startTestServer({ config: chatConfig() });
    const visitor = await VisitorSocket.open(server);
    await visitor.start();
    const from = visitor.frames.length;
    visitor.send({ type: 'typing', text: 'x'.repeat(140 * 1024) });
    const refused = await visitor.next('error', from);
    expect(refused).toMatchObject({ code: 'FRAME_TOO_LARGE', message: "Frames from a visitor's chat may be at most 128 KiB; this one has 141 KiB, so it was not read." });
    // A 20,000-character message, the longest there is, goes through.
    visitor.send({ type: 'message', text: 'y'.repeat(20_000) });
    await visitor.next('message', from, (f) => (f as { message?: { text?: string } }).message?.text?.length === 20_000);
    expect(visitor.closeInfo).toBeNull();
  });
});

describe('sockets and requests that never finish', () => {
  it('closes a socket that does not log in in time, and counts only logged-in agents in /healthz', async () => {
    const server = await startTestServer({ limits: { loginDeadlineMs: 300 } });
    const idle = await RawClient.open(agentUrlOf(server));
    const ana = await loginAgent(agentUrlOf(server), '1001');
    const health = (await http(server, 'GET', '/healthz')).json<{ agents: number }>();
    expect(health.agents).toBe(1);
    expect((await idle.closed()).code).toBe(4408);
    // The logged-in socket stays.
    expect(ok<{ pong: boolean }>(await ana.client.request('sys.ping')).pong).toBe(true);
  });

  it('refuses more sockets not logged in from one address than the limit, and takes them again once one logs in', async () => {
    const server = await startTestServer({ limits: { anonymousSocketsPerAddress: 3 } });
    const open = await Promise.all([0, 1, 2].map(() => RawClient.open(agentUrlOf(server))));
    await expect(RawClient.open(agentUrlOf(server))).rejects.toThrow(/429/);
    ok(await open[0]!.request('session.login', { agent: '1001', pin: '1001' }));
    const more = await RawClient.open(agentUrlOf(server));
    expect(ok<{ pong: boolean }>(await more.request('sys.ping')).pong).toBe(true);
  });

  it('refuses an agent socket opened from a web page (it carries an Origin), and takes the panel\'s', async () => {
    const server = await startTestServer();
    const fromPage = new WebSocket(agentUrlOf(server), { origin: 'https://any-site.example' });
    // Ended below before it opened, which ws reports as an error of its own.
    fromPage.on('error', () => {});
    const refused = await new Promise<string>((resolve) => fromPage.once('unexpected-response', (_req, res) => resolve(`${res.statusCode} ${res.statusMessage}`)));
    fromPage.terminate();
    expect(refused).toBe('403 Forbidden');
    const panel = await loginAgent(agentUrlOf(server), '1001');
    expect(ok<{ pong: boolean }>(await panel.client.request('sys.ping')).pong).toBe(true);
  });

  it('tells a refused WebSocket why in JSON with a code and a sentence, as a refused request is told', async () => {
    const server = await startTestServer({ config: chatConfig(), limits: { anonymousSocketsPerAddress: 1, visitorSocketsPerAddress: 2 } });
    const port = server.http!.port;

    const nowhere = await askUpgrade(port, '/nope');
    expect(nowhere.status).toBe(404);
    expect(refusalOf(nowhere)).toEqual({ code: 'NOT_FOUND', message: "There is no WebSocket at this address: the panel connects to /agent, the chat page's visitors to /visitor." });

    const fromPage = await askUpgrade(port, '/agent', { Origin: 'https://any-site.example' });
    expect(fromPage.status).toBe(403);
    expect(refusalOf(fromPage)).toEqual({ code: 'FORBIDDEN', message: 'Agent connections are not taken from web pages: the panel and scripts connect from a terminal.' });

    const waiting = await RawClient.open(agentUrlOf(server));
    const oneTooMany = await askUpgrade(port, '/agent');
    expect(oneTooMany.status).toBe(429);
    expect(refusalOf(oneTooMany)).toEqual({ code: 'TOO_MANY_CONNECTIONS', message: 'Your address already holds 1 connection not logged in yet; log in on one or close one, then try again.' });
    // The socket already taken is kept: it still logs in.
    ok(await waiting.request('session.login', { agent: '2001', pin: '2001' }));

    const visitor = await VisitorSocket.open(server);
    const notChatting = await askUpgrade(port, '/visitor');
    expect(notChatting.status).toBe(429);
    expect(refusalOf(notChatting)).toEqual({
      code: 'TOO_MANY_CONNECTIONS',
      message: 'Your address already holds 1 chat connection that started no chat; start a chat in one or close one, then try again.',
    });
    // The visitor already taken is kept: their chat starts.
    expect((await visitor.start()).conversation.id).toBeTruthy();
    await VisitorSocket.open(server);
    const chatWindows = await askUpgrade(port, '/visitor');
    expect(chatWindows.status).toBe(429);
    expect(refusalOf(chatWindows)).toEqual({ code: 'TOO_MANY_CONNECTIONS', message: 'Your address already holds 2 chat connections; close a chat window, then try again.' });
  });

  it('closes a visitor socket that does not start a chat in time', async () => {
    const server = await startTestServer({ config: chatConfig(), limits: { startDeadlineMs: 300 } });
    const visitor = await VisitorSocket.open(server);
    expect((await visitor.closed()).code).toBe(4408);
  });

  it("refuses a chat's token in more sockets than a chat may be open in, keeps the chat in the others, and takes it again once one closes", async () => {
    const server = await startTestServer({ config: chatConfig(), limits: { visitorSocketsPerChat: 2 } });
    const first = await VisitorSocket.open(server);
    const started = await first.start();
    const resume = { type: 'resume', conversationId: started.conversation.id, visitorToken: started.visitorToken };
    const second = await VisitorSocket.open(server);
    second.send(resume);
    await second.next('started');
    const third = await VisitorSocket.open(server);
    third.send(resume);
    const refused = await third.next('error');
    expect(refused).toMatchObject({ code: 'TOO_MANY_WINDOWS', message: 'This chat is open in 2 windows already; close one of them, then reload this page.' });
    // The chat goes on in the two it is open in; the refused socket is told nothing of it.
    first.send({ type: 'message', text: 'Still here', clientId: 'm1' });
    await second.next('message', 0, (f) => f.message.text === 'Still here');
    expect(third.frames.filter((f) => f.type === 'message' || f.type === 'started')).toEqual([]);
    second.ws.close();
    await second.closed();
    // The server hears of the close on its own turn: the page's next try (a reload) is taken.
    let answer: ServerFrame['type'] = 'error';
    for (let tries = 0; answer === 'error' && tries < 50; tries++) {
      const from = third.frames.length;
      third.send(resume);
      answer = (await third.next((f) => f.type === 'started' || f.type === 'error', from)).type;
      if (answer === 'error') await new Promise((r) => setTimeout(r, 20));
    }
    expect(answer).toBe('started');
  });

  it('refuses more visitor sockets from one address than the limit, chatting or not, and takes one again once one closes', async () => {
    const server = await startTestServer({ config: chatConfig(), limits: { visitorSocketsPerAddress: 3 } });
    const first = await VisitorSocket.open(server);
    const started = await first.start();
    const resume = { type: 'resume', conversationId: started.conversation.id, visitorToken: started.visitorToken };
    // Each resumed socket is chatting, so the limit of sockets not chatting never counted it.
    for (const v of [await VisitorSocket.open(server), await VisitorSocket.open(server)]) {
      v.send(resume);
      await v.next('started');
    }
    await expect(VisitorSocket.open(server)).rejects.toThrow(/429/);
    first.ws.close();
    await first.closed();
    let again: VisitorSocket | null = null;
    for (let tries = 0; !again && tries < 50; tries++) again = await VisitorSocket.open(server).catch(() => new Promise<null>((r) => setTimeout(() => r(null), 20)));
    again!.send(resume);
    expect((await again!.next('started')).conversation.id).toBe(started.conversation.id);
  });

  it('drops a request whose headers never end', async () => {
    const server = await startTestServer({ limits: { headersTimeoutMs: 500 } });
    const started = Date.now();
    const answer = await rawRequest(server.http!.port, 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ');
    expect(answer === '' || answer.startsWith('HTTP/1.1 408')).toBe(true);
    if (answer) expect(answer).toContain('"code":"REQUEST_TIMEOUT"');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await alive(server)).toBe(true);
  });
  it('lets go of a refused upgrade once the refusal is out, even if the client never closes', async () => {
    const server = await startTestServer({ limits: { anonymousSocketsPerAddress: 1 } });
    const port = server.http!.port;
    const held = () => new Promise<number>((resolve, reject) => server.http!.server.getConnections((e, n) => (e ? reject(e) : resolve(n))));
    const upgrade = (path: string) =>
      `GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`;
    const first = await RawClient.open(agentUrlOf(server));
    // Clients that read the refusal and then keep their side open (allowHalfOpen), as a slow or hostile one would.
    const refusals = await Promise.all(
      ['/nowhere', '/agent'].map(
        (path) =>
          new Promise<string>((resolve, reject) => {
            const socket = connect({ port, host: '127.0.0.1', allowHalfOpen: true }, () => socket.write(upgrade(path)));
            let got = '';
            socket.on('data', (d) => (got += d.toString()));
            socket.on('end', () => resolve(got));
            socket.on('error', reject);
          }),
      ),
    );
    expect(refusals[0]).toMatch(/^HTTP\/1\.1 404/);
    expect(refusals[1]).toMatch(/^HTTP\/1\.1 429/);
    // Only the one socket that was taken is still held by the server.
    let count = await held();
    for (const end = Date.now() + 5_000; count !== 1 && Date.now() < end; count = await held()) await new Promise((r) => setTimeout(r, 20));
    expect(count).toBe(1);
    expect(ok<{ pong: boolean }>(await first.request('sys.ping')).pong).toBe(true);
  });
});

describe('secrets at rest', () => {
  it('keeps the data directory and its files to the server user, and no session token in them', async () => {
    const dir = join(tempDir(), 'data');
    const server = await startTestServer({ dataDir: dir });
    const ana = await loginAgent(agentUrlOf(server), '1001');
    ok(await ana.client.request('agent.pause', { reason: 'Lunch' }));
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      const mode = statSync(path).mode & 0o777;
      expect(mode, name).toBe(statSync(path).isDirectory() ? 0o700 : 0o600);
      if (statSync(path).isFile()) expect(readFileSync(path).includes(ana.token), `${name} holds the token`).toBe(false);
    }
    // The token still works: it is kept as its digest.
    const again = await RawClient.open(agentUrlOf(server));
    expect(ok<{ resumed: boolean }>(await again.request('session.resume', { token: ana.token, lastSeq: 0 })).resumed).toBe(true);
  });
});

describe('addresses', () => {
  it("does not believe loopback's X-Forwarded-For when simulating, unless it carries the simulator's key", async () => {
    const server = await startTestServer({ config: chatConfig(), simulate: true, clock: new FakeClock('2026-01-05T10:00:00Z') });
    const visitor = await VisitorSocket.open(server, { 'x-forwarded-for': '203.0.113.9', [SIMULATOR_HEADER]: 'guessed' });
    const started = await visitor.start();
    const chat = server.engine.state.get('conversation', started.conversation.id)!;
    expect(chat.customer.ip).toBe('127.0.0.1');
  });
});

describe('uploads', () => {
  it("refuses a visitor's uploads past the chat's quota, and forgets files never sent", async () => {
    const clock = new FakeClock('2026-01-05T10:00:00Z');
    const config = chatConfig();
    config.security.uploads = { conversationMb: 1, visitorMbPerHour: 50, agentMbPerHour: 50, unattachedMinutes: 60 };
    const server = await startTestServer({ config, clock });
    const visitor = await VisitorSocket.open(server);
    const started = await visitor.start();
    const headers = { 'x-visitor-token': started.visitorToken };
    const body = Buffer.alloc(600 * 1024, 1);
    const first = await http(server, 'POST', '/files?name=a.bin', { headers, body });
    expect(first.status).toBe(201);
    const second = await http(server, 'POST', '/files?name=b.bin', { headers, body });
    expect(second.status).toBe(429);
    expect(second.json<{ code: string; message: string }>().code).toBe('UPLOAD_QUOTA');
    expect(second.json<{ message: string }>().message).toMatch(/limit is 1\.0 MB/);
    const id = first.json<{ id: string }>().id;
    expect(readdirSync(join(server.dataDir, 'files'))).toEqual([id]);

    // Never sent in a message: gone after the configured hour, bytes and all, and the quota is free again.
    clock.advance(71 * 60_000);
    expect(server.engine.state.get('file', id)).toBeUndefined();
    expect(readdirSync(join(server.dataDir, 'files'))).toEqual([]);
    expect((await http(server, 'POST', '/files?name=c.bin', { headers, body })).status).toBe(201);
  });

  it('keeps a file that was sent in a message', async () => {
    const clock = new FakeClock('2026-01-05T10:00:00Z');
    const server = await startTestServer({ config: chatConfig(), clock });
    const visitor = await VisitorSocket.open(server);
    const started = await visitor.start();
    const up = await http(server, 'POST', '/files?name=a.txt', { headers: { 'x-visitor-token': started.visitorToken }, body: Buffer.from('hello') });
    const id = up.json<{ id: string }>().id;
    visitor.send({ type: 'message', text: 'here', attachments: [id] });
    await visitor.next('message', 0, (f) => f.message.attachments.length === 1);
    clock.advance(71 * 60_000);
    expect(server.engine.state.get('file', id)).toBeDefined();
  });
});
