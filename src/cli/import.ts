import { readFileSync } from 'node:fs';
import { AgentClient, ClientError } from '../client/session.js';
import { wsTransport } from '../client/ws-transport.js';
import { serverTarget } from './server-address.js';
import { CsvFileError } from '../client/csv-records.js';
import { printable } from '../client/printable.js';
import { parseContactCsv } from '../client/contact-csv.js';
import { importContactRows, lines, ROWS_PER_PART } from '../client/contact-import.js';
import { parseLeadCsv } from './lead-csv.js';
import { AnswerWatchdog } from './answer-watchdog.js';
import { DEFAULT_TIMEOUT_SECONDS, EXIT_NOT_KNOWN, type ScriptOptions } from './script.js';

interface ImportResult {
  imported: number;
  duplicates: number;
  invalid: Array<{ line: number; reason: string }>;
}

/**
 * `switchboard import leads FILE --campaign C`: read the CSV here, send the
 * rows to the server in parts (a supervisor's command; the core normalises
 * the phones and refuses bad rows by line), and print what happened.
 */
export async function runImportLeads(file: string, opts: ScriptOptions & { campaign: string }): Promise<number> {
  const rows = readFile(file, parseLeadCsv);
  if (!rows) return 1;
  const total: ImportResult = { imported: 0, duplicates: 0, invalid: [] };
  const progress = new PartsSent(rows, 'imported', 'a lead the campaign already has is not added again');
  const code = await asSupervisor(opts, progress, async (client, watchdog) => {
    for (let i = 0; i < rows.length; i += ROWS_PER_PART) {
      const part = await client.send('leads.import', { campaign: opts.campaign, rows: rows.slice(i, i + ROWS_PER_PART) });
      watchdog.answered();
      progress.confirmed = Math.min(rows.length, i + ROWS_PER_PART);
      total.imported += part.imported;
      total.duplicates += part.duplicates;
      total.invalid.push(...part.invalid);
    }
  });
  if (code !== 0) return code;
  process.stdout.write(`Imported ${total.imported} lead${total.imported === 1 ? '' : 's'} into ${opts.campaign}`);
  process.stdout.write(total.duplicates ? ` (${total.duplicates} already there, not added again).\n` : '.\n');
  printLines(`row${total.invalid.length === 1 ? '' : 's'} skipped`, total.invalid);
  return 0;
}

/**
 * `switchboard import contacts FILE`: read the CSV here, say how its columns
 * are mapped, send the lines to the server in parts (a supervisor's
 * command; the server checks each line as the contact form is checked), and
 * print what was imported, each bad line and each duplicate by its number.
 */
export async function runImportContacts(file: string, opts: ScriptOptions & { dryRun?: boolean }): Promise<number> {
  // The custom fields are the server's; a column named after one is mapped once logged in.
  // Read before logging in, so a wrong path is said at once, as import leads says it.
  const text = readFile(file, (t) => t);
  if (text === null) return 1;
  let imported = 0;
  const progress = new PartsSent([], 'imported', 'a line whose email or phone number is already a contact\'s is not created twice');
  const code = await asSupervisor(opts, progress, async (client, watchdog) => {
    const parsed = readFile(file, (t) => parseContactCsv(t, client.store.catalog?.contacts), text);
    if (!parsed) throw new CsvFileError('');
    progress.rows = parsed.rows;
    process.stdout.write('Columns:\n');
    // A header cell is the file's text, whoever wrote it: an ESC in it would act on the supervisor's terminal.
    for (const m of parsed.mapping) process.stdout.write(`  ${printable(m.column)} -> ${m.label}\n`);
    if (opts.dryRun) {
      process.stdout.write(`${parsed.rows.length} line${parsed.rows.length === 1 ? '' : 's'} read; nothing sent (--dry-run).\n`);
      return;
    }
    const total = await importContactRows(client, parsed.rows, (done) => {
      watchdog.answered();
      progress.confirmed = done;
    });
    imported = total.imported;
    process.stdout.write(`Imported ${imported} contact${imported === 1 ? '' : 's'}.\n`);
    printLines(`duplicate${total.duplicates.length === 1 ? '' : 's'} not created again`, total.duplicates);
    printLines(`line${total.invalid.length === 1 ? '' : 's'} skipped`, total.invalid);
  });
  return code;
}

/** The file read and parsed, or null after saying why not. */
function readFile<T>(file: string, parse: (text: string) => T, text?: string): T | null {
  try {
    return parse(text ?? readFileSync(file, 'utf8'));
  } catch (e) {
    // Node's code alone (ENOENT) told a newcomer neither what was wrong nor what to do.
    const reason = e instanceof CsvFileError ? `CSV_INVALID: ${e.message}` : `FILE_UNREADABLE: ${file} cannot be read (${unreadable(e as NodeJS.ErrnoException)}); give the path of a CSV file.`;
    process.stderr.write(`switchboard: ${reason}\n`);
    return null;
  }
}

/**
 * How far a file sent in parts has got: the lines the server confirmed, the
 * part on its way, the lines not sent yet. Said when the server falls
 * silent with a part unanswered (exit 3), so the supervisor knows what to
 * check and that sending the file again is safe.
 */
class PartsSent {
  /** Rows answered (the file's first `confirmed` rows). */
  confirmed = 0;

  constructor(
    public rows: Array<{ line: number }>,
    private readonly done: string,
    /** Why importing the file again adds nothing twice. */
    private readonly again: string,
  ) {}

  sentence(): string {
    const onItsWay = this.rows.slice(this.confirmed, this.confirmed + ROWS_PER_PART);
    const unsent = this.rows.slice(this.confirmed + ROWS_PER_PART);
    const said = [`${lines(onItsWay)} ${onItsWay.length === 1 ? 'was' : 'were'} sent: ${onItsWay.length === 1 ? 'it' : 'they'} may have been ${this.done} or not.`];
    if (this.confirmed > 0) said.push(`${upper(lines(this.rows.slice(0, this.confirmed)))} ${this.confirmed === 1 ? 'was' : 'were'} ${this.done}.`);
    if (unsent.length > 0) said.push(`${upper(lines(unsent))} ${unsent.length === 1 ? 'was' : 'were'} not sent.`);
    said.push(`Once the server is back, import the file again: ${this.again}.`);
    return said.join(' ');
  }
}

const upper = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * Log in as the given supervisor (joining their session), do the work, close;
 * the exit code. A server silent for --timeout seconds ends it NO_ANSWER:
 * exit 1 before any part went out, 3 once one did (it may be in), with
 * how far the file got.
 */
async function asSupervisor(opts: ScriptOptions, progress: PartsSent, work: (client: AgentClient, watchdog: AnswerWatchdog) => Promise<void>): Promise<number> {
  if (!opts.agent || !opts.pin) {
    process.stderr.write("switchboard: MISSING_CREDENTIALS: Give a supervisor's number and PIN with --agent and --pin (or SWITCHBOARD_AGENT and SWITCHBOARD_PIN).\n");
    return 2;
  }
  const target = serverTarget(opts.url);
  if (!target) return 2;
  const client = new AgentClient({ transport: wsTransport(target) });
  const watchdog = new AnswerWatchdog(opts.timeout ?? DEFAULT_TIMEOUT_SECONDS);
  const { agent, pin } = opts;
  try {
    await watchdog.guard(
      (async () => {
        await client.connect();
        await client.login({ agent, pin, joinOnly: true, client: 'script' });
        watchdog.answered();
        await work(client, watchdog);
      })(),
    );
  } catch (e) {
    // A file error was said already.
    if (e instanceof CsvFileError) return 1;
    // A part still in the journal went out (or was about to) unanswered: neither "in" nor "not in" is known.
    if (e instanceof ClientError && e.code === 'NO_ANSWER' && client.queued() > 0) {
      process.stderr.write(`switchboard: NO_ANSWER: The server did not answer within ${watchdog.seconds} seconds after ${progress.sentence()}\n`);
      return EXIT_NOT_KNOWN;
    }
    const code = e instanceof ClientError ? `${e.code}: ` : '';
    process.stderr.write(`switchboard: ${code}${(e as Error).message}\n`);
    return 1;
  } finally {
    client.close();
  }
  return 0;
}

function printLines(what: string, lines: Array<{ line: number; reason: string }>): void {
  if (lines.length === 0) return;
  process.stdout.write(`${lines.length} ${what}:\n`);
  for (const bad of lines) process.stdout.write(`  line ${bad.line}: ${bad.reason}\n`);
}

function unreadable(e: NodeJS.ErrnoException): string {
  if (e.code === 'ENOENT') return 'it does not exist';
  if (e.code === 'EISDIR') return 'it is a directory';
  if (e.code === 'EACCES' || e.code === 'EPERM') return 'this user may not read it';
  return e.code ?? e.message;
}
