import { afterEach, describe, expect, it } from 'vitest';
import { runCleanups, tempDir } from '../server/support.js';
import { buildCliOnce, switchboard } from './run-switchboard.js';

/**
 * What stops `switchboard connect` before the panel is drawn: one line with a
 * code and what to do, as serve's refusals have; exit code 2 for an address
 * missing or not one (a command line that cannot be used, as the scripts'
 * BAD_URL), 1 otherwise.
 */
afterEach(runCleanups);
buildCliOnce();

const freshHome = () => ({ SWITCHBOARD_CONFIG_DIR: tempDir(), SWITCHBOARD_STATE_DIR: tempDir() });

describe('switchboard connect, refused before the panel', () => {
  it('with no address and no saved login: MISSING_URL, and how to give one', async () => {
    expect(await switchboard(['connect'], freshHome())).toEqual({
      code: 2,
      stdout: '',
      stderr: 'switchboard: MISSING_URL: no server address was given and no saved login names one; give it, e.g. switchboard connect ws://127.0.0.1:7300\n',
    });
  });

  it('an address that is not one: BAD_URL, exit 2, as the scripts say it', async () => {
    const [connect, status] = await Promise.all([switchboard(['connect', 'http://'], freshHome()), switchboard(['status', '--url', 'http://', '--agent', '1001', '--pin', '1001'])]);
    expect(connect).toEqual({ code: 2, stdout: '', stderr: 'switchboard: BAD_URL: "http://" is not a server address; give one like ws://127.0.0.1:7300.\n' });
    expect(connect).toEqual(status);
  });

  it('without a terminal (ssh host command, or piped): NO_TERMINAL', async () => {
    const r = await switchboard(['connect', 'ws://127.0.0.1:7300'], freshHome());
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('switchboard: NO_TERMINAL: the agent panel needs a terminal; over SSH connect with a terminal (ssh -t, and no command).\n');
  });
});
