import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BROKEN_NO_SESSION } from '../../src/core/commands/session.js';
import { buildOnce, ROOT, serve } from './serve-process.js';
import { agentOf, err, isAgentUpdate, loginAgent, ok, RawClient, runCleanups, tempDir } from './support.js';

/**
 * The built CLI as a real process: `switchboard serve` keeps every session in
 * its data directory, so a restart (SIGTERM, start again) loses no agent.
 */
afterEach(runCleanups);
buildOnce();

describe('switchboard serve, restarted', () => {
  it('keeps a paused agent\'s session across SIGTERM and a new start on the same data', async () => {
    const data = tempDir();
    const first = await serve(data);
    const ava = await loginAgent(first.url, '1001');
    const paused = ok<{ agent: { status: string; pauseReason: string; statusSince: number } }>(
      await ava.client.request('agent.pause', { reason: 'Lunch' }),
    ).agent;
    expect(paused).toMatchObject({ status: 'paused', pauseReason: 'Lunch' });
    const lastSeq = ava.client.lastSeq();
    expect(lastSeq).toBeGreaterThan(0);

    const code = await first.stop();
    expect(code, first.output()).toBe(0);
    await ava.client.closed();

    const second = await serve(data);
    const back = await RawClient.open(second.url);
    const resumed = ok<{ resumed: boolean; snapshot?: { entities: { agent: Array<Record<string, unknown>> } } }>(
      await back.request('session.resume', { token: ava.token, lastSeq }),
    );
    expect(resumed.resumed).toBe(true);
    // Whether by replay or by snapshot, the panel learns the same state: still on Lunch since the same moment.
    const me = resumed.snapshot
      ? resumed.snapshot.entities.agent.find((a) => a.id === '1001')
      : await status(second.url, '1001');
    expect(me).toMatchObject({ status: 'paused', pauseReason: 'Lunch', statusSince: paused.statusSince });

    // And the session takes commands.
    const unpaused = ok<{ agent: { status: string } }>(await back.request('agent.unpause'));
    expect(unpaused.agent.status).toBe('available');
    const event = await back.nextEvent((e) => isAgentUpdate('1001')(e) && agentOf(e).status === 'available');
    expect(event.seq).toBeGreaterThan(lastSeq);
    expect(await second.stop()).toBe(0);
  });

  it('a server started on a fresh data directory does not know the old token: the session is broken', async () => {
    const first = await serve(tempDir());
    const ava = await loginAgent(first.url, '1001');
    ok(await ava.client.request('agent.pause', { reason: 'Lunch' }));
    const lastSeq = ava.client.lastSeq();
    expect(await first.stop()).toBe(0);

    const other = await serve(tempDir());
    const client = await RawClient.open(other.url);
    const error = err(await client.request('session.resume', { token: ava.token, lastSeq }));
    expect(error.code).toBe('SESSION_BROKEN');
    expect(error.message).toBe(BROKEN_NO_SESSION);
    // Logging in again works and starts a fresh session.
    const login = ok<{ joined: boolean }>(await client.request('session.login', { agent: '1001', pin: '1001' }));
    expect(login.joined).toBe(false);
  });
});

describe('switchboard serve, SIGHUP', () => {
  it("reloads agents' queues live: the panel gets the new catalog and session; a bad file is refused and the running one stays", async () => {
    const dir = tempDir();
    const file = join(dir, 'center.yaml');
    const demo = readFileSync(join(ROOT, 'config/demo.yaml'), 'utf8');
    writeFileSync(file, demo);
    const served = await serve(join(dir, 'data'), file);
    const ava = await loginAgent(served.url, '1001');
    expect(ava.snapshot.catalog.agents.find((a) => a.number === '1001')!.messagingQueues).toEqual(['support-chat']);

    // Ava also works Web Sales from now on.
    writeFileSync(file, demo.replace(/(number: "1001"[\s\S]*?messagingQueues: )\[support-chat\]/, '$1[support-chat, web-sales]'));
    served.child.kill('SIGHUP');
    const catalog = await ava.client.nextEvent((e) => e.ev === 'catalog.updated');
    const agents = (catalog.data.catalog as { agents: Array<{ number: string; messagingQueues: string[] }> }).agents;
    expect(agents.find((a) => a.number === '1001')!.messagingQueues).toEqual(['support-chat', 'web-sales']);
    const moved = await ava.client.nextEvent((e) => isAgentUpdate('1001')(e) && (e.data.agent as { session: { messagingQueues: string[] } }).session.messagingQueues.includes('web-sales'));
    expect(moved.seq).toBeGreaterThan(catalog.seq);

    // A queue's strategy cannot change live; a broken file is not read at all. Both leave the server as it was.
    writeFileSync(file, demo.replace('strategy: round-robin', 'strategy: ring-all'));
    served.child.kill('SIGHUP');
    await until(() => served.output().includes('configuration not reloaded (RESTART_NEEDED)'));
    writeFileSync(file, 'agents: [');
    served.child.kill('SIGHUP');
    await until(() => served.output().includes('configuration not reloaded (CONFIG_INVALID)'));
    expect(served.output()).toContain('a restart is needed for: voiceQueues. Nothing was changed.');
    const paused = ok<{ agent: { status: string } }>(await ava.client.request('agent.pause', { reason: 'Lunch' }));
    expect(paused.agent.status).toBe('paused');
    expect(await served.stop()).toBe(0);
  });
});

async function until(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('gave up waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The state of `agent` as another agent's fresh login snapshot shows it. */
/** The agent's state as their own panel sees it: a second login joins the running session (colleagues' state is only for who follows them). */
async function status(url: string, agent: string): Promise<Record<string, unknown> | undefined> {
  const { snapshot } = await loginAgent(url, agent);
  return snapshot.entities.agent.find((a) => a.id === agent);
}
