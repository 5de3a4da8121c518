import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';

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

/**
 * Where an agent's unsent drafts are kept: beside the journal of the same
 * server (so under the same rules), one file per agent, since two agents may
 * use one account's panel in turn.
 */
export function draftsPathFor(journalPath: string, agent: string): string {
  const safe = agent.replace(/[^a-zA-Z0-9.-]+/g, '_');
  return join(dirname(journalPath), `${basename(journalPath).replace(/\.jsonl$/, '')}.drafts-${safe}.json`);
}

/**
 * Where received files are saved by default: the XDG download directory
 * ($XDG_DOWNLOAD_DIR, else the one user-dirs.dirs names), else ~/Downloads.
 */
export function downloadDir(env: NodeJS.ProcessEnv = process.env): string {
  const home = env.HOME || homedir();
  if (env.XDG_DOWNLOAD_DIR) return env.XDG_DOWNLOAD_DIR;
  try {
    const dirs = readFileSync(join(env.XDG_CONFIG_HOME || join(home, '.config'), 'user-dirs.dirs'), 'utf8');
    const m = /^XDG_DOWNLOAD_DIR="([^"]+)"/m.exec(dirs);
    if (m) return m[1]!.replace(/^\$HOME(?=\/|$)/, home);
  } catch {
    // no user-dirs.dirs: the usual place
  }
  return join(home, 'Downloads');
}
