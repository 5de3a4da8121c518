import { afterEach, describe, expect, it } from 'vitest';
import { runCleanups } from '../server/support.js';
import { buildCliOnce, switchboard, type Run } from './run-switchboard.js';

/**
 * A command line that cannot be used, as a newcomer types one: the built CLI
 * says what is wrong first (an unknown option before a required one that is
 * missing), in one line with a code, then one line pointing at --help, and
 * exits 2 without doing anything (README, Commands). Commander's own refusal
 * was followed by the whole help, which pushed it off a 24-line terminal.
 */

buildCliOnce();
afterEach(runCleanups);

/** Every command a person runs, with what it needs besides the mistake under test. */
const COMMANDS: string[][] = [
  ['demo'],
  ['serve', '--config', 'config/demo.yaml'],
  ['gateway', '--bus', 'nats://127.0.0.1:4222'],
  ['connect'],
  ['status'],
  ['dispose', '1'],
  ['pause', 'Lunch'],
  ['unpause'],
  ['events'],
  ['import', 'leads', 'leads.csv', '--campaign', 'c1'],
  ['import', 'contacts', 'contacts.csv'],
];

/**
 * Refused as a usage error: exit 2, nothing on standard output, and `stderr`
 * (a string, or a matcher such as expect.stringMatching) on standard error.
 * `what` names the command line in the failure message.
 */
function expectUsageError(run: Run, stderr: unknown, what?: string): void {
  expect(run, what).toEqual({ code: 2, stdout: '', stderr });
}

/** The command's words as typed: `switchboard import leads`. */
const nameOf = (command: string[]) => ['switchboard', ...command.filter((word, i) => i === 0 || (command[0] === 'import' && i === 1))].join(' ');

describe('a command line that cannot be used', () => {
  it('an unknown option: every command names it, in one line with UNKNOWN_OPTION and a --help line, and exits 2', async () => {
    const runs = await Promise.all(COMMANDS.map((command) => switchboard([...command, '--bogus'])));
    runs.forEach((r, i) => {
      const name = nameOf(COMMANDS[i]!);
      expectUsageError(r, expect.stringMatching(new RegExp(`^switchboard: UNKNOWN_OPTION: ${name} has no option --bogus\\.( Did you mean --\\w+\\?)?\\nSee ${name} --help for what it takes\\.\\n$`)), name);
    });
  });

  it('reports the unknown option, not the required option missing with it (serve without --config, gateway without --bus)', async () => {
    const [serve, gateway, leads] = await Promise.all([
      switchboard(['serve', '--cofig', 'config/demo.yaml']),
      switchboard(['gateway', '--bogus'], { SWITCHBOARD_BUS: undefined }),
      switchboard(['import', 'leads', '--bogus']),
    ]);
    expectUsageError(serve, 'switchboard: UNKNOWN_OPTION: switchboard serve has no option --cofig. Did you mean --config?\nSee switchboard serve --help for what it takes.\n');
    expect(gateway.stderr).toMatch(/^switchboard: UNKNOWN_OPTION: switchboard gateway has no option --bogus\./);
    expect(leads.stderr).toMatch(/^switchboard: UNKNOWN_OPTION: switchboard import leads has no option --bogus\./);
  });

  it('a missing argument comes before a missing required option, and each says what is expected', async () => {
    const [leadsBare, leadsFile, dispose, pause, serve, gateway] = await Promise.all([
      switchboard(['import', 'leads']),
      switchboard(['import', 'leads', 'leads.csv']),
      switchboard(['dispose']),
      switchboard(['pause']),
      switchboard(['serve']),
      switchboard(['gateway'], { SWITCHBOARD_BUS: undefined }),
    ]);
    expectUsageError(
      leadsBare,
      'switchboard: MISSING_ARGUMENT: switchboard import leads needs <file>: CSV with a header row: phone, name, timezone, and any other columns.\n' +
        'See switchboard import leads --help for what it takes.\n',
    );
    expectUsageError(leadsFile, 'switchboard: MISSING_OPTION: switchboard import leads needs --campaign <id>: the campaign to add the leads to.\nSee switchboard import leads --help for what it takes.\n');
    expect(dispose.code).toBe(2);
    expect(dispose.stderr).toMatch(/^switchboard: MISSING_ARGUMENT: switchboard dispose needs <hotkey\|code>: a hotkey digit such as 1, or a disposition code such as SALE\.\n/);
    expect(pause.code).toBe(2);
    expect(pause.stderr).toMatch(/^switchboard: MISSING_ARGUMENT: switchboard pause needs <reason>: /);
    expectUsageError(serve, 'switchboard: MISSING_OPTION: switchboard serve needs --config <file>: configuration file (YAML or JSON).\nSee switchboard serve --help for what it takes.\n');
    expect(gateway.code).toBe(2);
    expect(gateway.stderr).toMatch(/^switchboard: MISSING_OPTION: switchboard gateway needs --bus <url> \(or SWITCHBOARD_BUS\): /);
  });

  it('a required option given by its environment variable is not missing (gateway: SWITCHBOARD_BUS)', async () => {
    const r = await switchboard(['gateway', 'extra'], { SWITCHBOARD_BUS: 'nats://127.0.0.1:4222' });
    expect(r.stderr).toMatch(/^switchboard: TOO_MANY_ARGUMENTS: switchboard gateway takes no arguments, and was given: extra\.\n/);
    expect(r.code).toBe(2);
  });

  it('too many arguments, an option without its value and a value that is not one: each its code, exit 2', async () => {
    const [pause, port, timeout, timeoutFromEnvironment] = await Promise.all([
      switchboard(['pause', 'Long', 'lunch']),
      switchboard(['serve', '--config', 'config/demo.yaml', '--port']),
      switchboard(['status', '--timeout', '0']),
      switchboard(['status'], { SWITCHBOARD_TIMEOUT: 'soon' }),
    ]);
    expectUsageError(
      pause,
      'switchboard: TOO_MANY_ARGUMENTS: switchboard pause takes one argument, <reason>, and was given 2: Long lunch. Put quotes around a value with spaces in it.\n' +
        'See switchboard pause --help for what it takes.\n',
    );
    expectUsageError(port, 'switchboard: MISSING_VALUE: --port needs a value: HTTP and WebSocket port.\nSee switchboard serve --help for what it takes.\n');
    expect(timeout.code).toBe(2);
    expect(timeout.stderr).toBe(
      'switchboard: BAD_OPTION: --timeout 0: expected a number of seconds, more than 0 and at most 3600.\nSee switchboard status --help for what it takes.\n',
    );
    expect(timeoutFromEnvironment.code).toBe(2);
    expect(timeoutFromEnvironment.stderr).toMatch(/^switchboard: BAD_OPTION: SWITCHBOARD_TIMEOUT=soon \(for --timeout\): expected a number of seconds/);
  });

  it('an unknown command names the command it was typed to, and points at the list of commands', async () => {
    const [top, imported] = await Promise.all([switchboard(['serv']), switchboard(['import', 'lead', 'x.csv'])]);
    expectUsageError(top, 'switchboard: UNKNOWN_COMMAND: switchboard has no command serv. Did you mean serve?\nSee switchboard --help for its commands.\n');
    expectUsageError(imported, 'switchboard: UNKNOWN_COMMAND: switchboard import has no command lead. Did you mean leads?\nSee switchboard import --help for its commands.\n');
  });

  it('help asked for is still printed, to standard output, with exit 0', async () => {
    const [help, helpCommand] = await Promise.all([switchboard(['serve', '--help']), switchboard(['help', 'import'])]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: switchboard serve \[options\]\n/);
    expect(helpCommand.code).toBe(0);
    expect(helpCommand.stdout).toMatch(/^Usage: switchboard import \[options\] \[command\]\n/);
  });

  it('bare switchboard, or import without leads or contacts, prints the help to standard output (as git and npm do, so it pages) and exits 2: nothing was done', async () => {
    const [bare, group] = await Promise.all([switchboard([]), switchboard(['import'])]);
    expect(bare).toMatchObject({ code: 2, stderr: '' });
    expect(bare.stdout).toMatch(/^Usage: switchboard \[options\] \[command\]\n[\s\S]*serve \[options\][\s\S]*dispose \[options\] <hotkey\|code>/);
    expect(group).toMatchObject({ code: 2, stderr: '' });
    expect(group.stdout).toMatch(/^Usage: switchboard import \[options\] \[command\]\n[\s\S]*leads \[options\] <file>/);
  });
});
