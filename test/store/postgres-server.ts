import { pgNative } from '../../src/store/pg-native.js';
import { postgresInstalled } from '../../harness/lib/postgres.mjs';

/**
 * A real PostgreSQL server for tests (harness/lib/postgres.mjs: Debian's
 * postgresql, a throwaway cluster on 127.0.0.1). The tests that need one run
 * where it is installed and pg-native (the store's client) was built.
 */
export const havePostgres = postgresInstalled && loads();
export { startPostgres, type TestPostgres } from '../../harness/lib/postgres.mjs';

function loads(): boolean {
  try {
    pgNative();
    return true;
  } catch {
    return false;
  }
}
