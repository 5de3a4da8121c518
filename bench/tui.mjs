// Terminal panel start-up and footprint, beside a bare Ink "hello" program.
//
//   npm run bench:tui -- [--runs 5] [--warmup 1] [--settle 1000]
//
// In a real pseudo-terminal (tmux, 80x24, a private tmux server):
//   switchboard: `node bin/switchboard.js connect ws://127.0.0.1:<port> --agent 1001`
//                against `node bin/switchboard.js serve --config config/demo.yaml`
//                - first frame: launch -> login screen text visible
//                - type the PIN 1001, Enter -> agent login window, Enter ->
//                  logged-in panel (header shows AVAILABLE): login-to-panel time
//                - RSS of the panel's node process once logged in
//   bare Ink:    `node bench/ink-hello.mjs` - first frame ("hello") and RSS
// The screen is read with `tmux capture-pane` every ~10 ms, so times are
// good to about one poll (10 ms + one tmux call). RSS is read from
// /proc/<pid>/status (VmRSS) `--settle` ms after the screen in question shows.
// Each run gets a fresh server and data directory, so agent 1001 always logs
// in anew. Runs the compiled CLI (dist/, via bin/): build first.
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const execFileAsync = promisify(execFile);
const now = () => Number(process.hrtime.bigint()) / 1e6;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const n = Number(process.argv[i + 1]);
  if (!Number.isFinite(n) || n < 0) {
    console.error(`--${name} expects a number`);
    process.exit(2);
  }
  return n;
}

const RUNS = Math.max(1, option('runs', 5));
const WARMUP = option('warmup', 1);
const SETTLE_MS = option('settle', 1000);
const POLL_MS = 10;
const WAIT_MS = 15_000;
const DEADLINE_MS = option('deadline', 110_000);

const SOCKET = `switchboard-bench-${process.pid}`;
const tmux = (...args) => execFileAsync('tmux', ['-L', SOCKET, '-f', '/dev/null', ...args]);

if (!existsSync(join(ROOT, 'dist', 'cli.js'))) {
  console.error('dist/ is missing: build first (npx tsc -p .)');
  process.exit(1);
}

const work = mkdtempSync(join(tmpdir(), 'switchboard-bench-tui-'));
let server = null;
let tmuxStarted = false;

async function cleanup() {
  if (tmuxStarted) await tmux('kill-server').catch(() => {});
  tmuxStarted = false;
  if (server) await stopServer(server);
  rmSync(work, { recursive: true, force: true });
}

// --- the server ---------------------------------------------------------------

async function startServer(dataDir) {
  const child = spawn(process.execPath, ['bin/switchboard.js', 'serve', '--config', 'config/demo.yaml', '--port', '0', '--data', dataDir], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within 10 s:\n${err}`)), 10_000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (ws:\/\/[0-9.]+:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before listening:\n${err}`));
    });
  });
  return { child, url };
}

async function stopServer(s) {
  if (s.child.exitCode !== null || s.child.signalCode !== null) return;
  const exited = new Promise((resolve) => s.child.once('exit', resolve));
  s.child.kill('SIGTERM');
  const timer = setTimeout(() => s.child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
  if (server === s) server = null;
}

// --- the terminal -------------------------------------------------------------

let sessions = 0;

/** Start a command in a new 80x24 tmux session; returns its name and the time just before. */
async function launch(command, env) {
  const name = `s${++sessions}`;
  const envArgs = Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
  const startedAt = now();
  await tmux('new-session', '-d', '-s', name, '-x', '80', '-y', '24', ...envArgs, '-c', ROOT, `exec ${command}`);
  return { name, startedAt };
}

async function screen(name) {
  const { stdout } = await tmux('capture-pane', '-p', '-t', name);
  return stdout;
}

/** Poll the screen until it shows `text`; returns the time of the poll that saw it. */
async function waitFor(name, text) {
  const until = now() + WAIT_MS;
  let last = '';
  for (;;) {
    const polledAt = now();
    last = await screen(name).catch(() => last);
    if (last.includes(text)) return polledAt;
    if (now() > until) throw new Error(`"${text}" did not show within ${WAIT_MS / 1000} s; the screen was:\n${last}`);
    await sleep(POLL_MS);
  }
}

/** The node process in a pane: the pane's process, or a child of it. */
async function nodePid(name) {
  const { stdout } = await tmux('list-panes', '-t', name, '-F', '#{pane_pid}');
  let pid = Number(stdout.trim());
  for (let depth = 0; depth < 3; depth++) {
    const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    if (comm === 'node' || comm.startsWith('node')) return pid;
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    if (children.length === 0) break;
    pid = Number(children[0]);
  }
  throw new Error(`no node process in pane ${name}`);
}

/** Close a session and wait for its process to be gone, so the next launch has the machine to itself. */
async function closeSession(name, pid) {
  await tmux('kill-session', '-t', name);
  const until = now() + 5_000;
  while (existsSync(`/proc/${pid}`) && now() < until) await sleep(10);
}

function rssMiB(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m[1]) / 1024;
}

// --- one run of each ------------------------------------------------------------

async function runSwitchboard(url, env) {
  const { name, startedAt } = await launch(`${process.execPath} bin/switchboard.js connect ${url} --agent 1001`, env);
  const firstFrameAt = await waitFor(name, 'switchboard — agent login');
  const pid = await nodePid(name);
  await sleep(SETTLE_MS);
  const rssLoginScreen = rssMiB(pid);
  // The login opens on Agent number, prefilled: Tab to the PIN.
  await tmux('send-keys', '-t', name, 'Tab');
  await tmux('send-keys', '-t', name, '-l', '1001');
  await waitFor(name, '••••');
  await tmux('send-keys', '-t', name, 'Enter');
  await waitFor(name, 'Agent login —');
  const enterAt = now();
  await tmux('send-keys', '-t', name, 'Enter');
  const panelAt = await waitFor(name, 'AVAILABLE');
  await sleep(SETTLE_MS);
  const rssPanel = rssMiB(pid);
  await closeSession(name, pid);
  return { firstFrameMs: firstFrameAt - startedAt, loginToPanelMs: panelAt - enterAt, rssLoginScreen, rssPanel };
}

async function runInkHello(env) {
  const { name, startedAt } = await launch(`${process.execPath} bench/ink-hello.mjs`, env);
  const firstFrameAt = await waitFor(name, 'hello');
  const pid = await nodePid(name);
  await sleep(SETTLE_MS);
  const rss = rssMiB(pid);
  await closeSession(name, pid);
  return { firstFrameMs: firstFrameAt - startedAt, rss };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

async function main() {
  const guard = setTimeout(() => {
    console.error(`bench:tui did not finish within ${DEADLINE_MS / 1000} s; giving up`);
    void cleanup().finally(() => process.exit(1));
  }, DEADLINE_MS);
  guard.unref();

  // A private tmux server, kept up by an idle session, so that starting it is not timed.
  await tmux('new-session', '-d', '-s', 'keep', '-x', '80', '-y', '24', 'sleep 3600');
  tmuxStarted = true;
  const env = {
    SWITCHBOARD_STATE_DIR: join(work, 'state'),
    XDG_CONFIG_HOME: join(work, 'config'),
    XDG_STATE_HOME: join(work, 'state-home'),
  };

  const sb = [];
  const ink = [];
  for (let i = 0; i < WARMUP + RUNS; i++) {
    server = await startServer(join(work, `data-${i}`));
    // Which goes first alternates, so neither always follows the other's exit.
    let s;
    let h;
    if (i % 2 === 0) {
      s = await runSwitchboard(server.url, env);
      h = await runInkHello(env);
    } else {
      h = await runInkHello(env);
      s = await runSwitchboard(server.url, env);
    }
    await stopServer(server);
    if (i >= WARMUP) {
      sb.push(s);
      ink.push(h);
    }
  }
  await cleanup();
  clearTimeout(guard);

  const f = (x) => x.toFixed(0).padStart(6);
  const mb = (x) => x.toFixed(1).padStart(6);
  console.log(`bench:tui  node ${process.version}, tmux 80x24, ${RUNS} runs (+${WARMUP} warm-up), medians; screen polled every ~${POLL_MS} ms`);
  console.log('');
  console.log('run          sb first frame ms  sb login->panel ms  sb RSS login MiB  sb RSS panel MiB  ink first frame ms  ink RSS MiB');
  sb.forEach((s, i) =>
    console.log(
      `${String(i + 1).padEnd(12)} ${f(s.firstFrameMs).padStart(17)} ${f(s.loginToPanelMs).padStart(19)} ${mb(s.rssLoginScreen).padStart(17)} ${mb(s.rssPanel).padStart(17)} ${f(ink[i].firstFrameMs).padStart(19)} ${mb(ink[i].rss).padStart(12)}`,
    ),
  );
  const sbFirst = median(sb.map((s) => s.firstFrameMs));
  const inkFirst = median(ink.map((s) => s.firstFrameMs));
  const sbRss = median(sb.map((s) => s.rssPanel));
  const sbRssLogin = median(sb.map((s) => s.rssLoginScreen));
  const inkRss = median(ink.map((s) => s.rss));
  const login = median(sb.map((s) => s.loginToPanelMs));
  console.log('');
  console.log('                         switchboard   bare Ink   ratio   goal');
  console.log(`time to first frame      ${f(sbFirst)} ms  ${f(inkFirst)} ms  ${(sbFirst / inkFirst).toFixed(2).padStart(6)}   <= 1.5: ${sbFirst / inkFirst <= 1.5 ? 'met' : 'missed'}`);
  console.log(`RSS, logged in          ${mb(sbRss)} MiB ${mb(inkRss)} MiB ${(sbRss / inkRss).toFixed(2).padStart(6)}   <= 1.5: ${sbRss / inkRss <= 1.5 ? 'met' : 'missed'}`);
  console.log(`RSS, login screen       ${mb(sbRssLogin)} MiB ${mb(inkRss)} MiB ${(sbRssLogin / inkRss).toFixed(2).padStart(6)}`);
  console.log(`login to panel (Enter in the agent login window -> AVAILABLE): ${login.toFixed(0)} ms (median)`);
}

main().catch(async (e) => {
  console.error(e);
  await cleanup();
  process.exit(1);
});
