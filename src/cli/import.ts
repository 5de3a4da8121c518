import { readFileSync } from 'node:fs';
import { AgentClient, ClientError } from '../client/session.js';
import { wsTransport } from '../client/ws-transport.js';
import { serverTarget } from './server-address.js';
import { CsvFileError } from '../client/csv-records.js';
import { printable } from '../client/printable.js';
import { parseContactCsv } from '../client/contact-csv.js';
import { importContactRows } from '../client/contact-import.js';
import { parseLeadCsv } from './lead-csv.js';
import type { ScriptOptions } from './script.js';

const ROWS_PER_COMMAND = 500;

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
  const code = await asSupervisor(opts, async (client) => {
    for (let i = 0; i < rows.length; i += ROWS_PER_COMMAND) {
      const part = await client.send('leads.import', { campaign: opts.campaign, rows: rows.slice(i, i + ROWS_PER_COMMAND) });
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
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    process.stderr.write(`switchboard: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
    return 1;
  }
  let imported = 0;
  const code = await asSupervisor(opts, async (client) => {
    const parsed = readFile(file, (t) => parseContactCsv(t, client.store.catalog?.contacts), text);
    if (!parsed) throw new CsvFileError('');
    process.stdout.write('Columns:\n');
    // A header cell is the file's text, whoever wrote it: an ESC in it would act on the supervisor's terminal.
    for (const m of parsed.mapping) process.stdout.write(`  ${printable(m.column)} -> ${m.label}\n`);
    if (opts.dryRun) {
      process.stdout.write(`${parsed.rows.length} line${parsed.rows.length === 1 ? '' : 's'} read; nothing sent (--dry-run).\n`);
      return;
    }
    const total = await importContactRows(client, parsed.rows);
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

/** Log in as the given supervisor (joining their session), do the work, close; the exit code. */
async function asSupervisor(opts: ScriptOptions, work: (client: AgentClient) => Promise<void>): Promise<number> {
  if (!opts.agent || !opts.pin) {
    process.stderr.write("switchboard: MISSING_CREDENTIALS: Give a supervisor's number and PIN with --agent and --pin (or SWITCHBOARD_AGENT and SWITCHBOARD_PIN).\n");
    return 2;
  }
  const target = serverTarget(opts.url);
  if (!target) return 2;
  const client = new AgentClient({ transport: wsTransport(target) });
  try {
    await client.connect();
    await client.login({ agent: opts.agent, pin: opts.pin, joinOnly: true, client: 'script' });
    await work(client);
  } catch (e) {
    // A file error was said already.
    if (e instanceof CsvFileError) return 1;
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
