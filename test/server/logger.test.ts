import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fileLog } from '../../src/server/logger.js';
import { runCleanups, tempDir } from './support.js';

afterEach(runCleanups);

/** The operator's log: outside text in it can neither act on a terminal nor forge an entry. */
describe('the server log', () => {
  it('writes control characters as escapes and indents what follows a line break', () => {
    const file = join(tempDir(), 'switchboard.log');
    const log = fileLog(file);
    log('far end said: Busy\u001b[2J\r2026-12-04T00:00:00.000Z agent 1001 logged out \u202eevil');
    log('commit failed: Error: disk\n    at commit (store.js:1)');
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z far end said: Busy\\u001b\[2J\\u000d2026-12-04T00:00:00\.000Z agent 1001 logged out \\u202eevil$/);
    expect(lines[1]).toMatch(/^\d{4}-.*Z commit failed: Error: disk$/);
    expect(lines[2]).toBe('        at commit (store.js:1)');
    // Every entry starts with its time; nothing else does.
    expect(lines.filter((l) => /^\d{4}-\d\d-\d\dT/.test(l))).toHaveLength(2);
  });
});
