// `switchboard gateway` processes for the cluster benches (issue 19), with
// their CPU read from /proc.
import { readFileSync } from 'node:fs';
import { now } from './common.mjs';
import { startGateway } from '../../harness/lib/gateway.mjs';

/** Clock ticks per second of /proc/PID/stat's times (USER_HZ, 100 on Linux). */
const TICKS_PER_S = 100;

/** A process's CPU time so far (user + system), in ms, from /proc. */
export function processCpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of stat, 12 and 13 after the command's name.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_S;
}

/** A process's resident memory now, in MiB, from /proc. */
export function processRssMiB(pid) {
  const kib = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return kib ? Number(kib[1]) / 1024 : NaN;
}

/** N gateways: their urls, their CPU, whether they have handed out every event, and a kill for all. */
export async function startGateways(dist, bus, n) {
  const gateways = await Promise.all(Array.from({ length: n }, () => startGateway(dist, bus)));
  return {
    list: gateways,
    urls: gateways.map((g) => g.url),
    cpuMs: () => gateways.map((g) => processCpuMs(g.child.pid)),
    /** Resolves { ok, at } once every gateway has fanned out the events up to `seq` (and a turn more for the sockets). */
    async caughtUp(seq, timeoutMs) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const seqs = await Promise.all(gateways.map(async (g) => (await (await fetch(g.health)).json()).seq));
        if (seqs.every((s) => s >= seq)) {
          await new Promise((r) => setTimeout(r, 20));
          return { ok: true, at: now() };
        }
        if (Date.now() > until) return { ok: false, behind: seqs.filter((s) => s < seq).length };
        await new Promise((r) => setTimeout(r, 5));
      }
    },
    kill() {
      for (const g of gateways) if (g.child.exitCode === null && g.child.signalCode === null) g.child.kill('SIGKILL');
    },
  };
}
