// Files the build ships beside the compiled code: tsc copies only what it
// compiles, and the visitor chat page (src/server/chat) is plain HTML, CSS and JS.
import { cpSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const from = `${root}src/server/chat`;
const to = `${root}dist/server/chat`;
// Start clean, so a file removed from the source does not linger in dist.
rmSync(to, { recursive: true, force: true });
cpSync(from, to, { recursive: true });
