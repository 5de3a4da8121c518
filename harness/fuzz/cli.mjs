// npm run fuzz [-- --long] [--frames N] [--seed N] [--max-crashes N] [--no-flood] [--dist DIR]
//
// Property-based fuzzing (fast-check) of a real `switchboard serve` on
// 127.0.0.1: /agent and /visitor frames, logged in and not, and every HTTP
// route with odd paths sent raw. Prints what it found and the goal lines.
// The short run (a few thousand frames) is part of `npm test`
// (test/harness/fuzz.test.ts); --long sends at least 1,000,000.
import { flag, option } from '../../bench/lib/common.mjs';
import { printGoals } from '../lib/goals.mjs';
import { fuzzGoals, runFuzz } from './run.mjs';

const long = flag('long');
const frames = option('frames', long ? 1_000_000 : 5_000);
const started = Date.now();
let lastReport = 0;
const result = await runFuzz({
  frames,
  seed: option('seed', undefined),
  maxCrashes: option('max-crashes', long ? 20 : 5),
  flood: flag('no-flood') ? null : undefined,
  progress: (stats, rss) => {
    if (Date.now() - lastReport < 10_000) return;
    lastReport = Date.now();
    console.error(
      `[${((Date.now() - started) / 1000).toFixed(0)} s] ${stats.frames} frames, ${stats.crashes} crashes, ${stats.unanswered} unanswered, server RSS ${rss.lastMiB.toFixed(0)} MiB (heap ${rss.lastHeapMiB.toFixed(0)} MiB)`,
    );
  },
});
console.log(`fuzz: seed ${result.seed}, ${result.batches} batches in ${((Date.now() - started) / 1000).toFixed(1)} s, ${result.restarts} restarts`);
console.log(`frames by surface: ${Object.entries(result.bySurface).map(([k, v]) => `${k} ${v}`).join(', ')}; and ${result.flooded} flood frames from clients that do not read (not counted)`);
console.log(`server RSS: ${result.rss.baselineMiB.toFixed(0)} MiB after warm-up, peak ${result.rss.peakMiB.toFixed(0)} MiB`);
const held = (x) => (x === null || x === undefined ? '-' : `${x.toFixed(0)} MiB`);
console.log(`held by the server after a full collection (heap and external): ${held(result.rss.heldAtBaselineMiB)} after warm-up, ${held(result.rss.heldAtEndMiB)} at the end`);
const parts = result.rss.breakdown;
if (parts) {
  const line = (b) => `RSS ${b.rss.toFixed(0)} = V8 heap ${b.heapTotal.toFixed(0)} (in use ${b.heapUsed.toFixed(0)}) + external ${b.external.toFixed(0)} + the rest ${b.other.toFixed(0)} MiB`;
  console.log(`server memory after warm-up: ${line(parts.baseline)}`);
  console.log(`server memory at its peak:   ${line(parts.peak)}`);
}
for (const f of result.floods) console.log(`memory flood ${f.part}: ${f.sent} frames, server grew ${f.growthMiB.toFixed(0)} MiB${f.crashed ? ', and died' : ''}`);
for (const line of result.findings.lines()) console.log(line);
const met = printGoals(fuzzGoals(result, Math.max(frames, long ? 1_000_000 : 0)));
process.exitCode = met ? 0 : 1;
