// Calls per second through inbound -> queue -> deskphone over real SIP, call
// setup latency (INVITE to 200 OK, as the caller sees it), and where the time
// goes when switchboard is what limits it.
//
//   npm run bench:sip -- [--rate 200] [--calls 6000] [--agents 400] [--talk 1000] [--phone-ports 1] [--data DIR] [--probe] [--profile FILE]
//
// Needs a drachtio server and sipp, the same as the integration suite:
//   SWITCHBOARD_DRACHTIO=host:port:secret   the drachtio server's control port and secret
//   SWITCHBOARD_DRACHTIO_SIP=host:port      where sipp sends SIP to it (default host:5060)
//   SWITCHBOARD_SIPP_IP=ip                  where sipp listens, reachable by drachtio (default 127.0.0.1)
// Without them it says it is skipped, and why, and exits 0. No drachtio server
// comes from npm or Debian (see README, Telephony over SIP).
//
// Layout: the compiled server (dist/) runs in this process with the SIP
// adapter; --agents agents, each with a static deskphone URI, are logged in to
// queue 7001 (longest idle, wrap-up 0 s, no dispositions, so an agent is free
// again when the caller hangs up). Their phones are played by --phone-ports
// sipp instances from port 5071 up (test/telephony/sipp/phone-answer.xml:
// auto-answer, checking the header form phones read). A second sipp plays the
// carrier (carrier-talk.xml, port 5090): --calls callers at --rate per second,
// each talking --talk ms. sipp measures setup latency per call (-trace_rtt).
//
// Figures: completed calls per second = successful calls over the time from
// the first answer to the last; setup p50 / p99; failed = every offered call
// that did not complete (sipp's failures and calls that never ended). Where
// the time goes: CPU of switchboard (this process), the drachtio server and
// the sipps over the run, this process's event-loop delay, and the setup's
// hops (lib/sip-hops.mjs: how much of it is inside switchboard, and how much
// the phone's leg through drachtio); with --probe
// also the engine's transactions per call and their time (the SQLite commit
// inside). The probe reads this process's CPU time around every transaction,
// which costs about a tenth of its CPU at 200 calls/s, so the goal figures of
// a run with it are not the clean ones. --profile FILE writes a V8 CPU profile
// of the measured phase. --data DIR puts
// the SQLite store there instead of a temporary directory (e.g. /dev/shm, to
// see what the disk's fsync costs: the store commits each transaction with
// synchronous = FULL).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { flag, fmt, machineLine, option, profilePhase, quantile, sleep } from './lib/common.mjs';
import { probeServer } from './lib/probe.mjs';
import { traceSipHops } from './lib/sip-hops.mjs';
import { udpBound } from './lib/udp-bound.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SIPP_DIR = join(ROOT, 'test', 'telephony', 'sipp');

const skip = (why) => {
  console.log(`bench:sip skipped: ${why}`);
  process.exit(0);
};

const sippInstalled = () => (process.env.PATH ?? '').split(':').some((dir) => existsSync(join(dir, 'sipp')));
const target = process.env.SWITCHBOARD_DRACHTIO;
if (!target) skip('SWITCHBOARD_DRACHTIO is not set (host:port:secret of a drachtio server); see README, Telephony over SIP.');
if (!sippInstalled()) skip('sipp is not installed (Debian: apt-get install sip-tester).');
const m = /^([^:]+):(\d+):(.+)$/.exec(target);
if (!m) {
  console.error(`bench:sip: SWITCHBOARD_DRACHTIO must be host:port:secret, got "${target}".`);
  process.exit(2);
}
const drachtio = { host: m[1], port: Number(m[2]), secret: m[3] };
const sipTarget = process.env.SWITCHBOARD_DRACHTIO_SIP ?? `${drachtio.host}:5060`;
const ip = process.env.SWITCHBOARD_SIPP_IP ?? '127.0.0.1';
if (!existsSync(join(ROOT, 'dist', 'server', 'runtime.js'))) skip('dist/ is missing: run npm run build first.');

const RATE = option('rate', 200);
const CALLS = option('calls', 6000);
const AGENTS = option('agents', 400);
const TALK = option('talk', 1000);
const PHONE_PORTS = Math.max(1, option('phone-ports', 1));
const DATA = option('data', null);
const PROBE = flag('probe');
const FIRST_PHONE_PORT = 5071;
const loadAtStart = loadavg()[0];

const dist = (path) => import(pathToFileURL(join(ROOT, 'dist', path)).href);
const { startServer } = await dist('server/runtime.js');
const { parseConfig } = await dist('core/config/parse.js');

const agents = Array.from({ length: AGENTS }, (_, i) => String(20000 + i));
const phonePort = (i) => FIRST_PHONE_PORT + (i % PHONE_PORTS);
const config = parseConfig(
  [
    // The carrier's sipp sends 200 calls/s from one address: a carrier trunk, not limited per address.
    `sip: { carriers: [{ address: "${ip}" }] }`,
    'voiceQueues:',
    '  - { number: "7001", name: Bench, strategy: longest-idle, ringTimeoutSeconds: 10, wrapUpSeconds: 0, maxMissedOffers: 0 }',
    'agents:',
    ...agents.map(
      (n, i) =>
        `  - { number: "${n}", name: Agent ${n}, email: a${n}@bench.io, pin: "${n}", password: pass, device: deskphone, autoAnswer: true, voiceQueues: ["7001"], sip: { uri: "sip:agent${n}@${ip}:${phonePort(i)}" } }`,
    ),
  ].join('\n'),
  'bench-sip.yaml',
);

const work = mkdtempSync(join(tmpdir(), 'switchboard-bench-sip-'));
const dataDir = DATA ? mkdtempSync(join(DATA, 'switchboard-bench-sip-data-')) : null;
const log = [];
const hops = traceSipHops();
const server = await startServer({ config, dataDir, port: null, simulate: false, sip: { drachtio, trunk: null }, log: (line) => log.push(line) });
const children = [];
const cleanUp = async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  await server.close();
  rmSync(work, { recursive: true, force: true });
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
};
const readyBy = Date.now() + 10_000;
while (!server.engine.isTelephonyReady()) {
  if (Date.now() > readyBy) {
    console.error(`bench:sip: the drachtio server at ${drachtio.host}:${drachtio.port} did not accept the connection within 10 s.`);
    await cleanUp();
    process.exit(1);
  }
  await sleep(50);
}
let id = 0;
for (const n of agents) {
  const r = server.engine.handle({ v: 1, id: `b${++id}`, cmd: 'session.login', args: { agent: n, pin: n } }, { principal: null, address: 'bench' });
  if (!r.ok) throw new Error(`login ${n}: ${r.error.message}`);
}

function sipp(scenario, port, args) {
  const child = spawn('sipp', ['-sf', join(SIPP_DIR, scenario), '-nostdin', '-i', ip, '-p', String(port), ...args], { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const done = new Promise((resolve) => child.on('close', (code) => resolve({ code, out })));
  return { child, done };
}

/** Wait until a sipp listens on its port (read from the kernel: probing by binding could take the port from it). */
async function listening(run, port) {
  const by = Date.now() + 10_000;
  while (udpBound(ip, port) === false) {
    if (run.child.exitCode !== null || Date.now() > by) {
      console.error(`bench:sip: the phones' sipp did not listen on ${ip}:${port}:\n${(await run.done).out.slice(-1500)}`);
      await cleanUp();
      process.exit(1);
    }
    await sleep(20);
  }
  if (udpBound(ip, port) === null) await sleep(1000); // no /proc to read: give it a second
}

const runSeconds = Math.ceil(CALLS / RATE + TALK / 1000 + 60);
const phones = [];
for (let p = 0; p < PHONE_PORTS; p++) {
  const port = FIRST_PHONE_PORT + p;
  const run = sipp('phone-answer.xml', port, ['-timeout', `${runSeconds}s`, '-trace_err', '-error_file', join(work, `phone-${port}-errors.log`)]);
  phones.push(run);
  await listening(run, port);
}

/** CPU seconds a process has used so far (/proc/PID/stat utime + stime), or NaN. */
const ticks = 100;
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / ticks;
  } catch {
    return NaN;
  }
}
/** The drachtio server's process, if it runs on this machine (read from /proc, for its CPU figure). */
function drachtioPid() {
  try {
    return readdirSync('/proc').find((p) => /^\d+$/.test(p) && readFileSync(`/proc/${p}/comm`, 'utf8').trim() === 'drachtio') ?? null;
  } catch {
    return null;
  }
}

const probe = PROBE ? probeServer(server) : null;
// Sampled every millisecond; what it reports includes that millisecond, taken off below.
const loopDelay = monitorEventLoopDelay({ resolution: 1 });
const lag = (ns) => Math.max(0, ns / 1e6 - 1);
const stopProfile = await profilePhase();
const dPid = drachtioPid();
const before = { self: process.cpuUsage(), drachtio: dPid ? cpuSeconds(dPid) : NaN, phones: phones.map((r) => cpuSeconds(r.child.pid)), at: Date.now() };
probe?.start();
hops.start();
loopDelay.enable();
const carrier = sipp('carrier-talk.xml', 5090, [
  '-s', '7001', '-r', String(RATE), '-m', String(CALLS), '-l', String(AGENTS), '-d', String(TALK),
  '-trace_rtt', '-rtt_freq', '1', '-trace_err', '-error_file', join(work, 'carrier-errors.log'), '-timeout', `${runSeconds}s`, '-timeout_error', sipTarget,
]);
let carrierCpu = NaN;
const sampleCarrier = setInterval(() => {
  const s = cpuSeconds(carrier.child.pid);
  if (Number.isFinite(s)) carrierCpu = s;
}, 500);
const result = await carrier.done;
clearInterval(sampleCarrier);
const elapsed = (Date.now() - before.at) / 1000;
loopDelay.disable();
const hopFigures = hops.stop();
const records = probe ? probe.stop().records : null;
const profile = await stopProfile();
const selfCpu = process.cpuUsage(before.self);
const after = { drachtio: dPid ? cpuSeconds(dPid) : NaN, phones: phones.map((r) => cpuSeconds(r.child.pid)) };
for (const run of phones) run.child.kill('SIGTERM');
await Promise.all(phones.map((r) => r.done));

// The last statistics screen sipp printed: "Successful call | <periodic> | <cumulative>".
const cumulative = (label) => {
  const lines = result.out.split('\n').filter((l) => l.trim().startsWith(label));
  const last = lines[lines.length - 1];
  return last ? Number(last.split('|')[2]?.trim() ?? NaN) : NaN;
};
const ok = cumulative('Successful call');
const sippFailed = cumulative('Failed call');
const failed = CALLS - (Number.isFinite(ok) ? ok : 0);

// -trace_rtt -rtt_freq 1 writes "Date_ms;response_time_ms;rtd_no" per call, times
// in ms since sipp started (e.g. "104.001;3;setup").
const rttFile = readdirSync(work).find((f) => f.endsWith('_rtt.csv'));
const samples = [];
let firstAnswer = Infinity;
let lastAnswer = -Infinity;
if (rttFile) {
  for (const line of readFileSync(join(work, rttFile), 'utf8').split('\n').slice(1)) {
    const [at, ms, name] = line.split(';');
    if (name?.trim() !== 'setup' || !Number.isFinite(Number(ms))) continue;
    samples.push(Number(ms));
    firstAnswer = Math.min(firstAnswer, Number(at));
    lastAnswer = Math.max(lastAnswer, Number(at));
  }
}
const span = (lastAnswer - firstAnswer) / 1000;
const perSecond = span > 0 ? ok / span : NaN;
const p50 = quantile(samples, 0.5);
const p99 = quantile(samples, 0.99);

console.log(`bench:sip  drachtio ${drachtio.host}:${drachtio.port}, SIP ${sipTarget}, sipp on ${ip}`);
console.log(machineLine(loadAtStart));
console.log(`  store        ${dataDir ? dataDir.replace(/[^/]+$/, '') : 'a temporary directory under ' + tmpdir()} (SQLite, WAL, synchronous = FULL)`);
console.log(`  offered      ${CALLS} calls at ${RATE}/s to ${AGENTS} auto-answer deskphones (${PHONE_PORTS} sipp), ${TALK} ms talk`);
console.log(`  completed    ${ok} ok, ${sippFailed} failed by sipp, ${failed} not completed, in ${fmt(elapsed, 1)} s (sipp exit ${result.code})`);
console.log(`  sustained    ${fmt(perSecond, 1)} calls/s answered (first to last answer over ${fmt(span, 1)} s)`);
// Every phone answers here: an offer given up as unreachable is a busy server taking a late answer for silence.
const unreachable = log.filter((line) => /did not respond within|could not be reached/.test(line)).length;
console.log(`  phones       ${unreachable} offers taken for an unreachable phone (all phones answer: should be 0)`);
console.log(`  setup        INVITE -> 200 OK: p50 ${fmt(p50, 1)} ms, p99 ${fmt(p99, 1)} ms, max ${fmt(quantile(samples, 1), 0)} ms (${samples.length} samples)`);

// Where the time goes.
const share = (seconds) => `${fmt((seconds / elapsed) * 100, 0)}% of a core`;
const selfSeconds = (selfCpu.user + selfCpu.system) / 1e6;
const phoneSeconds = after.phones.reduce((sum, s, i) => sum + (s - before.phones[i]), 0);
console.log(`  CPU over the run (${cpus().length} cores on the machine):`);
console.log(`    switchboard  ${fmt(selfSeconds, 1)} s, ${share(selfSeconds)}, ${fmt((selfSeconds * 1000) / Math.max(1, ok), 2)} ms per call`);
if (Number.isFinite(after.drachtio)) console.log(`    drachtio     ${fmt(after.drachtio - before.drachtio, 1)} s, ${share(after.drachtio - before.drachtio)}`);
console.log(`    sipp phones  ${fmt(phoneSeconds, 1)} s, ${share(phoneSeconds)}; carrier ${fmt(carrierCpu, 1)} s, ${share(carrierCpu)}`);
if (records) {
  const total = records.map((r) => r.total);
  const commit = records.map((r) => r.commit);
  const busy = total.reduce((a, b) => a + b, 0) / 1000;
  console.log(
    `  engine       ${records.length} transactions (${fmt(records.length / Math.max(1, ok), 1)} per call), each p50 ${fmt(quantile(total, 0.5), 2)} / p99 ${fmt(quantile(total, 0.99), 2)} ms` +
      ` (SQLite commit p50 ${fmt(quantile(commit, 0.5), 2)} / p99 ${fmt(quantile(commit, 0.99), 2)} / max ${fmt(quantile(commit, 1), 0)} ms, ${fmt(commit.reduce((a, b) => a + b, 0) / 1000, 1)} s in all); ${fmt((busy / elapsed) * 100, 0)}% of the run inside transactions (probe on: figures include its cost)`,
  );
}
const { inside, phoneLeg } = hopFigures;
console.log(
  `  setup's hops carrier INVITE in -> 200 OK out, inside switchboard: p50 ${fmt(inside.p50, 1)} / p99 ${fmt(inside.p99, 1)} ms (${inside.n} calls);` +
    ` of it, the phone's leg (INVITE to drachtio -> the phone's 200 OK back): p50 ${fmt(phoneLeg.p50, 1)} / p99 ${fmt(phoneLeg.p99, 1)} ms; the rest of sipp's figure is drachtio and the carrier's side`,
);
console.log(`  event loop   delay p50 ${fmt(lag(loopDelay.percentile(50)), 1)} ms, p99 ${fmt(lag(loopDelay.percentile(99)), 1)} ms, max ${fmt(lag(loopDelay.max), 1)} ms`);
if (profile) console.log(`  profile      ${profile} (open in Chrome DevTools)`);
if (result.code !== 0 || failed > 0) {
  const firstLines = (file) => {
    try {
      return readFileSync(join(work, file), 'utf8').split('\n').slice(0, 12).join('\n');
    } catch {
      return '(none written)';
    }
  };
  console.log(`  sipp's first errors (carrier):\n${firstLines('carrier-errors.log')}`);
  console.log(`  switchboard's log, last lines:\n${log.slice(-10).join('\n')}`);
}

const goal = (name, value, unit, op, targetValue, digits) => {
  const met = Number.isFinite(value) && (op === '>=' ? value >= targetValue : value <= targetValue);
  console.log(`goal ${name}: ${fmt(value, digits)} ${unit} (target ${op} ${targetValue}): ${met ? 'met' : 'missed'}`);
};
goal('sip.calls_per_s', perSecond, 'calls/s', '>=', 200, 1);
goal('sip.setup_p99_ms', p99, 'ms', '<=', 20, 1);
goal('sip.failed', failed, 'calls', '<=', 0, 0);

await server.close();
rmSync(work, { recursive: true, force: true });
if (dataDir) rmSync(dataDir, { recursive: true, force: true });
