import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export type Log = (line: string) => void;

/**
 * Server and demo logs go to a file: in the demo the terminal belongs to the
 * panel and nothing else may write on it.
 */
export function fileLog(file: string | null): Log {
  if (!file) return () => {};
  mkdirSync(dirname(file), { recursive: true });
  return (line) => {
    try {
      appendFileSync(file, `${new Date().toISOString()} ${line}\n`, { mode: 0o600 });
    } catch {
      // A log that cannot be written must never take the service down.
    }
  };
}
