// Calls per second through inbound -> queue -> deskphone over real SIP, and
// call setup latency (INVITE to 200 OK, as the caller sees it) p50 / p99.
//
//   npm run bench:sip -- [--rate 10] [--calls 300] [--agents 40] [--talk 1000]
//
// Needs a drachtio server and sipp, the same as the integration suite:
//   SWITCHBOARD_DRACHTIO=host:port:secret   the drachtio server's control port and secret
//   SWITCHBOARD_DRACHTIO_SIP=host:port      where sipp sends SIP to it (default host:5060)
//   SWITCHBOARD_SIPP_IP=ip                  where sipp listens, reachable by drachtio (default 127.0.0.1)
// Without them it says it is skipped, and why, and exits 0. No drachtio server
// comes from npm or Debian (see README, Telephony over SIP).
//
// Layout: the compiled server (dist/) runs in this process with the SIP
// adapter; --agents agents, each with a static deskphone URI on one sipp
// instance that auto-answers every INVITE (test/telephony/sipp/phone-answer.xml,
// port 5071), are logged in to queue 7001 (wrap-up 0 s, no dispositions, so an
// agent is free again when the caller hangs up). A second sipp plays the
// carrier (carrier-talk.xml, port 5090): --calls callers at --rate per second,
// each talking --talk ms. sipp measures setup latency per call (-trace_rtt);
// sustained rate = successful calls / time between the first and the last
// answer.
import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SIPP_DIR = join(ROOT, 'test', 'telephony', 'sipp');

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const n = Number(process.argv[i + 1]);
  if (!Number.isFinite(n) || n <= 0) {
    console.error(`--${name} expects a positive number, got ${process.argv[i + 1]}`);
    process.exit(2);
  }
  return n;
}

function sippInstalled() {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, 'sipp'), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

const skip = (why) => {
  console.log(`bench:sip skipped: ${why}`);
  process.exit(0);
};

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

const RATE = option('rate', 10);
const CALLS = option('calls', 300);
const AGENTS = option('agents', 40);
const TALK = option('talk', 1000);

const dist = (path) => import(pathToFileURL(join(ROOT, 'dist', path)).href);
const { startServer } = await dist('server/runtime.js');
const { parseConfig } = await dist('core/config/parse.js');

const agents = Array.from({ length: AGENTS }, (_, i) => String(2000 + i));
const config = parseConfig(
  [
    'voiceQueues:',
    '  - { number: "7001", name: Bench, strategy: longest-idle, ringTimeoutSeconds: 10, wrapUpSeconds: 0, maxMissedOffers: 0 }',
    'agents:',
    ...agents.map((n) => `  - { number: "${n}", name: Agent ${n}, email: a${n}@bench.io, pin: "${n}", password: pass, device: deskphone, autoAnswer: true, voiceQueues: ["7001"], sip: { uri: "sip:agent${n}@${ip}:5071" } }`),
  ].join('\n'),
  'bench-sip.yaml',
);

const work = mkdtempSync(join(tmpdir(), 'switchboard-bench-sip-'));
const server = await startServer({ config, dataDir: null, port: null, simulate: false, sip: { drachtio, trunk: null }, log: () => {} });
const deadline = Date.now() + 10_000;
while (!server.engine.isTelephonyReady()) {
  if (Date.now() > deadline) {
    console.error(`bench:sip: the drachtio server at ${drachtio.host}:${drachtio.port} did not accept the connection within 10 s.`);
    await server.close();
    process.exit(1);
  }
  await new Promise((r) => setTimeout(r, 50));
}
let id = 0;
for (const n of agents) {
  const r = server.engine.handle({ v: 1, id: `b${++id}`, cmd: 'session.login', args: { agent: n, pin: n } }, { principal: null, address: 'bench' });
  if (!r.ok) throw new Error(`login ${n}: ${r.error.message}`);
}

function sipp(scenario, args) {
  const child = spawn('sipp', ['-sf', join(SIPP_DIR, scenario), '-nostdin', '-i', ip, ...args], { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const done = new Promise((resolve) => child.on('close', (code) => resolve({ code, out })));
  return { child, done };
}

const phones = sipp('phone-answer.xml', ['-p', '5071', '-timeout', `${Math.ceil(CALLS / RATE + 60)}s`]);
// The first INVITE must find the phones listening (drachtio would answer 503).
await new Promise((r) => setTimeout(r, 1000));
const started = Date.now();
const carrier = sipp('carrier-talk.xml', [
  '-s', '7001', '-p', '5090', '-r', String(RATE), '-m', String(CALLS), '-l', String(AGENTS), '-d', String(TALK),
  '-trace_rtt', '-rtt_freq', '1', '-trace_err', '-error_file', join(work, 'carrier-errors.log'), '-timeout', `${Math.ceil(CALLS / RATE + 60)}s`, '-timeout_error', sipTarget,
]);
const result = await carrier.done;
const elapsed = (Date.now() - started) / 1000;
phones.child.kill('SIGTERM');
await phones.done;

// The last statistics screen sipp printed: "Successful call | <periodic> | <cumulative>".
const cumulative = (label) => {
  const lines = result.out.split('\n').filter((l) => l.trim().startsWith(label));
  const last = lines[lines.length - 1];
  return last ? Number(last.split('|')[2]?.trim() ?? NaN) : NaN;
};
const ok = cumulative('Successful call');
const failed = cumulative('Failed call');

// -trace_rtt -rtt_freq 1 writes "Date_ms;response_time_ms;rtd_no" per call, times
// in ms since sipp started (e.g. "104.001;3;setup").
const rttFile = readdirSync(work).find((f) => f.endsWith('_rtt.csv'));
const samples = [];
const answeredAt = [];
if (rttFile) {
  for (const line of readFileSync(join(work, rttFile), 'utf8').split('\n').slice(1)) {
    const [at, ms, name] = line.split(';');
    if (name?.trim() !== 'setup' || !Number.isFinite(Number(ms))) continue;
    samples.push(Number(ms));
    answeredAt.push(Number(at) + Number(ms));
  }
}
samples.sort((a, b) => a - b);
const q = (p) => (samples.length ? samples[Math.min(samples.length - 1, Math.floor(p * (samples.length - 1) + 0.5))] : NaN);
const span = answeredAt.length > 1 ? (Math.max(...answeredAt) - Math.min(...answeredAt)) / 1000 : NaN;

console.log(`bench:sip  drachtio ${drachtio.host}:${drachtio.port}, SIP ${sipTarget}, sipp on ${ip}`);
console.log(`  offered      ${CALLS} calls at ${RATE}/s, ${AGENTS} auto-answer deskphones, ${TALK} ms talk`);
console.log(`  completed    ${ok} ok, ${failed} failed in ${elapsed.toFixed(1)} s (sipp exit ${result.code})`);
console.log(`  sustained    ${(ok / span).toFixed(1)} calls/s answered (first to last answer over ${span.toFixed(1)} s)`);
console.log(`  setup        INVITE -> 200 OK: p50 ${q(0.5).toFixed(0)} ms, p99 ${q(0.99).toFixed(0)} ms, max ${q(1).toFixed(0)} ms (${samples.length} samples)`);
if (result.code !== 0 || failed > 0) {
  let errors = '';
  try {
    errors = readFileSync(join(work, 'carrier-errors.log'), 'utf8');
  } catch {
    // sipp wrote none
  }
  console.log(`  sipp's first errors:\n${errors.split('\n').slice(0, 20).join('\n')}`);
}

await server.close();
rmSync(work, { recursive: true, force: true });
