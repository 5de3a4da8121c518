// A fleet of thin clients on one host: the agent panel served over SSH by
// one server process, against one `switchboard connect` process per agent
// (the OpenSSH ForceCommand way), and a burst of hotkeys over a slow link.
//
//   npm run bench:fleet -- [--sizes 100,300,500] [--idle 20] [--keys 400] [--clients 4]
//                          [--procs 100] [--rounds 50] [--skip-procs] [--progress]
//
// 1. In-process panels (N = each of --sizes): this process runs the core and
//    the SSH server; --clients client processes (bench/fleet-clients.mjs) open
//    N ssh2 sessions with an 80x24 pty and log each agent in. Figures: the
//    server's RSS per panel (RSS with N panels, after a GC, less this
//    process's RSS before any server ran: the server itself counts too),
//    its CPU over --idle seconds with every panel idle, per panel (% of one
//    core), bytes an idle panel receives per minute, and keypress -> changed
//    frame: `?` (help opens) then Esc (it closes) in a random session, one at a
//    time, 100-200 ms apart (a person's pace; the burst below is the fast
//    typing), timed in the client from the write to the bytes with the new text.
// 2. --procs panels as separate `switchboard connect` processes, each in its
//    own tmux pane (80x24) with its own state directory (as agents with their
//    own accounts), logged in through the screens; RSS and CPU of each over
//    --idle seconds; RSS against a bare Ink program (bench/ink-hello.mjs), as
//    bench:tui measures it.
// 3. The slow-link burst (bench/lib/slowlink.mjs): --rounds disposition
//    hotkeys and as many pause/unpause toggles, typed round by round without
//    waiting for their effect, over a link with 100 ms round trip.
//
// Runs the compiled code (dist/): build first.

// As bin/switchboard.js runs it: React's production build.
process.env.NODE_ENV ??= 'production';
// Someone watches every SSH panel (as `serve --ssh` sets up): Ink must draw and chalk colour.
delete process.env.CI;
delete process.env.CONTINUOUS_INTEGRATION;
process.env.FORCE_COLOR ??= '1';

import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import { distDir, distImport, flag, fmt, forkClients, goal, machineLine, now, option, progressLog, quantile, sleep } from './lib/common.mjs';
import { benchAgent, CENTER } from './lib/config.mjs';
import { burstPlan, expectedOutcome, netemProbe, ONE_WAY_MS, score, startFeeder, startSlowRelay } from './lib/slowlink.mjs';
import { cpuMs, rssMiB, tmuxServer } from './lib/tmux.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = distDir(import.meta.url);
const { startServer } = await distImport(DIST, 'server/runtime.js');
const { startSshServer } = await distImport(DIST, 'ssh/server.js');
const { parseConfig } = await distImport(DIST, 'core/config/parse.js');

const SIZES = String(option('sizes', '100,300,500')).split(',').map(Number).filter((n) => n > 0);
const IDLE_S = option('idle', 20);
const KEYS = option('keys', 400);
const CLIENT_PROCS = Math.max(1, option('clients', 4));
const PROCS = option('procs', 100);
const ROUNDS = option('rounds', 50);
const SKIP_PROCS = flag('skip-procs');
const startedAt = now();
const progress = progressLog(flag('progress'), startedAt);
const MiB = 1024 * 1024;

const DISPOSITIONS = [
  { name: 'Resolved', code: 'RES', hotkey: '1' },
  { name: 'Escalated', code: 'ESC', hotkey: '2' },
  { name: 'Call back', code: 'CB', hotkey: '3' },
  { name: 'Wrong number', code: 'WN', hotkey: '4' },
];
const PAUSE_REASONS = ['Break', 'Lunch', 'Meeting', 'Training', 'Coaching', 'No answer'];

/** n agents in two voice queues and a chat queue, as a floor of a contact center. */
function fleetConfig(n, burstQueue = false) {
  const queue = (number, name) => ({ number, name, strategy: 'longest-idle', ringTimeoutSeconds: 20, wrapUpSeconds: 0, dispositions: 'fleet', serviceLevelSeconds: 20, minIdleAgents: 0 });
  return parseConfig(
    JSON.stringify({
      center: CENTER,
      pauseReasons: PAUSE_REASONS,
      dispositions: { fleet: DISPOSITIONS.map((d) => ({ ...d, type: 'final' })) },
      voiceQueues: burstQueue ? [queue('8009', 'Burst')] : [queue('8001', 'Support'), queue('8002', 'Sales')],
      messagingQueues: [{ id: 'chat', name: 'Chat', channels: ['livechat'] }],
      agents: Array.from({ length: n }, (_, i) => ({
        ...benchAgent(i),
        voiceQueues: burstQueue ? ['8009'] : i % 2 ? ['8001', '8002'] : ['8001'],
        messagingQueues: ['chat'],
        capacity: { livechat: 3 },
      })),
      simulator: { callsPerMinute: 0, chatsPerHour: 0, patienceSeconds: { min: 36000, max: 36000 }, talkSeconds: { min: 36000, max: 36000 } },
    }),
    'bench-fleet-config.json',
  );
}

const gc = (() => {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc');
})();
const rss = () => {
  gc();
  gc();
  return process.memoryUsage().rss;
};
const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const median = (xs) => quantile(xs, 0.5);
const RSS_AT_START = rss();
const scratch = mkdtempSync(join(tmpdir(), 'switchboard-bench-fleet-'));
const cleanups = [];
const guard = setTimeout(() => {
  console.error('bench:fleet did not finish within 40 minutes; giving up');
  void cleanup().finally(() => process.exit(1));
}, 40 * 60_000);
guard.unref();

async function cleanup() {
  for (const fn of cleanups.splice(0).reverse()) await Promise.resolve(fn()).catch(() => {});
  rmSync(scratch, { recursive: true, force: true });
}

function forkFleet(n) {
  const forks = Array.from({ length: n }, () => forkClients(new URL('./fleet-clients.mjs', import.meta.url), [], [...process.execArgv, '--max-semi-space-size=16']));
  cleanups.push(() => forks.forEach((f) => f.child.kill('SIGKILL')));
  return forks;
}

async function startCenter(config, name) {
  const server = await startServer({ config, dataDir: mkdtempSync(join(scratch, `${name}-`)), host: '127.0.0.1', port: 0, simulate: false });
  const ssh = await startSshServer(server, { host: '127.0.0.1', port: 0 });
  const stop = async () => {
    await ssh.close();
    await server.close();
  };
  cleanups.push(stop);
  return { server, ssh, stop };
}

// --- 1. in-process panels ------------------------------------------------------

async function inProcess(n) {
  const forks = forkFleet(CLIENT_PROCS);
  await Promise.all(forks.map((f) => f.ready));
  const { server, ssh, stop } = await startCenter(fleetConfig(n), `inproc-${n}`);
  await sleep(500);
  // What this process held before any server ran: the server's own memory and whatever an earlier
  // size left behind are counted against the panels, so the figure errs high, never low.
  const rssBefore = RSS_AT_START;
  const agents = server.engine.config.agents.map((a) => a.number);
  const shares = forks.map((_, k) => agents.filter((__, i) => i % forks.length === k));
  progress(`N=${n}: logging ${n} agents in over SSH`);
  const opened = await Promise.all(forks.map((f, k) => f.ask('open', { port: ssh.port, agents: shares[k], concurrency: 6 })));
  const loginMs = opened.flatMap((o) => o.loginMs);
  progress(`N=${n}: ${ssh.panels().length} panels; settling`);
  await sleep(5000);
  const rssAfter = rss();
  const perPanelMiB = (rssAfter - rssBefore) / n / MiB;

  const bytes0 = (await Promise.all(forks.map((f) => f.ask('bytes')))).flat();
  const cpu0 = cpuNow();
  const t0 = now();
  await sleep(IDLE_S * 1000);
  const cpu1 = cpuNow();
  const t1 = now();
  const bytes1 = (await Promise.all(forks.map((f) => f.ask('bytes')))).flat();
  const idleCpuPct = ((cpu1 - cpu0) / (t1 - t0)) * 100;
  const perMinute = bytes1.map((b, i) => ((b - bytes0[i]) * 60_000) / (t1 - t0));

  progress(`N=${n}: ${KEYS} keys`);
  const latencies = [];
  for (let k = 0; k < KEYS; k += 2) {
    // Help opens in a random panel, and closes again there.
    const f = Math.floor(Math.random() * forks.length);
    const index = Math.floor(Math.random() * shares[f].length);
    latencies.push(await forks[f].ask('press', { index, key: '?', marker: 'Keys' }));
    await sleep(100 + Math.random() * 100);
    latencies.push(await forks[f].ask('press', { index, key: '\u001b', marker: 'My queues' }));
    await sleep(100 + Math.random() * 100);
  }
  await Promise.all(forks.map((f) => f.ask('close')));
  await stop();
  cleanups.splice(cleanups.indexOf(stop), 1);
  for (const f of forks) f.child.kill();
  return {
    n,
    panels: opened.reduce((s, o) => s + o.opened, 0),
    perPanelMiB,
    rssMiB: rssAfter / MiB,
    idleCpuPct,
    perPanelCpuPct: idleCpuPct / n,
    bytesPerMinute: median(perMinute),
    bytesPerMinuteMax: Math.max(...perMinute),
    loginP50: median(loginMs),
    keyP50: median(latencies),
    keyP99: quantile(latencies, 0.99),
  };
}

// --- 2. one connect process per agent ----------------------------------------------

async function connectProcesses(n) {
  const server = await startServer({ config: fleetConfig(n), dataDir: mkdtempSync(join(scratch, 'procs-')), host: '127.0.0.1', port: 0, simulate: false });
  cleanups.push(() => server.close());
  const term = tmuxServer(`switchboard-bench-fleet-${process.pid}`);
  cleanups.push(() => term.kill());
  await term.launch('keep', 'sleep 3600');
  const agents = server.engine.config.agents.map((a) => a.number);
  const pids = [];
  let next = 0;
  const worker = async () => {
    while (next < agents.length) {
      const i = next++;
      const agent = agents[i];
      const name = `a${agent}`;
      // Each agent's own state and config directories, as their own accounts would have.
      const home = join(scratch, 'homes', agent);
      await term.launch(name, `${process.execPath} bin/switchboard.js connect ${server.http.url} --agent ${agent}`, { SWITCHBOARD_STATE_DIR: join(home, 'state'), XDG_CONFIG_HOME: join(home, 'config'), NO_COLOR: '' }, ROOT);
      await term.waitFor(name, 'switchboard — agent login', 60_000, 100);
      // The login opens on Agent number, prefilled: Tab to the PIN.
      await term.keys(name, 'Tab');
      await term.keys(name, '-l', agent);
      await term.waitFor(name, '•'.repeat(agent.length), 30_000, 100);
      await term.keys(name, 'Enter');
      await term.waitFor(name, 'Agent login —', 30_000, 100);
      await term.keys(name, 'Enter');
      await term.waitFor(name, 'AVAILABLE', 30_000, 100);
      pids.push(await term.nodePid(name));
      if (pids.length % 10 === 0) progress(`connect processes: ${pids.length} logged in`);
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  await sleep(5000);
  const cpu0 = pids.map(cpuMs);
  const t0 = now();
  await sleep(IDLE_S * 1000);
  const cpu1 = pids.map(cpuMs);
  const t1 = now();
  const rssEach = pids.map(rssMiB);
  const cpuPct = pids.map((_, i) => ((cpu1[i] - cpu0[i]) / (t1 - t0)) * 100);
  for (const agent of agents) await term.tmux('kill-session', '-t', `a${agent}`).catch(() => {});

  // The floor: a bare Ink program, three times, in the same kind of pane.
  const ink = [];
  for (let k = 0; k < 3; k++) {
    const name = `ink${k}`;
    await term.launch(name, `${process.execPath} bench/ink-hello.mjs`, {}, ROOT);
    await term.waitFor(name, 'hello', 30_000);
    const pid = await term.nodePid(name);
    await sleep(1000);
    ink.push(rssMiB(pid));
    await term.tmux('kill-session', '-t', name);
  }
  await term.kill();
  await server.close();
  return { n: pids.length, rssMedian: median(rssEach), rssMax: Math.max(...rssEach), inkRss: median(ink), cpuMedian: median(cpuPct), cpuMax: Math.max(...cpuPct) };
}

// --- 3. the slow-link burst ------------------------------------------------------

async function slowLink(rounds) {
  const [client] = forkFleet(1);
  await client.ready;
  const config = fleetConfig(1, true);
  const { server, ssh, stop } = await startCenter(config, 'burst');
  const relay = await startSlowRelay(ssh.port, ONE_WAY_MS);
  cleanups.push(() => relay.close());
  const agent = config.agents[0].number;
  const plan = burstPlan(rounds, DISPOSITIONS.map((d) => d.hotkey), PAUSE_REASONS);
  const feeder = startFeeder(server, agent, '8009');
  const typing = client.ask('burst', { port: relay.port, agent, plan });
  // The feeder joins the agent's session once the panel has logged in.
  while (!server.engine.state.agent(agent)?.session) await sleep(20);
  feeder.start();
  const { keys } = await typing;
  const expected = expectedOutcome(plan, DISPOSITIONS, PAUSE_REASONS);
  const until = now() + 30_000;
  while (feeder.recorded.codes.length < expected.codes.length && now() < until) await sleep(50);
  await sleep(1000); // anything a doubled key would still do has arrived by now
  feeder.stop();
  await client.ask('close');
  client.child.kill();
  await relay.close();
  await stop();
  const codes = score(expected.codes, feeder.recorded.codes);
  const states = score(expected.states, feeder.recorded.states);
  return { keys, expected, recorded: feeder.recorded, lost: codes.lost + states.lost, doubled: codes.doubled + states.doubled, inOrder: codes.inOrder && states.inOrder };
}

async function main() {
  const load0 = loadavg()[0];
  const results = [];
  for (const n of SIZES) results.push(await inProcess(n));
  const procs = SKIP_PROCS || PROCS === 0 ? null : await connectProcesses(PROCS);
  progress('slow-link burst');
  const netem = netemProbe();
  const burst = await slowLink(ROUNDS);
  await cleanup();
  clearTimeout(guard);

  console.log(`bench:fleet  node ${process.version}; ${machineLine(load0)}`);
  console.log('');
  console.log(`In-process SSH panels (one server process; ${CLIENT_PROCS} ssh2 client processes; idle window ${IDLE_S} s; ${KEYS} keys per size)`);
  console.log('panels  server RSS MiB  RSS/panel MiB  idle CPU % core  CPU/panel %  idle bytes/min/panel (max)  login p50 ms  key p50 / p99 ms');
  for (const r of results)
    console.log(
      `${String(r.panels).padStart(6)}  ${fmt(r.rssMiB, 0).padStart(14)}  ${fmt(r.perPanelMiB).padStart(13)}  ${fmt(r.idleCpuPct, 1).padStart(15)}  ${fmt(r.perPanelCpuPct, 3).padStart(11)}  ${`${fmt(r.bytesPerMinute, 0)} (${fmt(r.bytesPerMinuteMax, 0)})`.padStart(27)}  ${fmt(r.loginP50, 0).padStart(12)}  ${`${fmt(r.keyP50, 1)} / ${fmt(r.keyP99, 1)}`.padStart(16)}`,
    );
  if (procs) {
    console.log('');
    console.log(`${procs.n} switchboard connect processes (tmux 80x24 each, own state dirs; idle window ${IDLE_S} s)`);
    console.log(`RSS each: median ${fmt(procs.rssMedian, 1)} MiB, max ${fmt(procs.rssMax, 1)} MiB; bare Ink ${fmt(procs.inkRss, 1)} MiB`);
    console.log(`idle CPU each: median ${fmt(procs.cpuMedian, 3)} %, max ${fmt(procs.cpuMax, 3)} % of a core`);
  }
  console.log('');
  console.log(`Slow-link burst: link ${ONE_WAY_MS} ms each way through a userspace relay (${netem.ok ? 'tc netem is available but not used' : `no netem here: ${netem.why}`})`);
  console.log(`keys sent ${burst.keys}; dispositions recorded ${burst.recorded.codes.length} of ${burst.expected.codes.length}; state changes recorded ${burst.recorded.states.length} of ${burst.expected.states.length}; in order: ${burst.inOrder ? 'yes' : 'no'}; lost ${burst.lost}, doubled ${burst.doubled}`);
  console.log('');
  const worst = (f) => Math.max(...results.map(f));
  goal('fleet.inproc_rss_mib_per_panel', worst((r) => r.perPanelMiB), 'MiB', '<=', 15, 1);
  goal('fleet.inproc_idle_cpu_pct', worst((r) => r.perPanelCpuPct), '%', '<=', 0.2, 3);
  goal('fleet.key_p99_ms', worst((r) => r.keyP99), 'ms', '<=', 50, 1);
  if (procs) {
    goal('fleet.proc_rss_ratio', procs.rssMedian / procs.inkRss, '', '<=', 1.5, 2);
    goal('fleet.proc_idle_cpu_pct', procs.cpuMedian, '%', '<', 0.5, 3);
  }
  goal('fleet.slowlink_lost', burst.lost, '', '<=', 0, 0);
  goal('fleet.slowlink_doubled', burst.doubled, '', '<=', 0, 0);
}

main().catch(async (e) => {
  console.error(e);
  await cleanup();
  process.exit(1);
});
