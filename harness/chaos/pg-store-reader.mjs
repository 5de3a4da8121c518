// The server's store in PostgreSQL, read after the shift (every core
// stopped): StoreReader's questions, asked of the tables PostgresEventStore
// writes, through pg-native (the store's own client).
import { createRequire } from 'node:module';

const Client = createRequire(import.meta.url)('pg-native');

export class PgStoreReader {
  constructor(url) {
    this.pg = new Client({ arrayMode: true, types: { getTypeParser: () => (v) => v } });
    this.pg.connectSync(url);
  }

  /** Every entity of a kind (message, call, callRecord, agentChat...). */
  *entities(kind) {
    for (const [value] of this.pg.querySync('SELECT value FROM entities WHERE kind = $1', [kind])) yield JSON.parse(value);
  }

  /** Every event of a name, oldest first: { seq, data }. */
  *events(ev) {
    for (const [seq, data] of this.pg.querySync('SELECT seq, data FROM events WHERE ev = $1 ORDER BY seq', [ev])) yield { seq: Number(seq), data: JSON.parse(data) };
  }

  /** The number of every event in the log, in order. */
  allSeqs() {
    return this.pg.querySync('SELECT seq FROM events ORDER BY seq').map(([seq]) => Number(seq));
  }

  close() {
    // The process ends with the run: libpq's socket watcher need not outlive this object (see src/store/pg-native.ts).
    this.pg.pq.finish();
    this.kept = this.pg;
  }
}
