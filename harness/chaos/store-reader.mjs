// The server's own store, read after the shift (the server stopped): what a
// ledger checks its acknowledged commands against. Entities are the state as
// the server will load it; events the log of every change.
import Database from 'better-sqlite3';

export class StoreReader {
  constructor(file) {
    this.db = new Database(file, { readonly: true, fileMustExist: true });
  }

  /** Every entity of a kind (message, call, callRecord, agentChat...). */
  *entities(kind) {
    for (const row of this.db.prepare('SELECT value FROM entities WHERE kind = ?').iterate(kind)) yield JSON.parse(row.value);
  }

  /** Every event of a name, oldest first: { seq, data }. */
  *events(ev) {
    for (const row of this.db.prepare('SELECT seq, data FROM events WHERE ev = ? ORDER BY seq').iterate(ev)) yield { seq: row.seq, data: JSON.parse(row.data) };
  }

  close() {
    this.db.close();
  }
}
