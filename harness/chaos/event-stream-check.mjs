// After a failover shift: the JetStream stream the cores published to must
// hold every event of the store's log exactly once, however the cores were
// killed between committing and publishing. Reported like a ledger: the
// store's events are the acknowledged ones, a missing one lost, a second copy
// doubled.
import { connect } from 'nats';
import { PgStoreReader } from './pg-store-reader.mjs';

const STREAM = 'SWITCHBOARD_EVENTS';

export async function checkEventStream(natsUrl, storeUrl) {
  const store = new PgStoreReader(storeUrl);
  let logged;
  try {
    logged = store.allSeqs();
  } finally {
    store.close();
  }
  const nc = await connect({ servers: natsUrl });
  const counts = new Map();
  try {
    const jsm = await nc.jetstreamManager();
    const { state } = await jsm.streams.info(STREAM);
    for (let seq = state.first_seq; state.messages > 0 && seq <= state.last_seq; seq++) {
      const event = (await jsm.streams.getMessage(STREAM, { seq })).json();
      counts.set(event.seq, (counts.get(event.seq) ?? 0) + 1);
    }
  } finally {
    await nc.close();
  }
  return {
    name: 'event stream: committed events published to JetStream',
    acknowledged: logged.length,
    lost: logged.filter((seq) => !counts.has(seq)).map((seq) => `event ${seq}`),
    doubled: [...counts].filter(([, n]) => n > 1).map(([seq, n]) => `event ${seq} (${n} times)`),
    refusals: {},
  };
}
