import { createRequire } from 'node:module';
import type Client from 'pg-native';
import { redactUrl } from './postgres-text.js';

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

/** Every value comes back as PostgreSQL's text (rows as arrays): the store turns numbers and JSON itself. */
const RAW = { getTypeParser: () => (value: string) => value };

/**
 * A connection to the store's database, or "Cannot reach the PostgreSQL store
 * at URL: why" with the password hidden. params add libpq connection
 * parameters (the lease's keepalives) without showing them in that sentence.
 */
export function connectPg(url: string, params: Record<string, string> = {}): Client {
  const PgClient = pgNative();
  const pg = new PgClient({ types: RAW, arrayMode: true });
  try {
    pg.connectSync(withParameters(url, params));
  } catch (e) {
    throw new Error(`Cannot reach the PostgreSQL store at ${redactUrl(url)}: ${firstLine(e as Error)}`);
  }
  return pg;
}

/** The URL with libpq parameters it does not set already (as it is when there are none). */
function withParameters(url: string, params: Record<string, string>): string {
  if (Object.keys(params).length === 0) return url;
  const u = new URL(url);
  for (const [k, v] of Object.entries(params)) if (!u.searchParams.has(k)) u.searchParams.set(k, v);
  return u.toString();
}

/** The first line of a libpq error (its detail and hint lines follow). */
export function firstLine(error: Error): string {
  return error.message.trim().split('\n')[0] ?? error.message;
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
