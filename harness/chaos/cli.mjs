// npm run chaos [-- --kills N] [--seed N] [--dist DIR] [--failover [--gateways N]] [--verbose]
//
// A simulated shift against `switchboard serve`, killed with SIGKILL at random
// moments and restarted on the same data at least N times (default 20); then
// every acknowledged command is looked for in the server's store: each must be
// there exactly once. Prints the ledgers and the goal lines.
//
// --failover: the store is PostgreSQL (a throwaway cluster on 127.0.0.1) and a
// standby core waits beside the active one; each kill is a takeover by the
// standby (and the killed core's place is taken by a new standby), N times
// (default 10). Prints every takeover's time, kill to listening.
//
// --gateways N (with --failover): the agents' panels are on N `switchboard
// gateway` processes in turn, and the visitors and the providers' webhooks
// come through the first (issue 19): a kill is then a takeover behind the
// gateways, which send what was in flight again to the new core.
import { flag, option } from '../../bench/lib/common.mjs';
import { printGoals } from '../lib/goals.mjs';
import { chaosGoals, runChaos } from './run.mjs';

const failover = flag('failover');
const gateways = option('gateways', 0);
const kills = option('kills', failover ? 10 : 20);
const verbose = flag('verbose');
const started = Date.now();
const result = await runChaos({
  kills,
  seed: option('seed', undefined),
  dist: option('dist', undefined),
  failover,
  gateways,
  log: (line) => (verbose || !line.startsWith('kill ')) && console.error(line),
});
console.log(
  `chaos: seed ${result.seed}, ${result.kills} kills (${result.killsMidCommand} the instant a command was written) in ${((Date.now() - started) / 1000).toFixed(0)} s; ${result.commandsSent} commands sent, ${result.inFlightAtKills} outstanding at the kills`,
);
if (result.takeoversMs.length > 0) {
  const sorted = [...result.takeoversMs].sort((a, b) => a - b);
  console.log(`takeovers (kill -9 of the active core -> the standby listening), ms: ${result.takeoversMs.join(', ')}; median ${sorted[Math.floor(sorted.length / 2)]}, max ${sorted.at(-1)}`);
}
if (!result.drained) console.log(`the clients' journals still held ${result.outstanding} commands after the wind-down`);
if (result.unexpectedExits) console.log(`the server died ${result.unexpectedExits} times by itself`);
for (const c of result.checks) {
  const refusals = Object.entries(c.refusals).map(([code, n]) => `${code} ${n}`).join(', ');
  console.log(`${c.name}: ${c.acknowledged} acknowledged, ${c.lost.length} lost, ${c.doubled.length} doubled${refusals ? `; refused: ${refusals}` : ''}`);
  for (const k of c.lost.slice(0, 5)) console.log(`  lost: ${k}`);
  for (const k of c.doubled.slice(0, 5)) console.log(`  doubled: ${k}`);
}
process.exitCode = printGoals(chaosGoals(result, kills)) ? 0 : 1;
