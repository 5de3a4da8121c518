// What a harness run leaves behind must go with it: temporary directories are
// removed and server children killed when the run ends, fails, or is stopped
// with Ctrl-C, whichever comes first.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dirs = new Set();
const children = new Set();

function cleanUp() {
  for (const child of children) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
  children.clear();
  // SWITCHBOARD_KEEP_SCRATCH=1 keeps them (the server's data and log) for a look afterwards.
  if (process.env.SWITCHBOARD_KEEP_SCRATCH) for (const dir of dirs) process.stderr.write(`kept ${dir}\n`);
  else for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs.clear();
}

process.once('exit', cleanUp);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    cleanUp();
    process.exit(130);
  });
}

/** A fresh temporary directory, removed at the end of the run (or earlier with removeScratch). */
export function scratchDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.add(dir);
  return dir;
}

export function removeScratch(dir) {
  // Kept for a look afterwards (said when the run exits, above).
  if (process.env.SWITCHBOARD_KEEP_SCRATCH) return;
  rmSync(dir, { recursive: true, force: true });
  dirs.delete(dir);
}

/** A child process to kill if the run ends before it does. */
export function trackChild(child) {
  children.add(child);
  child.once('exit', () => children.delete(child));
}
