import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { buildOnce, serve } from '../server/serve-process.js';
import { runCleanups, tempDir } from '../server/support.js';
import { hasTmux, TmuxTerminal, tmuxTitle } from './tmux-terminal.js';

/**
 * A supervisor's CSV upload cut by the panel's death: the part on its way
 * waits in the journal and goes out at the next login, the rest of the file
 * never went. `switchboard connect` in tmux at 80x24 (NO_COLOR) against a
 * real `switchboard serve`; the panel killed (SIGKILL) mid-upload.
 */
buildOnce();
afterEach(runCleanups);

const term = new TmuxTerminal('upload');
const waitFor = (predicate: (screen: string) => boolean, what: string, ms?: number) => term.waitForScreen(predicate, what, ms);
const LINES = 60_000;

/** Sam (9001), the demo's supervisor: uploads contacts. */
const SAM = { number: '9001', name: 'Sam Rivera' };

async function onContacts(): Promise<void> {
  // Wherever the panel opens (the section it was last left on), g o goes to Contacts; its list may still be loading.
  term.send('g', 'o');
  await waitFor((s) => s.includes('/ search by any name'), 'Contacts', 30_000);
}

/** Once tmux has closed the killed panel's session. */
async function gone(): Promise<void> {
  for (;;) {
    try {
      term.tmux('has-session', '-t', 'upload');
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Upload `file` from Contacts: its path, the preview, Enter. */
async function upload(file: string): Promise<void> {
  term.send('U');
  await waitFor((s) => s.includes('Upload contacts from a CSV file'), 'the upload dialog');
  term.send(file, 'Enter');
  await waitFor((s) => s.includes(`${LINES} lines. Columns:`), 'the preview');
  term.send('Enter');
}

describe.skipIf(!hasTmux)(tmuxTitle('a contacts upload cut by the panel killed (tmux, 80x24)'), () => {
  afterAll(() => term.close());

  it('after the next login the notice says up to which line the file is in and from which nothing was sent, and the file uploaded again adds only the lines that were not in', async () => {
    term.prepare();
    const dir = tempDir();
    const file = join(dir, 'contacts.csv');
    const rows = Array.from({ length: LINES }, (_, i) => `Name${i},Last${i},Customer,person${i}@example.com`);
    writeFileSync(file, ['First name,Last name,Person type,Email', ...rows].join('\n') + '\n');
    const server = await serve(tempDir(), 'config/demo.yaml', []);
    await term.connectLoggedIn(server.port, SAM);
    await onContacts();
    await upload(file);
    await waitFor((s) => /Sending… [1-9]\d* of 60000 lines/.test(s), 'a part of the upload confirmed', 30_000);
    // The panel goes (a closed SSH session, a crashed terminal) with a part on its way, in the journal on disk.
    process.kill(Number(term.display('#{pane_pid}')), 'SIGKILL');
    await gone();

    await term.connectLoggedIn(server.port, SAM);
    // Before: 'Sent after reconnect: contacts, lines 11002 to 11501 of an upload', and the agent was left to work out where the file stopped and what to do.
    const NOTICE = /Upload cut: lines up to (\d+) are in; from line (\d+) on nothing was sent\. Upload the file again: a line whose email or phone is in is not created twice\./;
    const words = (screen: string) => screen.replace(/\s+/g, ' ');
    const told = words(await waitFor((s) => NOTICE.test(words(s)), 'the notice of the upload cut'));
    const [, last, next] = NOTICE.exec(told)!.map(Number);
    // The end of a whole part of 500 lines, by the file's numbers (the header is line 1), not the file's end.
    expect((last! - 1) % 500).toBe(0);
    expect(last).toBeLessThan(LINES + 1);
    expect(next).toBe(last! + 1);

    // Uploading the file again creates each line not yet in, and none of those that are (matched by email) twice.
    await onContacts();
    await upload(file);
    const DONE = /Imported (\d+) contacts of 60000 lines\.\n(\d+) duplicates \(by email or phone\) not created again · 0 bad lines skipped/;
    const done = await waitFor((s) => DONE.test(s), 'the second upload done', 90_000);
    const [, imported, duplicates] = DONE.exec(done)!.map(Number);
    expect(duplicates).toBe(last! - 1);
    expect(imported).toBe(LINES - duplicates!);
  }, 240_000);
});
