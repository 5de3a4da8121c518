import { startNats, type TestNats } from '../../harness/lib/nats.mjs';
import { onCleanup } from '../server/support.js';

/** A nats-server on 127.0.0.1 with throwaway data, stopped after the test. */
export async function nats(): Promise<TestNats> {
  const server = await startNats();
  onCleanup(() => server.stop());
  return server;
}
