// First, before any other module loads: keys typed while the panel loads must not echo.
import './cli/hold-early-keys-now.js';
import { Command, InvalidArgumentError, Option } from 'commander';
import { fileURLToPath } from 'node:url';
import { keepCursorCodesOutOfRedirectedStderr } from './cli/cursor-codes.js';
import { refuseUnusableCommandLines, reportUsageError, UsageError } from './cli/usage.js';

/**
 * The `switchboard` command. Each subcommand loads only what it needs, so a
 * thin client running `connect` never loads the core, SQLite or the simulator.
 */
const DEMO_CONFIG = fileURLToPath(new URL('../config/demo.yaml', import.meta.url));

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('expected a port number from 0 to 65535');
  return n;
}

function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 3600) throw new InvalidArgumentError('expected a number of seconds, more than 0 and at most 3600');
  return n;
}

const program = new Command();
program
  .name('switchboard')
  .description('Keyboard-first contact-center agent panel, and the contact-center core it runs on.')
  .version('0.1.0');

program
  .command('demo')
  .description('Open the agent panel on an embedded core with demo data and simulated traffic')
  .option('--config <file>', 'configuration file', DEMO_CONFIG)
  .option('--data <dir>', 'data directory (default: a temporary one, removed on exit)')
  .option('--port <port>', 'also listen for panels and scripts on this port (0 picks a free one)', port, 0)
  .option('--no-simulate', 'no simulated traffic')
  .option('--log <file>', 'write the server log to this file')
  .action(async (opts) => {
    const { runDemo } = await import('./cli/demo.js');
    await runDemo(opts);
  });

program
  .command('serve')
  .description("Run the contact-center core headless, for many agents over WebSocket. SIGTERM stops it; SIGHUP reloads agents' queues, campaigns and capacity from --config")
  .requiredOption('--config <file>', 'configuration file (YAML or JSON)')
  .option('--port <port>', 'HTTP and WebSocket port', port, 7300)
  .option('--host <host>', 'address to listen on', '127.0.0.1')
  .option('--data <dir>', 'data directory', './switchboard-data')
  .addOption(
    new Option('--store <url>', 'keep the event log and state in PostgreSQL (postgres://user@host:port/db; password from PGPASSWORD or ~/.pgpass) instead of SQLite in --data').env(
      'SWITCHBOARD_STORE',
    ),
  )
  .addOption(new Option('--bus <url>', 'publish every committed event to the JetStream stream SWITCHBOARD_EVENTS on this NATS server (nats://host:port), where gateways reach this core').env('SWITCHBOARD_BUS'))
  .option('--advertise <url>', 'with --bus: http://host:port where gateways reach this listener to relay visitors, webhooks and files (default: --host and --port; a wildcard --host by this machine\'s name)')
  .option('--simulate', 'add the demo traffic simulator (with --sip: simulated chat visitors only)')
  .option('--sip <host:port>', 'telephony over SIP through this drachtio server instead of the simulator (secret in SWITCHBOARD_DRACHTIO_SECRET)')
  .option('--sip-trunk <host:port>', 'with --sip: the carrier or PBX that outbound calls and blind transfers go to')
  .option('--log <file>', 'log file (default: standard error)')
  .option('--trust-proxy <addresses...>', 'reverse proxies whose X-Forwarded-For is believed')
  .option('--secrets <file>', 'WhatsApp, Facebook and Twilio secrets as KEY=value lines, mode 0600 (or in the environment; never on the command line)')
  .option('--smtp <[host:]port>', "email: run the SMTP listener here (instead of the configuration's email.listener)")
  .addHelpText(
    'after',
    `
Email (the configuration's "email" block; see README, Email):
  email.addresses             the queues' addresses: mail to them becomes a conversation of that queue
  email.listener              switchboard's own SMTP listener (host, port, perMinute, tls {key, cert},
                              auth {username, passwordEnv | passwordFile}); --smtp overrides where it listens
  email.imap                  a mailbox on the centre's provider (host, port, secure, mailbox, queue,
                              afterTake seen|move, moveTo, pollSeconds, auth {username, passwordEnv | passwordFile})
  email.relay                 the centre's SMTP relay replies leave through (host, port, secure, requireTls,
                              connections, auth {username, passwordEnv | passwordFile}, dsn and dsnWaitSeconds:
                              ask for delivery notifications, so a reply cut off by a crash is not sent twice)
  Passwords come from the environment variable or the file named, never from the command line.`,
  )
  .option('--ssh <port>', 'also serve the agent panel over SSH on this port (ssh -p PORT AGENT@HOST; 0 picks a free one)', port)
  .option('--ssh-host <host>', 'address the SSH server listens on (default: --host)')
  .action(async (opts) => {
    const { runServe } = await import('./cli/serve.js');
    await runServe(opts);
  });

program
  .command('gateway')
  .description("Hold agents' panel sockets for a centre whose core runs with --bus: commands go to the active core over NATS, events come from its JetStream stream")
  .addOption(new Option('--bus <url>', 'the NATS server the core publishes to (nats://host:port)').env('SWITCHBOARD_BUS').makeOptionMandatory())
  .option('--port <port>', 'WebSocket port for panels (/agent)', port, 7310)
  .option('--core-wait <seconds>', 'how long a command waits for a core (while a standby takes over) before the panel is told none answers', seconds, 30)
  .option('--host <host>', 'address to listen on', '127.0.0.1')
  .option('--log <file>', 'log file (default: standard error)')
  .option('--trust-proxy <addresses...>', 'reverse proxies whose X-Forwarded-For is believed')
  .action(async (opts) => {
    const { runGateway } = await import('./cli/gateway.js');
    await runGateway(opts);
  });

program
  .command('connect')
  .description('Open the agent panel against a running server')
  .argument('[url]', 'server address, e.g. ws://127.0.0.1:7300 (default: the server of the login kept to log in by itself)')
  .option('--agent <number>', 'agent number to prefill')
  .action(async (url: string | undefined, opts) => {
    const { runConnect } = await import('./cli/connect.js');
    await runConnect(url, opts);
  });

const scriptOptions = (cmd: Command) =>
  cmd
    .addOption(new Option('--url <url>', 'server address').env('SWITCHBOARD_URL').default('ws://127.0.0.1:7300'))
    .addOption(new Option('--agent <number>', 'agent number').env('SWITCHBOARD_AGENT'))
    .addOption(new Option('--pin <pin>', 'agent PIN').env('SWITCHBOARD_PIN'));

/** For the scripts that join the agent's session and wait for one answer (events: for joining only; imports: for each part's). */
const timeoutOption = () =>
  new Option('--timeout <seconds>', "give up when the server has not answered in this many seconds").env('SWITCHBOARD_TIMEOUT').argParser(seconds).default(30);

scriptOptions(
  program
    .command('status')
    .description("Print the agent's state (joins the running session; never logs in)")
    .option('--json', 'print JSON')
    .addOption(timeoutOption()),
).action(async (opts) => {
  const { runStatus } = await import('./cli/script.js');
  process.exitCode = await runStatus(opts);
});

scriptOptions(
  program
    .command('dispose')
    .description('Submit a disposition (by hotkey or code) for the current or named call of the logged-in agent')
    .argument('<hotkey|code>', 'a hotkey digit such as 1, or a disposition code such as SALE')
    .option('--call <id>', 'the call, when the agent has more than one awaiting a disposition')
    .option('--field <name=value...>', 'feedback form fields to submit with it')
    .option('--callback-at <time>', "for a callback: when, as 2026-12-05T14:30 (this machine's clock), 2026-12-05T14:30Z or +01:00, or 14:30 (the next); inside the campaign's calling hours")
    .option('--callback-in <delay>', 'for a callback: when, from now, as 90m, 2h or 1h30m (default: the campaign\'s retry delay)')
    .addOption(timeoutOption()),
).action(async (key: string, opts) => {
  const { runDispose } = await import('./cli/script.js');
  process.exitCode = await runDispose(key, opts);
});

const importCommand = program.command('import').description('Import data into a running server');
scriptOptions(
  importCommand
    .command('leads')
    .description('Import a CSV lead list into a campaign (as a supervisor)')
    .argument('<file>', 'CSV with a header row: phone, name, timezone, and any other columns')
    .requiredOption('--campaign <id>', 'the campaign to add the leads to')
    .addOption(timeoutOption()),
).action(async (file: string, opts) => {
  const { runImportLeads } = await import('./cli/import.js');
  process.exitCode = await runImportLeads(file, opts);
});
scriptOptions(
  importCommand
    .command('contacts')
    .description('Import a CSV of contacts (as a supervisor): bad lines and duplicates are reported by line')
    .argument('<file>', 'CSV with a header row: first name, last name, person type, company, email(s), phone(s), ...')
    .option('--dry-run', 'only show how the columns are read')
    .addOption(timeoutOption()),
).action(async (file: string, opts) => {
  const { runImportContacts } = await import('./cli/import.js');
  process.exitCode = await runImportContacts(file, opts);
});

scriptOptions(program.command('pause').description('Pause the logged-in agent with a reason').argument('<reason>', "one of the configuration's pauseReasons, such as Lunch").addOption(timeoutOption())).action(
  async (reason: string, opts) => {
    const { runPause } = await import('./cli/script.js');
    process.exitCode = await runPause(reason, opts);
  },
);

scriptOptions(program.command('unpause').description('Make the logged-in agent available again').addOption(timeoutOption())).action(async (opts) => {
  const { runUnpause } = await import('./cli/script.js');
  process.exitCode = await runUnpause(opts);
});

scriptOptions(program.command('events').description('Print the events the agent sees, one JSON line each, until interrupted').addOption(timeoutOption())).action(
  async (opts) => {
    const { runEvents } = await import('./cli/script.js');
    process.exitCode = await runEvents(opts);
  },
);

keepCursorCodesOutOfRedirectedStderr();
refuseUnusableCommandLines(program);
try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (!(e instanceof UsageError)) throw e;
  reportUsageError(e);
}
