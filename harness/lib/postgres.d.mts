export const postgresInstalled: boolean;

export interface TestPostgres {
  port: number;
  /** A fresh, empty database on this server: its connection URL. */
  database(): string;
  /** Run one statement on a database of this server, as an administrator would (psql): its rows, each a list of text fields. */
  sql(url: string, statement: string): string[][];
  /** CPU time (user + system, ms) used so far by the server's processes that are alive. */
  cpuMs(): number;
  /** Kill the server at once (SIGKILL), as a crash would: its clients' connections break. */
  kill(): Promise<void>;
  /** Start it again on the same port and data (after kill). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function startPostgres(): Promise<TestPostgres>;
