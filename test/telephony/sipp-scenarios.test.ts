import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SIPP_DIR, scenarios, sippOnPath } from './sipp.js';

/**
 * sipp reads a scenario when it starts and exits at once (status 1, naming
 * the problem) when it is not valid XML or uses an unknown element, keyword
 * or variable. A scenario still running after a second has been accepted;
 * it is then stopped. UAC scenarios send to the discard port meanwhile.
 */
function accepted(file: string, port: number): Promise<{ ok: boolean; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('sipp', ['-sf', join(SIPP_DIR, file), '-nostdin', '-i', '127.0.0.1', '-p', String(port), '-m', '1', '-s', '7001', '-au', 'ann', '-ap', 'x', '127.0.0.1:9'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGTERM'), 1000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ ok: signal === 'SIGTERM' || code === 0, output: output.split('\n').slice(0, 5).join('\n') });
    });
  });
}

describe('sipp scenarios of the SIP integration suite', () => {
  if (!sippOnPath()) {
    it.skip('sipp scenarios parse (install sip-tester to check them)', () => {});
    return;
  }
  it('every scenario is one sipp accepts', async () => {
    const files = scenarios();
    expect(files.length).toBeGreaterThanOrEqual(12);
    const results = await Promise.all(files.map((f, i) => accepted(f, 25_060 + i)));
    const refused = files.filter((_, i) => !results[i]!.ok).map((f) => `${f}: ${results[files.indexOf(f)]!.output}`);
    expect(refused).toEqual([]);
  });
});
