// After a failover shift: the JetStream stream the cores published to must
// hold every event of the store's log exactly once, however the cores were
// killed between committing and publishing. Reported like a ledger: the
// store's events are the acknowledged ones, a missing one lost, a second copy
// doubled.
import { streamedMessages } from '../lib/nats.mjs';
import { PgStoreReader } from './pg-store-reader.mjs';

/** The stream the cores publish to (EVENT_STREAM in src/bus/nats-event-stream.ts). */
const STREAM = 'SWITCHBOARD_EVENTS';

export async function checkEventStream(natsUrl, storeUrl) {
  const store = new PgStoreReader(storeUrl);
  let logged;
  try {
    logged = store.allSeqs();
  } finally {
    store.close();
  }
  const counts = new Map();
  for (const event of await streamedMessages(natsUrl, STREAM)) counts.set(event.seq, (counts.get(event.seq) ?? 0) + 1);
  return {
    name: 'event stream: committed events published to JetStream',
    acknowledged: logged.length,
    lost: logged.filter((seq) => !counts.has(seq)).map((seq) => `event ${seq}`),
    doubled: [...counts].filter(([, n]) => n > 1).map(([seq, n]) => `event ${seq} (${n} times)`),
    refusals: {},
  };
}
