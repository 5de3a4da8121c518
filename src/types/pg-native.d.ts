/** The synchronous parts of pg-native (libpq) that the PostgreSQL store uses. */
declare module 'pg-native' {
  interface TypeParsers {
    getTypeParser(oid: number, format?: string): (value: string) => unknown;
  }
  class Client {
    constructor(config?: { types?: TypeParsers; arrayMode?: boolean });
    connectSync(url: string): void;
    querySync(text: string, values?: Array<string | null>): unknown[][];
    prepareSync(name: string, text: string, params: number): void;
    executeSync(name: string, values: Array<string | null>): unknown[][];
    /** The libpq connection: finish() closes it at once; transactionStatus() is 4 (PQTRANS_UNKNOWN) once it is broken. */
    pq: { finish(): void; transactionStatus(): number };
  }
  export = Client;
}
