import type { ContactImportRow } from '../core/protocol/contacts.js';
import type { AgentClient } from './session.js';

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
 * server says of each. A refusal stops it: the parts before it are in.
 */
export async function importContactRows(client: AgentClient, rows: ContactImportRow[], progress?: (done: number) => void): Promise<ImportTotals> {
  const total: ImportTotals = { imported: 0, duplicates: [], invalid: [] };
  for (let i = 0; i < rows.length; i += ROWS_PER_PART) {
    const part = await client.send('contacts.import', { rows: rows.slice(i, i + ROWS_PER_PART) });
    total.imported += part.imported;
    total.duplicates.push(...part.duplicates);
    total.invalid.push(...part.invalid);
    progress?.(Math.min(rows.length, i + ROWS_PER_PART));
  }
  return total;
}
