// `switchboard gateway` as a child process of the harness and the benches
// (issue 19): on 127.0.0.1 at a port of its own choosing, reaching the core
// over NATS.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { trackChild } from './scratch.mjs';

/** Start one gateway; resolves with { child, url, health } once it listens. */
export function startGateway(dist, bus, extra = []) {
  const child = spawn(process.execPath, [join(dist, 'cli.js'), 'gateway', '--bus', bus, '--port', '0', ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
  trackChild(child);
  let out = '';
  child.stderr.on('data', (d) => (out = (out + d).slice(-4000)));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out = (out + d).slice(-4000);
      const m = /gateway listening on (ws:\/\/[^ ]+)/.exec(out);
      if (m) resolve({ child, url: `${m[1]}/agent`, health: `${m[1].replace('ws://', 'http://')}/healthz`, lastWords: () => out });
    });
    child.once('exit', (code, signal) => reject(new Error(`a gateway exited (${code ?? signal}) before listening: ${out}`)));
  });
}

