// Helpers shared by the benchmarks: options, the clock, quantiles, and the
// parent's end of the forked client process.
//
// Clock: process.hrtime reads CLOCK_MONOTONIC on Linux, one clock for the
// whole machine, so a time taken in the server process and one taken in the
// client process can be subtracted.
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const now = () => Number(process.hrtime.bigint()) / 1e6;

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** `--name value` from the command line; numbers are checked when the fallback is a number. */
export function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = process.argv[i + 1];
  if (typeof fallback === 'number') {
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0) {
      console.error(`--${name} expects a number, got ${value}`);
      process.exit(2);
    }
    return n;
  }
  return value;
}

/** `--name` given on the command line, as a switch without a value. */
export const flag = (name) => process.argv.includes(`--${name}`);

/**
 * `progress(what)` for long runs: a line on stderr with the time since
 * startedAt and this process's CPU so far, so a stall shows where it is;
 * silent unless enabled (stdout, the figures, is never touched).
 */
export function progressLog(enabled, startedAt) {
  return (what) => {
    if (!enabled) return;
    const cpu = process.cpuUsage();
    console.error(`[${fmt((now() - startedAt) / 1000, 1)} s] ${what} (server process CPU ${fmt((cpu.user + cpu.system) / 1e6, 1)} s)`);
  };
}

/** Linear interpolation between the closest ranks. */
export function quantile(values, q) {
  const sorted = Float64Array.from(values).sort();
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/**
 * Time every call of obj[method] on the wall clock: record(ms) gets each
 * call's duration, after the call, whether it returned or threw. Returns
 * restore(), which puts the method back as it was (an own property or the
 * prototype's), so the timing costs nothing outside the measured phase.
 */
export function timeMethod(obj, method, record) {
  const own = Object.hasOwn(obj, method);
  const original = obj[method];
  obj[method] = function (...args) {
    const t = now();
    try {
      return original.apply(this, args);
    } finally {
      record(now() - t);
    }
  };
  return () => {
    if (own) obj[method] = original;
    else delete obj[method];
  };
}

export const sum = (xs) => xs.reduce((a, b) => a + b, 0);
export const max = (xs) => xs.reduce((m, x) => (x > m ? x : m), -Infinity);

/**
 * The compiled code the bench runs: ../dist by default, or `--dist <dir>`
 * (a patched copy, to measure a fix without touching src/).
 */
export function distDir(benchUrl) {
  const chosen = option('dist', null);
  const dir = chosen ? (isAbsolute(chosen) ? chosen : resolve(process.cwd(), chosen)) : new URL('../dist/', benchUrl).pathname;
  if (!existsSync(`${dir}/server/runtime.js`)) {
    console.error(`${dir} has no server/runtime.js: build first (npx tsc -p .)`);
    process.exit(1);
  }
  return dir;
}

/** import() of a module of the compiled code, e.g. dist('server/runtime.js'). */
export function distImport(dir, path) {
  return import(pathToFileURL(`${dir.replace(/\/$/, '')}/${path}`).href);
}

/**
 * Node options for a client process that holds many agents' stores: every
 * event is parsed once per store, which makes a lot of short-lived garbage,
 * and a larger young generation (--child-semi-space MB) keeps the scavenger
 * from dominating that process.
 */
export function manyStoresExecArgv() {
  return [...process.execArgv, `--max-semi-space-size=${option('child-semi-space', 64)}`];
}

/**
 * Fork the client process and talk to it over IPC: `ask(type, args)` sends a
 * request and resolves with the child's reply; `on(type, fn)` hears the
 * child's unsolicited messages; `{type: 'log', line}` goes to stderr.
 */
export function forkClients(moduleUrl, argv = [], execArgv = process.execArgv) {
  const child = fork(new URL(moduleUrl).pathname, argv, { serialization: 'advanced', execArgv });
  let nextId = 1;
  const replies = new Map();
  const listeners = new Map();
  child.on('message', (m) => {
    if (m.type === 'reply') {
      const r = replies.get(m.re);
      replies.delete(m.re);
      if (m.ok) r.resolve(m.result);
      else r.reject(new Error(`client process: ${m.error}`));
    } else if (m.type === 'log') {
      console.error(m.line);
    } else {
      for (const fn of listeners.get(m.type) ?? []) fn(m);
    }
  });
  const ready = new Promise((resolve) => child.once('message', (m) => m.type === 'ready' && resolve()));
  child.on('exit', (code) => {
    for (const r of replies.values()) r.reject(new Error(`client process exited (${code})`));
    replies.clear();
  });
  return {
    child,
    ready,
    ask(type, args = {}) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        replies.set(id, { resolve, reject });
        child.send({ type, id, ...args });
      });
    },
    on(type, fn) {
      const set = listeners.get(type) ?? new Set();
      set.add(fn);
      listeners.set(type, set);
      return () => set.delete(fn);
    },
  };
}

/** Kill the run if it overstays: a bench must end, whatever happens. */
export function deadline(ms, what, cleanup) {
  const timer = setTimeout(() => {
    console.error(`${what} did not finish within ${ms / 1000} s; giving up`);
    try {
      cleanup();
    } finally {
      process.exit(1);
    }
  }, ms);
  timer.unref();
  return () => clearTimeout(timer);
}

export const fmt = (x, digits = 2) => (Number.isFinite(x) ? x.toFixed(digits) : '-');
export const pp = (xs, digits = 2) => `${fmt(quantile(xs, 0.5), digits)} / ${fmt(quantile(xs, 0.99), digits)}`;

/**
 * The machine the figures come from, for the report's heading: the number of
 * CPUs and the load average at the start and now (another job on the machine
 * shows in every figure, so the reader must be able to see it).
 */
export function machineLine(loadAtStart) {
  return `machine: ${cpus().length} CPUs, load average ${fmt(loadAtStart, 1)} at the start, ${fmt(loadavg()[0], 1)} at the end`;
}

/** The report's last word when the server dropped client sockets: the figures of such a run measure the client process, not the server. */
export function warnIfDropped(dropped) {
  if (dropped > 0)
    console.log(`WARNING: the server closed ${dropped} client sockets during the run (its heartbeat drops a client 30 s behind): the client process could not keep up; figures are not valid`);
}

/**
 * `--profile <file>`: a V8 CPU profile of this (the server's) process over the
 * measured phase only, written as a .cpuprofile (open it in Chrome DevTools).
 * Returns stop(), which writes the file; a no-op without the option.
 */
export async function profilePhase() {
  const file = option('profile', null);
  if (!file) return async () => null;
  const { Session } = await import('node:inspector/promises');
  const { writeFileSync } = await import('node:fs');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    writeFileSync(file, JSON.stringify(profile));
    return file;
  };
}

/**
 * A goal line, as every bench prints them:
 * `goal NAME: VALUE UNIT (target OP NUMBER): met` (or `missed`), for a value measured in this run.
 */
export function goal(name, value, unit, op, target, digits = 2) {
  const met = op === '<=' ? value <= target : op === '<' ? value < target : op === '>=' ? value >= target : value > target;
  const shown = Number.isFinite(value) ? value.toFixed(digits) : String(value);
  console.log(`goal ${name}: ${shown}${unit ? ` ${unit}` : ''} (target ${op} ${target}): ${met ? 'met' : 'missed'}`);
  return met;
}
