import { readFileSync } from 'node:fs';
import type { ContactImportRow } from '../core/protocol/contacts.js';
import { parseContactCsv, type ContactFile } from './contact-csv.js';
import { CsvFileError } from './csv-records.js';
import { ClientError, type AgentClient } from './session.js';
import { expandPath } from './upload.js';

/** Lines per command: well inside the 1 MiB frame and quick to commit, so a large file goes in parts. */
export const ROWS_PER_PART = 500;

export interface ImportTotals {
  imported: number;
  duplicates: Array<{ line: number; reason: string }>;
  invalid: Array<{ line: number; reason: string }>;
}

/**
 * Send a file's lines to the server in parts (contacts.import, a
 * supervisor's command; each part is one transaction), adding up what the
 * server says of each. A refusal stops it: the parts before it are in. A
 * dropped link does not: each part is journaled, so it waits for the server
 * to be back and is sent again with its id (done once).
 */
export async function importContactRows(client: AgentClient, rows: ContactImportRow[], progress?: (done: number) => void): Promise<ImportTotals> {
  const total: ImportTotals = { imported: 0, duplicates: [], invalid: [] };
  for (let i = 0; i < rows.length; i += ROWS_PER_PART) {
    const sending = rows.slice(i, i + ROWS_PER_PART);
    const part = await client.send('contacts.import', { rows: sending }).catch((e: ClientError) => {
      // The session ended (a logout elsewhere) or the server refused: nothing after this part is
      // sent, and the agent is told at which line the file stopped, not only the refusal. A refusal
      // of the first part (not a supervisor, say) took nothing in: it is said as it is.
      if (i === 0 && e.code !== 'LOGGED_OUT_ELSEWHERE') throw e;
      throw new ClientError(e.code, `Upload stopped at ${lines(sending)}${i > 0 ? ` (the lines before are in)` : ''}: ${e.message}`, e.details);
    });
    total.imported += part.imported;
    total.duplicates.push(...part.duplicates);
    total.invalid.push(...part.invalid);
    progress?.(Math.min(rows.length, i + ROWS_PER_PART));
  }
  return total;
}

/** "line 7", "lines 2 to 501": by the file's own numbers, as bad lines are named. */
export function lines(rows: Array<{ line: number }>): string {
  const first = rows[0]?.line;
  const last = rows.at(-1)?.line;
  return rows.length === 1 ? `line ${first}` : `lines ${first} to ${last}`;
}

/** A contacts file on this machine, read and mapped for the preview (the panel's CSV upload). */
export function readContactFile(path: string, settings: Parameters<typeof parseContactCsv>[1]): ContactFile {
  let text: string;
  try {
    text = readFileSync(expandPath(path), 'utf8');
  } catch (e) {
    throw new CsvFileError(`Cannot read ${path.trim()}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'there is no such file' : ((e as NodeJS.ErrnoException).code ?? (e as Error).message)}.`);
  }
  return parseContactCsv(text, settings);
}
