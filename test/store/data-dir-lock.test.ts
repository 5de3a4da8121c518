import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirInUseError, lockDataDir, type DataDirLock } from '../../src/store/data-dir-lock.js';

/** The data directory's lock on its own, in one process (the server tests take it across processes). */
const held: DataDirLock[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const lock of held.splice(0)) lock.release();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-lock-'));
  dirs.push(dir);
  return dir;
}

function lock(dir: string): DataDirLock {
  const taken = lockDataDir(dir);
  held.push(taken);
  return taken;
}

describe('lockDataDir', () => {
  it('refuses a second taker at once, naming the directory and the holder\'s pid', () => {
    const dir = dataDir();
    lock(dir);
    const startedAt = Date.now();
    let refusal: unknown;
    try {
      lock(dir);
    } catch (e) {
      refusal = e;
    }
    expect(Date.now() - startedAt).toBeLessThan(1000);
    expect(refusal).toBeInstanceOf(DataDirInUseError);
    expect(refusal).toMatchObject({
      code: 'DATA_DIR_IN_USE',
      message: `Another switchboard server is using the data directory ${dir} (pid ${process.pid}); stop it first or give this one another --data.`,
    });
  });

  it('is taken again once released', () => {
    const dir = dataDir();
    lock(dir).release();
    expect(() => lock(dir)).not.toThrow();
  });
});
