import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type EditorResult = { ok: true; text: string } | { ok: false; reason: string };

/**
 * Let the agent write in their own editor ($VISUAL, else $EDITOR, else vi):
 * the draft goes into a private temporary file, the editor runs on the
 * panel's terminal, and what the file holds when it exits is the draft.
 * The editor runs synchronously, so the panel neither draws over it nor
 * reads its keys; the screen is the panel's again when it exits (editors
 * keep their own screen). An editor that fails leaves the draft as it was.
 */
export function editInTerminal(text: string, env: NodeJS.ProcessEnv = process.env): EditorResult {
  const editor = env.VISUAL || env.EDITOR || 'vi';
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-draft-'));
  const file = join(dir, 'email.txt');
  try {
    writeFileSync(file, text, { mode: 0o600 });
    // Through the shell: EDITOR may carry arguments ("code --wait").
    const run = spawnSync('/bin/sh', ['-c', `${editor} "$1"`, 'editor', file], { stdio: 'inherit' });
    if (run.error) return { ok: false, reason: `${editor} could not be started: ${run.error.message}` };
    if (run.status !== 0) return { ok: false, reason: `${editor} exited with ${run.status ?? run.signal}; the draft is as it was.` };
    return { ok: true, text: readFileSync(file, 'utf8').replace(/\n$/, '') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
