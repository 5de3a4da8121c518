import { createRequire } from 'node:module';
import type Client from 'pg-native';

/**
 * pg-native, loaded only when a PostgreSQL store is asked for: it is an
 * optional dependency (it builds against libpq-dev), so a machine without it
 * still runs the embedded SQLite centre.
 */
export function pgNative(): typeof Client {
  try {
    return createRequire(import.meta.url)('pg-native') as typeof Client;
  } catch (e) {
    throw new Error(
      `PostgreSQL support is not installed: npm could not build pg-native (it needs Debian's libpq-dev before npm install). ${(e as Error).message.split('\n')[0]}`,
    );
  }
}

/** Clients finished within the last second: see finish. */
const finishing = new Set<Client>();

/**
 * Close a pg-native connection. libpq's addon closes its socket watcher (a
 * libuv handle inside the client object) asynchronously: were the client
 * collected before libuv is done with the handle, the process would abort
 * (uv__finish_close's assertion). So the client is held a while longer.
 */
export function finish(client: Client): void {
  client.pq.finish();
  finishing.add(client);
  setTimeout(() => finishing.delete(client), 1000).unref();
}
