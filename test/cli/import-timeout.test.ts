import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { agentUrlOf, loginAgent, onCleanup, runCleanups, startTestServer, tempDir } from '../server/support.js';
import { startMuteServer, startRelay } from '../tcp-relay.js';
import { buildCliOnce, switchboard } from './run-switchboard.js';

/**
 * `switchboard import leads|contacts --timeout`: the built CLI against a
 * server that stops answering. Before, neither command had the option and a
 * script importing into a stopped server waited for ever.
 */

buildCliOnce();
afterEach(runCleanups);

const asSupervisor = ['--agent', '9001', '--pin', '9001'];

/** 1200 people: three parts of a file (lines 2-501, 502-1001, 1002-1201). */
function peopleFile(): string {
  const file = join(tempDir(), 'people.csv');
  const lines = Array.from({ length: 1200 }, (_, i) => `Person ${i},Customer,person${i}@example.com,+1212555${String(i).padStart(4, '0')}`);
  writeFileSync(file, `Name,Person type,Email,Phone\n${lines.join('\n')}\n`);
  return file;
}

describe('switchboard import --timeout', () => {
  it('a server that takes the connection and never answers: leads and contacts exit 1 after --timeout (or SWITCHBOARD_TIMEOUT), nothing sent', async () => {
    const port = await startMuteServer();
    const file = join(tempDir(), 'list.csv');
    writeFileSync(file, 'Phone,Name,Email\n020 7946 1111,Ann Lee,ann@lee.io\n');
    const url = ['--url', `ws://127.0.0.1:${port}`];
    for (const [args, env] of [
      [['import', 'leads', file, '--campaign', 'preview-renewals', ...url, ...asSupervisor, '--timeout', '1'], {}],
      [['import', 'contacts', file, ...url, ...asSupervisor], { SWITCHBOARD_TIMEOUT: '1' }],
    ] as const) {
      const run = await switchboard([...args], env);
      expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 1, stderr: 'switchboard: NO_ANSWER: The server did not answer within 1 seconds.\n' });
    }
  });

  it('a part taken and its answer lost: exits 3 naming the lines that may be in, those that are, those never sent; importing again completes the file once', async () => {
    const server = await startTestServer();
    onCleanup(() => server.close());
    const sup = await loginAgent(agentUrlOf(server), '9001');
    onCleanup(() => sup.client.close());
    // The first part's answer passes; from the next part on, the server gets what is sent and its answers are lost
    // (a server killed after its commit, before its answer, as far as the script can tell).
    let answers = 0;
    const relay = await startRelay(server.http!.port, {
      fromServer: (chunk) => void (chunk.includes('"imported":') && answers++),
      fromClient: () => answers > 0 && relay.set('deaf'),
    });
    const file = peopleFile();
    const cut = await switchboard(['import', 'contacts', file, '--url', relay.url, ...asSupervisor, '--timeout', '2']);
    expect(cut.code).toBe(3);
    expect(cut.stderr).toBe(
      'switchboard: NO_ANSWER: The server did not answer within 2 seconds after lines 502 to 1001 were sent: they may have been imported or not. ' +
        'Lines 2 to 501 were imported. Lines 1002 to 1201 were not sent. ' +
        "Once the server is back, import the file again: a line whose email or phone number is already a contact's is not created twice.\n",
    );
    expect(cut.stdout).not.toContain('Imported');
    // The part whose answer was lost is in; the rest is not.
    expect([...server.engine.state.all('contact')]).toHaveLength(1000);

    const again = await switchboard(['import', 'contacts', file, '--url', agentUrlOf(server), ...asSupervisor]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Imported 200 contacts.\n1000 duplicates not created again:');
    expect([...server.engine.state.all('contact')]).toHaveLength(1200);
  });

  it('leads: a part taken and its answer lost exits 3 the same way, and importing again adds each lead once', async () => {
    const server = await startTestServer();
    onCleanup(() => server.close());
    const sup = await loginAgent(agentUrlOf(server), '9001');
    onCleanup(() => sup.client.close());
    let loggedIn = false;
    const relay = await startRelay(server.http!.port, {
      // The login's answer passes; the first part reaches the server and its answer is lost.
      fromClient: () => loggedIn && relay.set('deaf'),
      fromServer: (chunk) => void (chunk.includes('"token"') && (loggedIn = true)),
    });
    const file = join(tempDir(), 'leads.csv');
    writeFileSync(file, 'Phone,Name\n020 7946 1111,Ann Lee\n020 7946 2222,Bob Ray\n');
    const leadsNow = () => [...server.engine.state.all('lead')].filter((l) => l.name === 'Ann Lee' || l.name === 'Bob Ray').length;
    const args = ['import', 'leads', file, '--campaign', 'preview-renewals', ...asSupervisor];
    const cut = await switchboard([...args, '--url', relay.url, '--timeout', '2']);
    expect(cut.code).toBe(3);
    expect(cut.stderr).toBe(
      'switchboard: NO_ANSWER: The server did not answer within 2 seconds after lines 2 to 3 were sent: they may have been imported or not. ' +
        'Once the server is back, import the file again: a lead the campaign already has is not added again.\n',
    );
    expect(leadsNow()).toBe(2);

    const again = await switchboard([...args, '--url', agentUrlOf(server)]);
    expect(again.stdout).toContain('Imported 0 leads into preview-renewals (2 already there, not added again).');
    expect(leadsNow()).toBe(2);
  });
});
