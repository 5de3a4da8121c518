import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { TERMINAL_CONTROLS } from '../core/protocol/terminal-controls.js';

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
      appendFileSync(file, entry(line), { mode: 0o600 });
    } catch {
      // A log that cannot be written must never take the service down.
    }
  };
}

/** A server's log: the file named, else standard error (where a service manager keeps it). */
export function serverLog(file: string | undefined): Log {
  return file ? fileLog(file) : (line) => process.stderr.write(entry(line));
}

const UNSAFE = new RegExp(TERMINAL_CONTROLS.source, 'g');

/**
 * One entry as written: its time, then the line. Outside text reaches the
 * log (a far end's reason, a failure's message naming a customer's input) and
 * an operator reads it in a terminal: control characters are written as
 * escapes (\u001b), and a line break indents what follows, so no entry can
 * pass for another nor act on the operator's screen.
 */
function entry(line: string): string {
  const safe = line.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).replace(/\n/g, '\n    ');
  return `${new Date().toISOString()} ${safe}\n`;
}
