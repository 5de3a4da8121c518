import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, ROOT, buildOnce } from '../server/serve-process.js';
import { freePort, onCleanup, runCleanups, tempDir } from '../server/support.js';

/**
 * What a newcomer meets when `switchboard serve` cannot start: one line with
 * a code that says what is wrong and what to do, and exit code 1, never
 * Node's own words (EEXIST, EADDRINUSE) and never a server half started.
 */
afterEach(runCleanups);
buildOnce();

function run(args: string[], env: NodeJS.ProcessEnv = process.env, cwd = ROOT): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd, timeout: 30_000, env }, (error, _stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stderr }),
    );
  });
}

/** A port something else holds. */
async function takenPort(): Promise<number> {
  const port = await freePort();
  const holder: Server = createServer();
  await new Promise<void>((resolve) => holder.listen(port, '127.0.0.1', resolve));
  onCleanup(() => new Promise<void>((resolve) => holder.close(() => resolve())));
  return port;
}

const serve = (...args: string[]) => run(['serve', '--config', 'config/demo.yaml', ...args]);

describe('switchboard serve, refused at start', () => {
  it('names the taken port and the option that chose it (--port, --ssh), with PORT_IN_USE', async () => {
    const port = await takenPort();
    let r = await serve('--data', tempDir(), '--port', String(port));
    expect(r).toEqual({
      code: 1,
      stderr: `switchboard: PORT_IN_USE: Another program (perhaps another switchboard) is already listening on 127.0.0.1:${port}; stop it, or choose another port with --port.\n`,
    });

    r = await serve('--data', tempDir(), '--port', String(await freePort()), '--ssh', String(port));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`switchboard: PORT_IN_USE: Another program (perhaps another switchboard) is already listening on 127.0.0.1:${port}; stop it, or choose another port with --ssh.\n`);
  });

  it('says a --data that is a file cannot be used, with DATA_DIR_UNUSABLE, not EEXIST', async () => {
    const file = join(tempDir(), 'notes.txt');
    writeFileSync(file, 'not a directory\n');
    const r = await serve('--data', file, '--port', String(await freePort()));
    expect(r).toEqual({
      code: 1,
      stderr: `switchboard: DATA_DIR_UNUSABLE: The data directory ${file} cannot be used: a file is in the way (it or one of its parents is not a directory); give --data a directory this user may create and write to.\n`,
    });
  });

  it('says a configuration file that is not there is not there (CONFIG_NOT_FOUND), by its full path, and where one to start from is', async () => {
    const dir = tempDir();
    const demo = join(ROOT, 'config', 'demo.yaml');
    // As a newcomer types it: a name relative to where serve runs, which is not where the file is.
    const r = await run(['serve', '--config', 'centre.yaml', '--data', join(dir, 'data')], process.env, dir);
    expect(r).toEqual({
      code: 1,
      stderr: `switchboard: CONFIG_NOT_FOUND: There is no configuration file at ${join(dir, 'centre.yaml')}. Give --config the path of your YAML or JSON configuration; to start from the demo's, copy ${demo}.\n`,
    });

    const folder = await run(['serve', '--config', dir, '--data', tempDir()]);
    expect(folder).toEqual({
      code: 1,
      stderr: `switchboard: CONFIG_UNREADABLE: The configuration file ${dir} cannot be read (it is a directory). Give --config the path of your YAML or JSON configuration; to start from the demo's, copy ${demo}.\n`,
    });
  });

  it('gives a configuration with mistakes its code, CONFIG_INVALID, and what to do', async () => {
    const wrong = join(tempDir(), 'wrong.yaml');
    writeFileSync(wrong, 'center: { name: Test, timeZone: Europe/London }\n');
    const r = await run(['serve', '--config', wrong, '--data', tempDir()]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^switchboard: CONFIG_INVALID: Configuration \S+wrong\.yaml is not valid:\n {2}agents: is required/);
    expect(r.stderr).toMatch(/\nCorrect what is listed in the file and start again\.\n$/);
  });

  it('refuses a misspelt setting with CONFIG_INVALID, naming the place and the setting meant, instead of starting on its default', async () => {
    const typo = join(tempDir(), 'centre.yaml');
    writeFileSync(
      typo,
      'voiceQueues: [{ number: "5001", name: Helpdesk, wrapUpSecs: 30 }]\n' +
        'agents: [{ number: "2001", name: Alice, email: alice@acme.example, pin: "2001", password: secret, voiceQueues: ["5001"] }]\n',
    );
    expect(await run(['serve', '--config', typo, '--data', tempDir(), '--port', String(await freePort())])).toEqual({
      code: 1,
      stderr:
        `switchboard: CONFIG_INVALID: Configuration ${typo} is not valid:\n` +
        '  voiceQueues[0]: unknown setting wrapUpSecs (did you mean wrapUpSeconds?)\n' +
        'Correct what is listed in the file and start again.\n',
    });
  });

  it('gives --sip and --sip-trunk refusals their codes: BAD_OPTION, MISSING_SECRET', async () => {
    const data = tempDir();
    const { SWITCHBOARD_DRACHTIO_SECRET: _none, ...noSecret } = process.env;
    const withSecret = { ...noSecret, SWITCHBOARD_DRACHTIO_SECRET: 'cymru' };
    expect(await serve('--data', data, '--sip-trunk', '10.0.0.9:5060')).toEqual({
      code: 2,
      stderr: 'switchboard: BAD_OPTION: --sip-trunk only applies with --sip <drachtio host:port>: add --sip, or leave --sip-trunk out.\n',
    });
    // A secret the option needs, missing from the environment: the command line cannot be used as typed, exit 2.
    expect(await run(['serve', '--config', 'config/demo.yaml', '--data', data, '--sip', '127.0.0.1:9022'], noSecret)).toEqual({
      code: 2,
      stderr:
        "switchboard: MISSING_SECRET: --sip needs the drachtio server's secret in the environment variable SWITCHBOARD_DRACHTIO_SECRET (it is not taken on the command line, where other users could read it).\n",
    });
    expect(await run(['serve', '--config', 'config/demo.yaml', '--data', data, '--sip', 'drachtio'], withSecret)).toEqual({
      code: 2,
      stderr: 'switchboard: BAD_OPTION: expected the drachtio server (--sip) as host:port (for example 127.0.0.1:9022), got "drachtio"\n',
    });
    expect(await run(['serve', '--config', 'config/demo.yaml', '--data', data, '--sip', '127.0.0.1:9022', '--sip-trunk', 'carrier'], withSecret)).toEqual({
      code: 2,
      stderr: 'switchboard: BAD_OPTION: expected the carrier or PBX (--sip-trunk) as host:port (for example 127.0.0.1:9022), got "carrier"\n',
    });
  });

  it('serve --bus and gateway --bus with no NATS server there: BUS_UNREACHABLE naming the address and what to start, exit 1', async () => {
    const nats = `nats://127.0.0.1:${await freePort()}`; // nobody listens there
    // The nats client's own word (CONNECTION_REFUSED) came last, with no code of ours.
    const sentence = `switchboard: BUS_UNREACHABLE: Cannot reach the NATS server at ${nats} (CONNECTION_REFUSED); start nats-server there with JetStream (-js), or give --bus its address.\n`;
    expect(await serve('--data', tempDir(), '--port', '0', '--bus', nats)).toEqual({ code: 1, stderr: sentence });
    expect(await run(['gateway', '--bus', nats, '--port', '0'])).toEqual({ code: 1, stderr: sentence });
  });
});

