// Which compiled switchboard the harness runs: the repository's dist/ (built
// by `npm install` / `npm run build`), or `--dist <dir>`, a patched copy, to
// show that a check catches the fault it is for without touching src/.
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { option } from '../../bench/lib/common.mjs';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export function distDir(chosen = option('dist', null)) {
  const dir = chosen ? (isAbsolute(chosen) ? chosen : resolve(process.cwd(), chosen)) : resolve(REPO_ROOT, 'dist');
  if (!existsSync(`${dir}/cli.js`)) throw new Error(`${dir} has no cli.js: build first (npm run build)`);
  return dir;
}

/** import() of a module of the compiled code, e.g. fromDist(dir, 'core/protocol/commands.js'). */
export function fromDist(dir, path) {
  return import(pathToFileURL(resolve(dir, path)).href);
}
