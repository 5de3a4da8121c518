import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where the client keeps its journal: $SWITCHBOARD_STATE_DIR, else the XDG state dir. */
export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SWITCHBOARD_STATE_DIR) return env.SWITCHBOARD_STATE_DIR;
  const base = env.XDG_STATE_HOME || join(homedir(), '.local', 'state');
  return join(base, 'switchboard');
}

/** One journal per server, so commands never go to the wrong contact center. */
export function journalPathFor(serverUrl: string, env: NodeJS.ProcessEnv = process.env): string {
  const safe = serverUrl.replace(/^wss?:\/\//, '').replace(/[^a-zA-Z0-9.-]+/g, '_');
  return join(stateDir(env), `journal-${safe}.jsonl`);
}
