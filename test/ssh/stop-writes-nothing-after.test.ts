import { existsSync, readdirSync } from 'node:fs';
import { afterEach, expect, it } from 'vitest';
import { logInAvailable, startCenter, type Center } from './support.js';

/**
 * The SSH server's settings store (conf) loads when a panel first logs in, and
 * writes ssh/config.json once loaded. A center stopped straight after that
 * login used to say it was closed with the file still to come: a clean-up
 * removing the data directory then met ENOTEMPTY. This is the file's only
 * test so that conf is imported cold, as in a server's first login.
 */
let center: Center | undefined;
afterEach(async () => {
  await center?.close();
});

const contents = (dir: string) => (existsSync(dir) ? readdirSync(dir, { recursive: true }).map(String).sort() : []);

it('once stop() has resolved, nothing more is written to the data directory (the settings file of a panel just logged in included)', async () => {
  center = await startCenter();
  await logInAvailable(await center.terminal({ username: '1001', pin: '1001' }), 'Ava Turner');
  await center.stop();
  const atStop = contents(center.dataDir);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  expect(contents(center.dataDir)).toEqual(atStop);
});
