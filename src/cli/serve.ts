import { fileLog } from '../server/logger.js';
import { loadConfigFile } from '../server/config-file.js';
import { startServer } from '../server/runtime.js';
import { reportStartupError } from './errors.js';

export interface ServeOptions {
  config: string;
  port: number;
  host: string;
  data: string;
  simulate?: boolean;
  log?: string;
  trustProxy?: string[];
}

/** The headless core for many agents. SIGTERM and SIGINT shut it down cleanly. */
export async function runServe(opts: ServeOptions): Promise<void> {
  const log = opts.log ? fileLog(opts.log) : (line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`);
  let server;
  try {
    server = await startServer({
      config: loadConfigFile(opts.config),
      dataDir: opts.data,
      host: opts.host,
      port: opts.port,
      simulate: Boolean(opts.simulate),
      trustedProxies: opts.trustProxy,
      log,
    });
  } catch (e) {
    reportStartupError(e);
    return;
  }
  const running = server;
  process.stdout.write(`switchboard listening on ${running.http!.url} (data in ${running.dataDir})\n`);
  process.stdout.write(`live chat page: ${running.chatUrl}\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: shutting down`);
    void running.close().then(() => {
      log('stopped');
      process.exit(0);
    });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}
