import { USAGE_EXIT_CODE } from './usage.js';

/** What Node says of a listen or file system call that failed (EADDRINUSE, EACCES...). */
interface SystemError {
  code?: string;
  message?: string;
  syscall?: string;
  address?: string;
  port?: number;
}

/** Which option chose each port, so a port that cannot be had names the option to change. */
export type PortOptions = Partial<Record<number, string>>;

/**
 * Startup failures (bad config, port in use) are printed before any UI
 * exists: one line saying what is wrong and what to do, with its code, as
 * the CLI's refusals print theirs (a script starting servers can tell them
 * apart). Exit code 1; 2 for an option whose value cannot be used
 * (BAD_OPTION), as commander's checks of the command line exit (usage.ts):
 * `--port abc` and `--smtp abc` are the same mistake. An option's secret
 * missing from the environment (MISSING_SECRET) is too, as a script's
 * missing agent and PIN (MISSING_CREDENTIALS) is: the command as typed
 * cannot run, and nothing was started.
 */
const USAGE_CODES = new Set(['BAD_OPTION', 'MISSING_SECRET']);

export function reportStartupError(e: unknown, ports: PortOptions = {}): void {
  process.stderr.write(`switchboard: ${startupErrorLine(e, ports)}\n`);
  process.exitCode = USAGE_CODES.has((e as SystemError | undefined)?.code ?? '') ? USAGE_EXIT_CODE : 1;
}

export function startupErrorLine(e: unknown, ports: PortOptions = {}): string {
  const error = (e ?? {}) as SystemError;
  if (error.syscall === 'listen' && (error.code === 'EADDRINUSE' || error.code === 'EACCES')) return listenRefusal(error, ports);
  // Ours are named in capitals (CONFIG_INVALID, DATA_DIR_IN_USE, BAD_OPTION); Node's (ENOENT, EACCES) say nothing to a newcomer.
  // A file that could not be read says what to do already; one that was read has mistakes to correct.
  if (error.code === 'CONFIG_INVALID' && !/cannot be read/.test(error.message ?? '')) return `${error.code}: ${error.message ?? ''}\nCorrect what is listed in the file and start again.`;
  if (error.code && /^[A-Z][A-Z_]+$/.test(error.code) && !/^E[A-Z]+$/.test(error.code)) return `${error.code}: ${error.message ?? ''}`;
  return error.message ?? String(e);
}

function listenRefusal(error: SystemError, ports: PortOptions): string {
  const where = `${error.address ?? 'this machine'}:${error.port ?? '?'}`;
  const option = (error.port !== undefined && ports[error.port]) || 'its option';
  if (error.code === 'EADDRINUSE')
    return `PORT_IN_USE: Another program (perhaps another switchboard) is already listening on ${where}; stop it, or choose another port with ${option}.`;
  return `PORT_NOT_ALLOWED: This user may not listen on ${where} (ports below 1024 need privileges); choose a port from 1024 up with ${option}.`;
}
