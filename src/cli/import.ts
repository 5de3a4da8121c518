import { readFileSync } from 'node:fs';
import { AgentClient, ClientError } from '../client/session.js';
import { wsTransport } from '../client/ws-transport.js';
import { LeadFileError, parseLeadCsv } from './lead-csv.js';
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
  let rows;
  try {
    rows = parseLeadCsv(readFileSync(file, 'utf8'));
  } catch (e) {
    const reason = e instanceof LeadFileError ? e.message : `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`;
    process.stderr.write(`switchboard: ${reason}\n`);
    return 1;
  }
  if (!opts.agent || !opts.pin) {
    process.stderr.write('switchboard: give --agent and --pin of a supervisor (or SWITCHBOARD_AGENT and SWITCHBOARD_PIN).\n');
    return 2;
  }
  const client = new AgentClient({ transport: wsTransport(opts.url) });
  const total: ImportResult = { imported: 0, duplicates: 0, invalid: [] };
  try {
    await client.connect();
    await client.login({ agent: opts.agent, pin: opts.pin, joinOnly: true });
    for (let i = 0; i < rows.length; i += ROWS_PER_COMMAND) {
      const part = await client.send('leads.import', { campaign: opts.campaign, rows: rows.slice(i, i + ROWS_PER_COMMAND) });
      total.imported += part.imported;
      total.duplicates += part.duplicates;
      total.invalid.push(...part.invalid);
    }
  } catch (e) {
    const code = e instanceof ClientError ? `${e.code}: ` : '';
    process.stderr.write(`switchboard: ${code}${(e as Error).message}\n`);
    return 1;
  } finally {
    client.close();
  }
  process.stdout.write(`Imported ${total.imported} lead${total.imported === 1 ? '' : 's'} into ${opts.campaign}`);
  process.stdout.write(total.duplicates ? ` (${total.duplicates} already there, not added again).\n` : '.\n');
  if (total.invalid.length > 0) {
    process.stdout.write(`${total.invalid.length} row${total.invalid.length === 1 ? '' : 's'} skipped:\n`);
    for (const bad of total.invalid) process.stdout.write(`  line ${bad.line}: ${bad.reason}\n`);
  }
  return 0;
}
