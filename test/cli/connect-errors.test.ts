import { afterEach, describe, expect, it } from 'vitest';
import { runCleanups, tempDir } from '../server/support.js';
import { buildCliOnce, switchboard } from './run-switchboard.js';

/**
 * What stops `switchboard connect` before the panel is drawn: one line with a
 * code and what to do, as serve's refusals have, exit code 1.
 */
afterEach(runCleanups);
buildCliOnce();

const freshHome = () => ({ SWITCHBOARD_CONFIG_DIR: tempDir(), SWITCHBOARD_STATE_DIR: tempDir() });

describe('switchboard connect, refused before the panel', () => {
  it('with no address and no saved login: MISSING_URL, and how to give one', async () => {
    expect(await switchboard(['connect'], freshHome())).toEqual({
      code: 1,
      stdout: '',
      stderr: 'switchboard: MISSING_URL: no server address was given and no saved login names one; give it, e.g. switchboard connect ws://127.0.0.1:7300\n',
    });
  });

  it('without a terminal (ssh host command, or piped): NO_TERMINAL', async () => {
    const r = await switchboard(['connect', 'ws://127.0.0.1:7300'], freshHome());
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('switchboard: NO_TERMINAL: the agent panel needs a terminal; over SSH connect with a terminal (ssh -t, and no command).\n');
  });
});
