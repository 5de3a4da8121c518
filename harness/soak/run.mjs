// The soak: a shift of agents (the real client) and website visitors working
// against a `switchboard serve` child with simulated callers, for a bounded
// time, while the server reports its resident memory and event-loop delay
// (probe.mjs, inside the server) every second. After a warm-up (a quarter of
// the run, at least 20 s) the figures count: memory growth over the measured
// time, read from the straight line that fits its samples best (so where a
// garbage collection happens to fall does not decide it), and the 99th
// percentile of how late the server's event loop ran over the measured time.
import { join } from 'node:path';
import { writeCenter } from '../lib/center.mjs';
import { distDir, fromDist } from '../lib/dist.mjs';
import { given } from '../lib/goals.mjs';
import { removeScratch, scratchDir } from '../lib/scratch.mjs';
import { startServe } from '../lib/serve-child.mjs';
import { crew, seeded, shiftLedgers, VISITOR_PROXY } from '../chaos/run.mjs';

const MIB = 1024 * 1024;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** The least-squares line through points { t, y }: y at time t. */
export function fitLine(points) {
  const n = points.length;
  if (n < 2) return () => points[0]?.y ?? NaN;
  const mt = points.reduce((a, p) => a + p.t, 0) / n;
  const my = points.reduce((a, p) => a + p.y, 0) / n;
  const sxx = points.reduce((a, p) => a + (p.t - mt) ** 2, 0);
  const slope = sxx === 0 ? 0 : points.reduce((a, p) => a + (p.t - mt) * (p.y - my), 0) / sxx;
  return (t) => my + slope * (t - mt);
}

/** A working day's pace: a call every two seconds, short calls, visitors writing every few seconds. */
export const SOAK_CENTER = {
  simulator: { callsPerMinute: 30, talkSeconds: { min: 2, max: 8 }, ringSeconds: { min: 0.5, max: 2 }, patienceSeconds: { min: 30, max: 60 }, chatsPerHour: 60 },
};

/**
 * Run the soak for `minutes`; report(line) gets a line per reporting interval.
 * Resolves { samples, rssGrowthPct, loopP99Ms, ... }.
 */
export async function runSoak(options = {}) {
  const o = { minutes: 10, agents: 4, visitors: 4, seed: (Date.now() ^ process.pid) >>> 0, report: () => {}, ...given(options) };
  const totalMs = o.minutes * 60_000;
  const warmupMs = Math.max(20_000, totalMs / 4);
  const reportEveryMs = o.reportEveryMs ?? (o.minutes <= 2 ? 5_000 : 30_000);
  const rng = seeded(o.seed);
  const dist = distDir(o.dist);
  const client = { ...(await fromDist(dist, 'client/session.js')), ...(await fromDist(dist, 'client/ws-transport.js')) };
  const root = scratchDir('switchboard-soak-');
  const server = await startServe({ dist, config: writeCenter(root, SOAK_CENTER), data: join(root, 'data'), log: join(root, 'server.log'), simulate: true, trustProxy: VISITOR_PROXY });
  const url = server.wsUrl;
  const ledgers = shiftLedgers();
  const { agents, visitors } = crew({ ...o, url, root, client, ledgers, rng, visitor: { name: 's', subnet: '198.18.1', everyMs: [1500, 5000], chatLength: 12 } });
  const samples = [];
  const progress = [];
  let died = null;
  try {
    for (const a of agents) await a.start();
    for (const v of visitors) v.start();
    const started = Date.now();
    let measured = false;
    let nextReport = started + reportEveryMs;
    while (Date.now() - started < totalMs) {
      await sleep(1000);
      if (!server.alive) {
        died = `${server.describeExit()}\n${server.lastWords()}`;
        break;
      }
      const t = Date.now() - started;
      // The delay window restarts at every report line; the total one once, when the warm-up ends.
      const startMeasuring = !measured && t >= warmupMs;
      const s = await server.sample({ reset: Date.now() >= nextReport, resetTotal: startMeasuring });
      samples.push({ t, rss: s.rss, heap: s.heapUsed, heapTotal: s.heapTotal, external: s.external, loop: s.loop, loopTotal: s.loopTotal, cpuMs: s.cpuMs });
      if (startMeasuring) measured = true;
      if (Date.now() >= nextReport) {
        nextReport += reportEveryMs;
        o.report(
          `${String(Math.round(t / 1000)).padStart(5)} s  rss ${(s.rss / MIB).toFixed(1)} MiB  heap ${(s.heapUsed / MIB).toFixed(1)} MiB  ` +
            `loop delay p50 ${s.loop.p50.toFixed(1)} ms p99 ${s.loop.p99.toFixed(1)} ms max ${s.loop.max.toFixed(1)} ms  ` +
            `dispositions ${ledgers.dispositions.acknowledged.size}  replies ${ledgers.replies.acknowledged.size}  visitor messages ${ledgers.visitorMessages.acknowledged.size}  ` +
            `agents ${activities(agents)}${t < warmupMs ? '  (warm-up)' : ''}`,
        );
        progress.push({ t, dispositions: ledgers.dispositions.acknowledged.size, visitorMessages: ledgers.visitorMessages.acknowledged.size });
      }
    }
    // Let the loop-delay histogram see the last second before the final reading.
    const last = died ? null : await server.sample();
    const counted = samples.filter((x) => x.t >= warmupMs);
    const fit = fitLine(counted.map((x) => ({ t: x.t, y: x.rss })));
    const baseline = fit(counted[0]?.t ?? warmupMs);
    const end = fit(counted.at(-1)?.t ?? totalMs);
    return {
      seed: o.seed,
      minutes: o.minutes,
      warmupMs,
      died,
      samples,
      rssBaselineMiB: baseline / MIB,
      rssEndMiB: end / MIB,
      rssGrowthPct: died ? Infinity : ((end - baseline) / baseline) * 100,
      loopP99Ms: died ? Infinity : last.loopTotal.p99,
      loopMaxMs: died ? Infinity : last.loopTotal.max,
      work: Object.fromEntries(Object.entries(ledgers).map(([k, l]) => [k, l.acknowledged.size])),
      stall: stalled(progress, totalMs, agents, visitors),
      commandsSent: agents.reduce((n, a) => n + a.sent, 0),
    };
  } finally {
    for (const a of agents) a.close();
    for (const v of visitors) v.close();
    await server.stop();
    removeScratch(root);
  }
}

/** What the shift's agents are doing now, e.g. "2 idle, 1 on-call, 1 wrap-up". */
function activities(agents) {
  const counts = new Map();
  for (const a of agents) {
    const what = a.client.store.myAgent()?.activity ?? 'offline';
    counts.set(what, (counts.get(what) ?? 0) + 1);
  }
  return [...counts].map(([what, n]) => `${n} ${what}`).join(', ');
}

/**
 * Calls keep coming and visitors keep writing all through a soak, so a last
 * third with no disposition, or no visitor's message, means that side of the
 * shift stopped: say what it is doing.
 */
function stalled(progress, totalMs, agents, visitors) {
  const from = progress.find((p) => p.t >= (totalMs * 2) / 3);
  const last = progress.at(-1);
  if (!from || !last) return null;
  const seconds = Math.round((last.t - from.t) / 1000);
  const stops = [];
  if (last.dispositions <= from.dispositions) stops.push(`no disposition in the last ${seconds} s although calls kept coming: the agents are ${activities(agents)}`);
  if (visitors.length > 0 && last.visitorMessages <= from.visitorMessages) {
    stops.push(`no visitor's message in the last ${seconds} s: the visitors are ${visitors.map((v) => v.describe()).join('; ')}`);
  }
  return stops.length ? stops.join('\n') : null;
}

export function soakGoals(result) {
  return [
    { name: 'soak.rss_growth_pct', value: Number(result.rssGrowthPct.toFixed(1)), unit: '%', op: '<=', target: 10 },
    { name: 'soak.loop_delay_p99_ms', value: Number(result.loopP99Ms.toFixed(1)), unit: 'ms', op: '<=', target: 50 },
  ];
}
