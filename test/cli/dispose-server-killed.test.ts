import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Call } from '../../src/core/protocol/model.js';
import type { EventFrame } from '../../src/core/protocol/events.js';
import { busyCenter } from '../server/busy-center.js';
import { buildOnce, serve } from '../server/serve-process.js';
import { loginAgent, ok, onCleanup, runCleanups, tempDir } from '../server/support.js';
import { startRelay } from '../tcp-relay.js';
import { switchboard } from './run-switchboard.js';

buildOnce();
afterEach(runCleanups);

/** Dispositions the store holds for a call, read as an outsider would. */
function dispositionsOf(dataDir: string, callId: string): number {
  const db = new Database(join(dataDir, 'switchboard.db'), { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare("select response from commands where cmd like 'disposition.submit#%'").all() as Array<{ response: string }>;
    return rows.filter((r) => (JSON.parse(r.response) as { ok: boolean; result?: { call: { id: string } } }).result?.call.id === callId).length;
  } finally {
    db.close();
  }
}

const callOf = (e: EventFrame) => e.data.call as Call;

/** Ava (1001) logs in from her panel, answers the next call and hangs up: it owes its disposition and form. */
async function owedCall(url: string): Promise<Call> {
  const ava = await loginAgent(url, '1001');
  onCleanup(() => ava.client.close());
  const ringsForAva = (c: Call) => c.state === 'ringing' && c.offers.some((o) => o.agent === '1001');
  // Calls come every second: one may be ringing already at the login (in its snapshot, not an event).
  const ringing =
    (ava.snapshot.entities.call as Call[]).find(ringsForAva) ?? callOf(await ava.client.nextEvent((e) => e.ev === 'call.updated' && ringsForAva(callOf(e))));
  ok(await ava.client.request('call.answer', { callId: ringing.id }));
  ok(await ava.client.request('call.hangup', { callId: ringing.id }));
  return ringing;
}

describe('switchboard dispose while the server is killed (SIGKILL)', () => {
  it('a disposition sent again after a restart is refused as already given, not "There is no call"', async () => {
    const data = tempDir();
    const config = busyCenter(tempDir());
    const first = await serve(data, config, ['--simulate']);
    const call = await owedCall(first.url);
    const args = ['dispose', '1', '--call', call.id, '--field', 'interest=4', '--agent', '1001', '--pin', '1001', '--url'];
    const firstRun = await switchboard([...args, first.url]);
    expect(firstRun.code, firstRun.stderr).toBe(0);
    first.child.kill('SIGKILL');
    await first.exited;

    const again = await serve(data, config);
    const retry = await switchboard([...args, again.url]);
    // Before: "CALL_NOT_FOUND: There is no call call-…": the completed calls' dispositions were
    // known only in memory, so after a restart an agent was told the call had never been.
    expect({ code: retry.code, stderr: retry.stderr }).toEqual({ code: 1, stderr: 'switchboard: ALREADY_DISPOSED: A disposition was already submitted for this call (Sale).\n' });
    expect(dispositionsOf(data, call.id)).toBe(1);
  }, 90_000);

  it('killed after the commit, before the answer: the script does not say it failed; it says it may be recorded, and sent again for that call it is refused, recorded once', async () => {
    const data = tempDir();
    const config = busyCenter(tempDir());
    const first = await serve(data, config, ['--simulate']);
    const ringing = await owedCall(first.url);

    // The script's link goes through a relay: once its disposition is answered, the server is
    // killed and the answer never reaches the script (a client's frames are masked, the server's are not).
    let answered = false;
    const relay = await startRelay(first.port, {
      fromServer: (chunk) => {
        if (answered || !chunk.includes('Disposition submitted')) return;
        answered = true;
        first.child.kill('SIGKILL');
        relay.vanish();
      },
    });
    const run = await switchboard(['dispose', '1', '--field', 'interest=4', '--url', relay.url, '--agent', '1001', '--pin', '1001', '--timeout', '3']);
    // Refused (no answer to relay), the server was never killed: stop it so the test says why instead of timing out.
    if (!answered) first.child.kill('SIGKILL');
    await first.exited;
    expect(answered, 'the server answered nothing: the kill did not come between commit and answer').toBe(true);
    // Before: exit 1 and "The server did not answer within 3 seconds.", which a script takes for
    // "not recorded" and sends again (on whatever call then owes one), though it was recorded.
    expect(run.code).toBe(3);
    expect(run.stderr).toBe(
      `switchboard: NO_ANSWER: The server did not answer within 3 seconds after the disposition for call ${ringing.id} was sent: it may have been recorded or not. ` +
        `Once the server is back, \`switchboard status\` tells; sent again with --call ${ringing.id} it is refused (ALREADY_DISPOSED) if it was recorded.\n`,
    );
    expect(dispositionsOf(data, ringing.id)).toBe(1);

    // Started again: doing what the sentence says records nothing twice.
    const again = await serve(data, config);
    const retry = await switchboard(['dispose', '1', '--call', ringing.id, '--url', again.url, '--agent', '1001', '--pin', '1001']);
    expect(retry.code).toBe(1);
    expect(retry.stderr).toBe('switchboard: ALREADY_DISPOSED: A disposition was already submitted for this call (Sale).\n');
    expect(dispositionsOf(data, ringing.id)).toBe(1);
  }, 90_000);
});
