// npm run soak [-- --minutes N] [--seed N] [--dist DIR] [--samples FILE (the per-second samples, JSON)]
//
// A bounded soak (10 minutes unless --minutes says otherwise): agents and
// visitors working against `switchboard serve` with simulated callers, the
// server's resident memory and event-loop delay printed as it goes, and the
// goal lines at the end.
import { writeFileSync } from 'node:fs';
import { option } from '../../bench/lib/common.mjs';
import { printGoals } from '../lib/goals.mjs';
import { runSoak, soakGoals } from './run.mjs';

const minutes = option('minutes', 10);
console.log(`soak: ${minutes} minute(s); figures from the server process (warm-up first, not counted)`);
const result = await runSoak({ minutes, seed: option('seed', undefined), dist: option('dist', undefined), report: (line) => console.log(line) });
if (result.died) console.log(`the server died during the soak: ${result.died}`);
// A shift that stopped working measures an idle server: the run fails, whatever its figures.
if (result.stall) console.log(`the shift stalled: ${result.stall}`);
console.log(
  `soak: seed ${result.seed}; server RSS (fitted) ${result.rssBaselineMiB.toFixed(1)} MiB after the ${Math.round(result.warmupMs / 1000)} s warm-up, ${result.rssEndMiB.toFixed(1)} MiB at the end; ` +
    `loop delay max ${result.loopMaxMs.toFixed(1)} ms; work done: ${Object.entries(result.work).map(([k, n]) => `${n} ${k}`).join(', ')}`,
);
const samplesFile = option('samples', null);
if (samplesFile) writeFileSync(samplesFile, JSON.stringify(result.samples));
process.exitCode = printGoals(soakGoals(result)) && !result.stall ? 0 : 1;
