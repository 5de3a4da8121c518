import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CommandJournal } from '../../src/client/journal.js';
import { AgentClient } from '../../src/client/session.js';
import { wsTransport } from '../../src/client/ws-transport.js';
import { BROKEN_NO_SESSION } from '../../src/core/commands/session.js';
import type { EventFrame } from '../../src/core/protocol/events.js';
import type { Transport, TransportFactory } from '../../src/core/protocol/transport.js';
import type { RunningServer } from '../../src/server/runtime.js';
import { RawClient, agentOf, agentUrlOf, isAgentUpdate, loginAgent, ok, onCleanup, runCleanups, startTestServer, tempDir } from '../server/support.js';

/**
 * AgentClient over the real WebSocket transport against a real server: the
 * session an agent's panel (or a script) holds, through drops and restarts.
 */
afterEach(runCleanups);

const BACKOFF = { initialMs: 50, maxMs: 200 };

function makeClient(transport: TransportFactory, journalPath: string | null = null): AgentClient {
  const client = new AgentClient({ transport, journalPath, reconnect: BACKOFF });
  onCleanup(() => client.close());
  return client;
}

/** Resolve once `check` holds, re-checking on every change the client reports. */
function until(client: AgentClient, what: string, check: () => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    if (check()) return resolve();
    const stop: Array<() => void> = [];
    const guard = setTimeout(() => {
      for (const s of stop) s();
      reject(
        new Error(`gave up waiting until ${what} (connection ${client.connection}, session ${client.session}, queued ${client.queued()})`),
      );
    }, 10_000);
    const poll = () => {
      if (!check()) return;
      clearTimeout(guard);
      for (const s of stop) s();
      resolve();
    };
    stop.push(client.onChange(poll), client.onEvent(poll), client.store.subscribe(poll));
  });
}

/** Every event the client applies, in order. */
function recordEvents(client: AgentClient): EventFrame[] {
  const seen: EventFrame[] = [];
  client.onEvent((e) => seen.push(e));
  return seen;
}

const pausedFor = (agent: string, reason: string) => (e: EventFrame) =>
  isAgentUpdate(agent)(e) && agentOf(e).status === 'paused' && agentOf(e).pauseReason === reason;

/** Stop a server and start another on the same port (same data unless told otherwise). */
async function restart(server: RunningServer, dataDir = server.dataDir): Promise<RunningServer> {
  const port = server.http!.port;
  await server.close();
  return startTestServer({ dataDir, port });
}

/**
 * A transport that can hold incoming frames, then hand them over all in one
 * go, as a socket does when several frames come in one packet.
 */
function burstyTransport(real: TransportFactory) {
  const held: string[] = [];
  const wake = new Set<() => void>();
  let holding = false;
  let deliver: (text: string) => void = () => {};
  const bursty: TransportFactory = () => {
    const inner = real();
    return {
      ...inner,
      onMessage(fn) {
        deliver = fn;
        inner.onMessage((text) => {
          if (!holding) return fn(text);
          held.push(text);
          for (const w of wake) w();
        });
      },
    } satisfies Transport;
  };
  const heldUntil = (check: () => boolean) =>
    new Promise<void>((resolve) => {
      const w = () => check() && (wake.delete(w), resolve());
      wake.add(w);
      w();
    });
  const holdFrames = () => (holding = true);
  const deliverHeld = () => {
    holding = false;
    for (const text of held.splice(0)) deliver(text);
  };
  return { bursty, held, heldUntil, holdFrames, deliverHeld };
}

/** Ava's panel logging in on a real server, her login answer held back (the frames after it too) until deliverHeld. */
async function loginAnswerHeld() {
  const server = await startTestServer();
  const { bursty, holdFrames, deliverHeld, heldUntil, held } = burstyTransport(wsTransport(server.http!.url));
  const client = makeClient(bursty);
  await client.connect();
  holdFrames();
  const login = client.login({ agent: '1001', pin: '1001' });
  await heldUntil(() => held.length === 1);
  return { server, client, login, deliverHeld, heldUntil, held };
}

describe('AgentClient over WebSocket', () => {
  it('login fills the store with what the first screen needs; a colleague it follows lands in it, live, again after a reconnect, until unfollowed', async () => {
    const server = await startTestServer();
    const client = makeClient(wsTransport(server.http!.url));
    await client.connect();
    expect(client.connection).toBe('online');
    const result = await client.login({ agent: '1001', pin: '1001' });

    expect(result.joined).toBe(false);
    expect(client.session).toBe('logged-in');
    expect(client.token).toBe(result.token);
    expect(client.store.me).toBe('1001');
    expect(client.store.myAgent()).toMatchObject({ id: '1001', name: 'Ava Turner', status: 'available' });
    // Ava's own record and her own queues' figures; no colleague until a screen follows them.
    expect(client.store.list('agent').map((a) => a.id)).toEqual(['1001']);
    expect(client.store.list('queueStats').map((q) => q.id).sort()).toEqual(['7001', '7002']);
    expect(client.store.catalog?.pauseReasons).toContain('Lunch');

    client.follow('roster', { view: 'agents-tab', agents: ['1002'] });
    await until(client, 'Ben is followed', () => client.store.get('agent', '1002') !== undefined);
    expect(client.store.agentName('1002')).toBe('Ben Okafor');
    const ben = await loginAgent(agentUrlOf(server), '1002');
    ok(await ben.client.request('agent.pause', { reason: 'Meeting' }));
    await until(client, "Ben's pause reaches the store", () => client.store.get('agent', '1002')?.status === 'paused');
    expect(client.store.get('agent', '1002')?.pauseReason).toBe('Meeting');

    // A new connection: the client resumes and follows its views again.
    const again = await restart(server);
    await until(client, 'back online', () => client.connection === 'online' && client.session === 'logged-in');
    const benAgain = await loginAgent(agentUrlOf(again), '1002');
    ok(await benAgain.client.request('agent.unpause'));
    await until(client, "Ben's unpause reaches the store after the reconnect", () => client.store.get('agent', '1002')?.status === 'available');

    // Our own command: answered, and its event updates our own row.
    const answer = (await client.send('agent.pause', { reason: 'Lunch' })) as { agent: { status: string } };
    expect(answer.agent.status).toBe('paused');
    await until(client, 'our pause is in the store', () => client.store.myAgent()?.status === 'paused');
    expect(client.store.myAgent()?.pauseReason).toBe('Lunch');
    expect(client.queued()).toBe(0);

    // Unfollowed: Ben's state leaves the store (his name stays known).
    client.unfollow('roster', 'agents-tab');
    expect(client.store.get('agent', '1002')).toBeUndefined();
    expect(client.store.agentName('1002')).toBe('Ben Okafor');
  });

  it('a command issued while the server is down is journaled and delivered once after the reconnect', async () => {
    const server = await startTestServer();
    const journalPath = join(tempDir(), 'journal.jsonl');
    const client = makeClient(wsTransport(server.http!.url), journalPath);
    const events = recordEvents(client);
    await client.connect();
    await client.login({ agent: '1001', pin: '1001' });
    const token = client.token;

    await server.close();
    await until(client, 'the client notices the drop', () => client.connection === 'offline');

    const sent = client.send('agent.pause', { reason: 'Break' });
    expect(client.queued()).toBe(1);
    // It is on disk: a panel that crashed now would still send it.
    const onDisk = new CommandJournal(journalPath);
    expect(onDisk.entries('1001').map((e) => [e.cmd, e.args])).toEqual([['agent.pause', { reason: 'Break' }]]);
    onDisk.close();

    const again = await startTestServer({ dataDir: server.dataDir, port: server.http!.port });
    const answer = (await sent) as { agent: { status: string; pauseReason: string } };
    expect(answer.agent).toMatchObject({ status: 'paused', pauseReason: 'Break' });

    await until(client, 'the pause is in the store', () => client.store.myAgent()?.status === 'paused');
    expect(client.connection).toBe('online');
    expect(client.session).toBe('logged-in');
    expect(client.token).toBe(token);
    expect(client.queued()).toBe(0);
    expect(new CommandJournal(journalPath).size()).toBe(0);
    expect(again.engine.state.agent('1001')).toMatchObject({ status: 'paused', pauseReason: 'Break' });

    // Exactly once: a later change on Ava's session (a script of hers) arrives after any event of the pause.
    const script = await loginAgent(agentUrlOf(again), '1001', { joinOnly: true });
    ok(await script.client.request('agent.pause', { reason: 'Meeting' }));
    await until(client, 'the later pause arrives', () => events.some(pausedFor('1001', 'Meeting')));
    expect(events.filter(pausedFor('1001', 'Break'))).toHaveLength(1);
    // (Live batches and passing events carry no sequence number.)
    const seqs = events.filter((e) => e.seq !== undefined).map((e) => e.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
  });

  it('a command whose answer was lost on a dropped link is sent again and applied once', async () => {
    const server = await startTestServer();
    // A link that drops right after the server answers the first agent.pause.
    let dropNextPauseAnswer = true;
    let pauseFrames = 0;
    const real = wsTransport(server.http!.url);
    const flaky: TransportFactory = () => {
      const inner = real();
      return {
        ...inner,
        send(text) {
          if (JSON.parse(text).cmd === 'agent.pause') pauseFrames++;
          inner.send(text);
        },
        onMessage(fn) {
          inner.onMessage((text) => {
            const frame = JSON.parse(text);
            if (dropNextPauseAnswer && 're' in frame && frame.ok && frame.result?.agent?.status === 'paused') {
              dropNextPauseAnswer = false;
              inner.close();
              return;
            }
            fn(text);
          });
        },
      } satisfies Transport;
    };
    const client = makeClient(flaky);
    const events = recordEvents(client);
    await client.connect();
    await client.login({ agent: '1001', pin: '1001' });

    const answer = (await client.send('agent.pause', { reason: 'Break' })) as { agent: { status: string } };
    expect(answer.agent.status).toBe('paused');
    expect(dropNextPauseAnswer).toBe(false);
    expect(pauseFrames).toBe(2);
    expect(client.queued()).toBe(0);

    // Applied once: one event (a later change on Ava's session comes after it), and still a plain pause.
    expect(client.store.myAgent()).toMatchObject({ status: 'paused', pauseReason: 'Break' });
    const script = await loginAgent(agentUrlOf(server), '1001', { joinOnly: true });
    ok(await script.client.request('agent.pause', { reason: 'Meeting' }));
    await until(client, 'the later pause arrives', () => events.some(pausedFor('1001', 'Meeting')));
    expect(events.filter(pausedFor('1001', 'Break'))).toHaveLength(1);
  });

  it('events that arrive in the same burst as the login answer are kept', async () => {
    const { server, client, login, deliverHeld, heldUntil, held } = await loginAnswerHeld();
    // A script joins Ava's session and pauses her while her panel's login answer is still on its way.
    const script = await loginAgent(agentUrlOf(server), '1001', { joinOnly: true });
    ok(await script.client.request('agent.pause', { reason: 'Meeting' }));
    await heldUntil(() => held.some((t) => t.includes('"Meeting"')));
    deliverHeld();
    await login;

    expect(client.store.myAgent()).toMatchObject({ status: 'paused', pauseReason: 'Meeting' });
    expect(client.store.lastSeq).toBe(script.client.lastSeq());
  });

  it('a logout elsewhere that arrives in the same burst as the login answer ends the session it logged in (the login screen says why)', async () => {
    const { server, client, login, deliverHeld, heldUntil, held } = await loginAnswerHeld();
    // A script joins Ava's session and logs her out while her panel's login answer is still on its way.
    const script = await loginAgent(agentUrlOf(server), '1001', { joinOnly: true, client: 'script' });
    ok(await script.client.request('session.logout', {}));
    await heldUntil(() => held.some((t) => t.includes('"agent.updated"')));
    deliverHeld();
    await login;

    // Not a panel that looks logged in on a session the server has ended (every command refused NOT_LOGGED_IN).
    await until(client, 'the login screen says why', () => client.endedElsewhere !== null);
    expect(client.session).toBe('logged-out');
    expect(client.endedElsewhere).toMatch(/^You were logged out by a script at \d\d:\d\d\./);
  });

  it("a view's answer that comes in one burst with later changes does not undo them (our own state, a colleague's)", async () => {
    const server = await startTestServer();
    const { bursty, holdFrames, deliverHeld, heldUntil, held } = burstyTransport(wsTransport(server.http!.url));
    const client = makeClient(bursty);
    await client.connect();
    await client.login({ agent: '1001', pin: '1001' });
    const ben = await loginAgent(agentUrlOf(server), '1002');
    const script = await loginAgent(agentUrlOf(server), '1001', { joinOnly: true });

    holdFrames();
    client.follow('roster', { view: 'agents-tab', agents: ['1001', '1002'] });
    await heldUntil(() => held.some((t) => t.includes('"directory"')));
    // While the answer is on its way, Ava (from a script) and Ben pause: an event for her, a live batch for him.
    ok(await script.client.request('agent.pause', { reason: 'Meeting' }));
    ok(await ben.client.request('agent.pause', { reason: 'Lunch' }));
    await heldUntil(() => held.some((t) => t.includes('"Meeting"')) && held.some((t) => t.includes('"Lunch"')));
    deliverHeld();

    await until(client, 'Ben is followed', () => client.store.get('agent', '1002') !== undefined);
    expect(client.store.myAgent()).toMatchObject({ status: 'paused', pauseReason: 'Meeting' });
    expect(client.store.get('agent', '1002')).toMatchObject({ status: 'paused', pauseReason: 'Lunch' });
  });

  it("colleagues' rows learned by lookup follow a new configuration (a colleague's queues changed while the server runs)", async () => {
    const server = await startTestServer();
    const client = makeClient(wsTransport(server.http!.url));
    await client.connect();
    await client.login({ agent: '1001', pin: '1001' });
    client.learnAllAgents();
    client.learnAgents(['1003']);
    await until(client, 'every row is known', () => client.store.directoryRow('1002') !== undefined);
    expect(client.store.directoryRow('1002')?.voiceQueues).not.toContain('7003');

    const next = structuredClone(server.engine.config);
    const ben = next.agents.find((a) => a.number === '1002')!;
    ben.voiceQueues = [...ben.voiceQueues, '7003'];
    server.engine.reconfigure(next);

    await until(client, "Ben's new queue is learned", () => client.store.directoryRow('1002')?.voiceQueues.includes('7003') === true);
    expect(client.store.agentName('1003')).toBe(server.engine.config.agents.find((a) => a.number === '1003')!.name);
  });

  it('a server without our session breaks it with the manual\'s message; the journaled command waits for the next login', async () => {
    const server = await startTestServer();
    const journalPath = join(tempDir(), 'journal.jsonl');
    const client = makeClient(wsTransport(server.http!.url), journalPath);
    await client.connect();
    await client.login({ agent: '1001', pin: '1001' });

    await server.close();
    await until(client, 'the client notices the drop', () => client.connection === 'offline');
    const sent = client.send('agent.pause', { reason: 'Break' });
    sent.catch(() => {});
    expect(client.queued()).toBe(1);

    // The service comes back with none of its former data.
    const fresh = await startTestServer({ dataDir: tempDir(), port: server.http!.port });
    await until(client, 'the session is broken', () => client.session === 'broken');
    expect(client.brokenMessage).toBe(BROKEN_NO_SESSION);
    expect(client.queued()).toBe(1);
    expect(fresh.engine.state.agent('1001')?.status).toBe('logged-out');

    client.acknowledgeBroken();
    expect(client.session).toBe('logged-out');
    expect(client.brokenMessage).toBeNull();
    expect(client.token).toBeNull();
    expect(client.store.myAgent()).toBeUndefined();
    expect(client.queued()).toBe(1);

    // Logging in again (a fresh session) delivers what the agent asked for.
    await client.login({ agent: '1001', pin: '1001' });
    await until(client, 'the journal is delivered', () => client.queued() === 0);
    await until(client, 'the pause is in the store', () => client.store.myAgent()?.status === 'paused');
    expect(client.store.myAgent()?.pauseReason).toBe('Break');
    expect(fresh.engine.state.agent('1001')).toMatchObject({ status: 'paused', pauseReason: 'Break' });
    expect(new CommandJournal(journalPath).size()).toBe(0);
  });

  it('a journaled command of one agent is not sent for another agent who logs in', async () => {
    const server = await startTestServer();
    const journalPath = join(tempDir(), 'journal.jsonl');
    const first = makeClient(wsTransport(server.http!.url), journalPath);
    await first.connect();
    await first.login({ agent: '1001', pin: '1001' });
    await server.close();
    await until(first, 'the client notices the drop', () => first.connection === 'offline');
    first.send('agent.pause', { reason: 'Break' }).catch(() => {});
    // The panel crashes with the command unsent.
    first.close();

    const again = await restart(server, tempDir());
    const panel = makeClient(wsTransport(again.http!.url), journalPath);
    await panel.connect();
    await panel.login({ agent: '1002', pin: '1002' });
    // A round trip on the same socket: anything the login sent has been handled by now.
    await panel.send('sys.ping', {});
    expect(panel.queued()).toBe(1);
    expect(again.engine.state.agent('1002')).toMatchObject({ status: 'available', pauseReason: null });
    expect(panel.store.myAgent()?.status).toBe('available');
  });
});

describe('an address that is not a switchboard server', () => {
  it('says why it cannot connect, in words, and keeps saying it on the login screen while it tries again', async () => {
    // Another HTTP service on the port (the demo's web chat, say): it answers the upgrade with 404.
    const { createServer } = await import('node:http');
    const other = createServer((_req, res) => res.writeHead(404).end('not here'));
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    onCleanup(() => new Promise<void>((resolve) => other.close(() => resolve())));
    const port = (other.address() as { port: number }).port;
    const client = makeClient(wsTransport(`ws://127.0.0.1:${port}`));
    const sentence = `127.0.0.1:${port} answered HTTP 404, not as a switchboard server: is it the right address and port?`;
    await expect(client.connect()).rejects.toThrow(`Cannot reach the server: ${sentence}`);
    // What the login screen shows on Enter: the reason, not only "Not connected".
    await expect(client.check({ agent: '1001', pin: '1001' })).rejects.toThrow(`Cannot reach the server: ${sentence} Trying again shortly.`);
  });

  it("gives a switchboard server's refusal in its own words, not as another HTTP service", async () => {
    const server = await startTestServer({ limits: { anonymousSocketsPerAddress: 1 } });
    // One socket from this address already waits to log in: the next is refused 429 with a sentence.
    const waiting = await RawClient.open(agentUrlOf(server));
    onCleanup(() => waiting.close());
    const client = makeClient(wsTransport(agentUrlOf(server)));
    const where = `127.0.0.1:${server.http!.port}`;
    await expect(client.connect()).rejects.toThrow(
      `Cannot reach the server: ${where} refused the connection: Your address already holds 1 connection not logged in yet; log in on one or close one, then try again.`,
    );
  });

  it('says when nothing listens at the address', async () => {
    const { createServer } = await import('node:net');
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const client = makeClient(wsTransport(`ws://127.0.0.1:${port}`));
    await expect(client.connect()).rejects.toThrow(`Cannot reach the server: nothing is listening at 127.0.0.1:${port}`);
  });
});
