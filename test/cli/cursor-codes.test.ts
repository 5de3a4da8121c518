import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { buildOnce, ROOT } from '../server/serve-process.js';

buildOnce();

/**
 * A process that drew a panel (Ink hides the cursor of the terminal it draws
 * on) and exits with standard error redirected: what lands in stderr.
 */
function stderrOfPanelProcess(guarded: boolean): string {
  const script = `
    import { PassThrough } from 'node:stream';
    import cliCursor from 'cli-cursor';
    ${guarded ? `const { keepCursorCodesOutOfRedirectedStderr } = await import('./dist/cli/cursor-codes.js'); keepCursorCodesOutOfRedirectedStderr();` : ''}
    const channel = Object.assign(new PassThrough(), { isTTY: true });
    cliCursor.hide(channel);
    process.stderr.write('a log line\\n');
  `;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  expect(run.status).toBe(0);
  return run.stderr;
}

describe('cursor codes and a redirected stderr', () => {
  it('the cursor shown again at exit is not written into a log', () => {
    // The mechanism: without the guard the sequence lands in the redirected stderr.
    expect(stderrOfPanelProcess(false)).toBe('a log line\n\u001b[?25h');
    expect(stderrOfPanelProcess(true)).toBe('a log line\n');
  });
});
