import { afterEach, describe, expect, it } from 'vitest';
import { buildOnce, serve, spawnServe, type Serving } from './serve-process.js';
import { loginAgent, ok, runCleanups, startTestServer, tempDir } from './support.js';

/**
 * Two `switchboard serve` on one --data would both write its SQLite event log,
 * each from a state of its own in memory: the second is refused before it
 * listens, and a crash of the first never leaves the directory locked.
 */
afterEach(runCleanups);
buildOnce();

const refusal = (data: string, pid: number | undefined) =>
  `switchboard: DATA_DIR_IN_USE: Another switchboard server is using the data directory ${data} (pid ${pid}); stop it first or give this one another --data.\n`;

/** How a server started on a directory another holds ends: it exits with a code, or (the bug) it listens. */
function outcome(server: Serving): Promise<{ exited: number | null } | 'listening'> {
  return server.ready.then(
    () => 'listening' as const,
    async () => ({ exited: await server.exited }),
  );
}

async function listens(port: number): Promise<boolean> {
  return fetch(`http://127.0.0.1:${port}/healthz`).then(
    () => true,
    () => false,
  );
}

describe('switchboard serve, a second one on the same data directory', () => {
  it('is refused with DATA_DIR_IN_USE before it listens, and the first goes on answering', async () => {
    const data = tempDir();
    const first = await serve(data);
    const ava = await loginAgent(first.url, '1001');
    ok(await ava.client.request('agent.pause', { reason: 'Lunch' }));

    const second = await spawnServe(data);
    expect(await outcome(second), second.output()).toEqual({ exited: 1 });
    expect(second.output()).toBe(refusal(data, first.child.pid));
    expect(await listens(second.port)).toBe(false);

    // The first saw nothing of it: its agent's commands still commit.
    expect(ok<{ agent: { status: string } }>(await ava.client.request('agent.unpause')).agent.status).toBe('available');
    expect(ok<{ agent: { status: string } }>(await ava.client.request('agent.pause', { reason: 'Training' })).agent.status).toBe('paused');
    expect(await first.stop(), first.output()).toBe(0);
  });

  it('starts once the first has been closed (in one process, as the tests and the demo run it)', async () => {
    const data = tempDir();
    const first = await startTestServer({ dataDir: data });
    await expect(startTestServer({ dataDir: data })).rejects.toMatchObject({ code: 'DATA_DIR_IN_USE' });
    await first.close();

    const next = await startTestServer({ dataDir: data });
    const ava = await loginAgent(`${next.http!.url}/agent`, '1001');
    expect(ok<{ agent: { status: string } }>(await ava.client.request('agent.pause', { reason: 'Lunch' })).agent.status).toBe('paused');
  });

  it('starts after the first was killed with SIGKILL: the lock died with it', async () => {
    const data = tempDir();
    const first = await serve(data);
    first.child.kill('SIGKILL');
    await first.exited;

    const next = await serve(data);
    const ava = await loginAgent(next.url, '1001');
    expect(ok<{ agent: { status: string } }>(await ava.client.request('agent.pause', { reason: 'Lunch' })).agent.status).toBe('paused');
    // And it holds the directory in its turn.
    const third = await spawnServe(data);
    expect(await outcome(third), third.output()).toEqual({ exited: 1 });
    expect(third.output()).toBe(refusal(data, next.child.pid));
    expect(await next.stop()).toBe(0);
  });
});
