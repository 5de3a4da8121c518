import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { buildOnce, BIN, ROOT, serve } from '../server/serve-process.js';
import { loginAgent, onCleanup, runCleanups, tempDir } from '../server/support.js';

buildOnce();
afterEach(runCleanups);

/** Enough lines for several parts (500 each), so the server can be killed between two of them. */
const LINES = 6000;

/** Contacts committed in the store, read as an outsider would (the server keeps writing meanwhile). */
function contactsIn(dataDir: string): number {
  const db = new Database(join(dataDir, 'switchboard.db'), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare("select count(*) as n from entities where kind = 'contact'").get() as { n: number }).n;
  } finally {
    db.close();
  }
}

async function until(what: string, check: () => boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('switchboard import contacts while the server is killed (SIGKILL) and started again', () => {
  it('goes on where it was once the server is back: every line in once, and the script says it all went in', async () => {
    const data = tempDir();
    const first = await serve(data);
    const sup = await loginAgent(first.url, '9001');
    onCleanup(() => sup.client.close());
    const file = join(tempDir(), 'people.csv');
    const lines = Array.from({ length: LINES }, (_, i) => `Person ${i},Customer,person${i}@example.com,+1212555${String(i).padStart(4, '0')}`);
    writeFileSync(file, `Name,Person type,Email,Phone\n${lines.join('\n')}\n`);

    const child = spawn(process.execPath, [BIN, 'import', 'contacts', file, '--url', first.url, '--agent', '9001', '--pin', '9001'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    onCleanup(() => void (child.exitCode === null && child.signalCode === null && child.kill('SIGKILL')));
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const exited = new Promise<number | null>((resolve) => child.once('close', resolve));

    // The first part is in: kill the server with the rest of the file still to send.
    await until('the first part of the import to be committed', () => contactsIn(data) >= 500);
    first.child.kill('SIGKILL');
    await first.exited;
    const atKill = contactsIn(data);
    expect(atKill, 'the kill came after the whole file was in: nothing was tested').toBeLessThan(LINES);

    await serve(data, 'config/demo.yaml', [], first.port);
    const code = await exited;
    // Before: "switchboard: OFFLINE: The connection dropped before the server answered.", exit 1,
    // the parts before the kill in and the rest never sent, nor said which.
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toContain(`Imported ${LINES} contacts.`);
    expect(stdout).not.toContain('duplicate');
    expect(contactsIn(data)).toBe(LINES);
  }, 90_000);
});
