// bench:acd's clients in several processes (bench/acd-clients.mjs each), with
// the one process's interface: `ask(type, args)` gives each process its slice
// of the agents (contiguous, so agent i keeps its own loopback address and
// gateway) and merges the answers as one process would have given them.
import { forkClients } from './common.mjs';

export function forkAcdClients(moduleUrl, argv, execArgv, processes) {
  const pool = Array.from({ length: processes }, () => forkClients(moduleUrl, argv, execArgv));
  if (processes === 1) return pool[0];
  /** The slice of a per-agent list that process k holds. */
  let size = 0;
  const slice = (list, k) => list.slice(k * size, (k + 1) * size);
  const all = (type, argsFor) => Promise.all(pool.map((c, k) => c.ask(type, argsFor(k))));
  const sumCpu = (cpus) => ({ user: cpus.reduce((n, c) => n + c.user, 0), system: cpus.reduce((n, c) => n + c.system, 0) });
  const merge = {
    connect: (rs) => ({ connectMs: Math.max(...rs.map((r) => r.connectMs)) }),
    resume: (rs) => ({ startedAt: Math.min(...rs.map((r) => r.startedAt)), ms: Math.max(...rs.map((r) => r.ms)), cpuMs: rs.reduce((n, r) => n + r.cpuMs, 0) }),
    sync: (rs) => (rs.every((r) => r.ok) ? { ok: true, at: Math.max(...rs.map((r) => r.at)) } : { ok: false, behind: rs.reduce((n, r) => n + (r.behind ?? 0), 0) }),
    measure: (rs) => ({ cpu: sumCpu(rs.map((r) => r.cpu)) }),
    results: (rs) => ({
      offers: rs.flatMap((r) => r.offers),
      tally: rs.reduce(
        (t, r) => ({
          answered: t.answered + r.tally.answered,
          hungUp: t.hungUp + r.tally.hungUp,
          disposed: t.disposed + r.tally.disposed,
          refused: Object.entries(r.tally.refused).reduce((o, [code, n]) => ({ ...o, [code]: (o[code] ?? 0) + n }), t.refused),
        }),
        { answered: 0, hungUp: 0, disposed: 0, refused: {} },
      ),
      cpu: sumCpu(rs.map((r) => r.cpu)),
      dropped: rs.reduce((n, r) => n + r.dropped, 0),
    }),
    close: () => ({}),
  };
  return {
    ready: Promise.all(pool.map((c) => c.ready)),
    child: {
      kill: (signal) => pool.forEach((c) => c.child.kill(signal)),
      disconnect: () => pool.forEach((c) => c.child.disconnect()),
    },
    async ask(type, args = {}) {
      if (type === 'connect') {
        size = Math.ceil(args.agents.length / processes);
        return merge.connect(await all(type, (k) => ({ ...args, agents: slice(args.agents, k), base: k * size })));
      }
      if (type === 'resume') return merge.resume(await all(type, (k) => ({ ...args, tokens: slice(args.tokens, k) })));
      return merge[type](await all(type, () => args));
    },
  };
}
