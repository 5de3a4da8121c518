import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stateDir } from './paths.js';

/**
 * The last login, for logging in by itself at the next start (Settings >
 * Application): the server, the agent and a resumable session token with its
 * expiry — never the PIN. Kept only while the agent has it turned on, in a
 * file only they may read; cleared on logout and when it no longer works.
 */
export interface SavedLogin {
  server: string;
  agent: string;
  token: string;
  expiresAt: number;
}

export interface LoginKeeper {
  saved(): SavedLogin | null;
  save(login: SavedLogin): void;
  clear(): void;
}

/** In the state directory (`login.json`, mode 0600). */
export function fileLoginKeeper(env: NodeJS.ProcessEnv = process.env): LoginKeeper {
  const path = join(stateDir(env), 'login.json');
  return {
    saved() {
      try {
        const l = JSON.parse(readFileSync(path, 'utf8')) as Partial<SavedLogin>;
        return typeof l.server === 'string' && typeof l.agent === 'string' && typeof l.token === 'string' && typeof l.expiresAt === 'number' ? (l as SavedLogin) : null;
      } catch {
        return null;
      }
    },
    save(login) {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      writeFileSync(path, JSON.stringify(login), { mode: 0o600 });
    },
    clear() {
      rmSync(path, { force: true });
    },
  };
}

/** For tests and the demo: nothing is written. */
export function memoryLoginKeeper(initial: SavedLogin | null = null): LoginKeeper {
  let kept = initial;
  return {
    saved: () => kept,
    save: (login) => void (kept = { ...login }),
    clear: () => void (kept = null),
  };
}
