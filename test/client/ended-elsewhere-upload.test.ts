import { afterEach, describe, expect, it } from 'vitest';
import { importContactRows } from '../../src/client/contact-import.js';
import { AgentClient, type ClientError, type LateAnswer } from '../../src/client/session.js';
import { wsTransport } from '../../src/client/ws-transport.js';
import type { Transport, TransportFactory } from '../../src/core/protocol/transport.js';
import { agentUrlOf, loginAgent, ok, onCleanup, runCleanups, startTestServer } from '../server/support.js';

/**
 * A supervisor's upload with a part on its way when a script logs them out.
 * The part stayed awaited: the next login sent it as still awaited (so no
 * notice said the file was cut), and the upload's loop went on sending the
 * rest of the file under the new session, with the upload screen long closed.
 */
afterEach(runCleanups);

/** The server's socket, with the upload's parts held back (never sent) while `holding`: a part in flight. */
function holdingUploads(real: TransportFactory) {
  const parts: number[] = [];
  let holding = true;
  const transport: TransportFactory = () => {
    const inner = real();
    return {
      ...inner,
      send(text) {
        const frame = JSON.parse(text) as { cmd: string; args: { rows?: Array<{ line: number }> } };
        if (frame.cmd === 'contacts.import') {
          parts.push(frame.args.rows![0]!.line);
          if (holding) return;
        }
        inner.send(text);
      },
    } satisfies Transport;
  };
  return { transport, parts, release: () => (holding = false) };
}

const rows = Array.from({ length: 1200 }, (_, i) => ({ line: i + 2, firstName: 'Row', lastName: `Number ${i + 2}`, personType: 'Customer' }));

async function until(what: string, check: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('an upload when the session ends elsewhere', () => {
  it('stops at the part in flight, saying where; the next login sends that part once and says the file was cut', async () => {
    const server = await startTestServer();
    const uploads = holdingUploads(wsTransport(server.http!.url));
    const client = new AgentClient({ transport: uploads.transport, journalPath: null, reconnect: { initialMs: 50, maxMs: 200 } });
    onCleanup(() => client.close());
    await client.connect();
    await client.login({ agent: '9001', pin: '9001' });
    const late: LateAnswer[] = [];
    client.onLateAnswer((a) => late.push(a));

    let settled: { error: ClientError } | { done: true } | null = null;
    void importContactRows(client, rows).then(
      () => (settled = { done: true }),
      (error: ClientError) => (settled = { error }),
    );
    await until('the first part is on its way', () => uploads.parts.length === 1);

    const script = await loginAgent(agentUrlOf(server), '9001', { joinOnly: true, client: 'script' });
    ok(await script.client.request('session.logout', {}));
    await until('the upload is told', () => settled !== null);
    expect(settled).toMatchObject({ error: { code: 'LOGGED_OUT_ELSEWHERE' } });
    expect((settled as unknown as { error: ClientError }).error.message).toMatch(/^Upload stopped at lines 2 to 501: Not delivered yet: it is kept and will be sent after you log in again/);

    uploads.release();
    await client.login({ agent: '9001', pin: '9001' });
    await until('the kept part is answered', () => late.length === 1);
    // Nobody awaits it now: the notice says the file was cut (late-answers.ts hides an awaited part's answer).
    expect(late[0]).toMatchObject({ cmd: 'contacts.import', awaited: false, ok: true });
    await new Promise((r) => setTimeout(r, 300));
    // Only the kept part went out again: not lines 502 on, behind the agent's back.
    expect(new Set(uploads.parts)).toEqual(new Set([2]));
  });
});
