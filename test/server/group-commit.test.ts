import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../src/core/ports/store.js';
import { agentUrlOf, loginAgent, runCleanups, startTestServer } from './support.js';

/** Group commit over a real socket: commands read in one turn are committed, fanned out and answered together. */
afterEach(runCleanups);

describe('group commit on the server', () => {
  it('three commands in one packet share one commit: their events are told together, then each is answered', async () => {
    const server = await startTestServer();
    const ava = await loginAgent(agentUrlOf(server), '1001');
    const groups: StoredEvent[][] = [];
    server.engine.subscribe((events) => groups.push(events));

    // One write carrying three frames: the server reads them in one turn.
    const socket = (ava.client.ws as unknown as { _socket: Socket })._socket;
    const ids = ['Break', 'Lunch', 'Meeting'].map(() => randomUUID());
    const from = ava.client.frames.length;
    socket.cork();
    ['Break', 'Lunch', 'Meeting'].forEach((reason, i) => ava.client.send('agent.pause', { reason }, ids[i]));
    process.nextTick(() => socket.uncork());
    for (const id of ids) await ava.client.nextResponse((r) => r.re === id, from);

    const reasons = groups.map((g) => g.filter((e) => e.ev === 'agent.updated').map((e) => (e.data.agent as { pauseReason: string }).pauseReason));
    expect(reasons.filter((r) => r.length > 0)).toEqual([['Break', 'Lunch', 'Meeting']]);
    // The answers come after the events of the group, in the order the commands came.
    const after = ava.client.frames.slice(from);
    const answerAt = ids.map((id) => after.findIndex((f) => (f as { re?: string }).re === id));
    const lastEventAt = after.map((f, i) => ('seq' in f ? i : -1)).reduce((a, b) => Math.max(a, b), -1);
    expect(answerAt).toEqual([...answerAt].sort((a, b) => a - b));
    expect(Math.min(...answerAt)).toBeGreaterThan(lastEventAt);
  });

  it('a malformed frame sent after a command is answered after it, though the command waits for its commit', async () => {
    const server = await startTestServer();
    const ava = await loginAgent(agentUrlOf(server), '1001');
    const socket = (ava.client.ws as unknown as { _socket: Socket })._socket;
    const id = randomUUID();
    const from = ava.client.frames.length;
    socket.cork();
    ava.client.send('agent.pause', { reason: 'Break' }, id);
    ava.client.sendRaw('{"v":1,"cmd":');
    process.nextTick(() => socket.uncork());
    await ava.client.nextResponse((r) => r.re === null, from);
    const answers = ava.client.frames.slice(from).filter((f) => 're' in f) as Array<{ re: string | null; ok: boolean }>;
    expect(answers.map((a) => [a.re, a.ok])).toEqual([
      [id, true],
      [null, false],
    ]);
  });
});
