// Panels in real pseudo-terminals for the benches: a private tmux server
// (its own socket, no user configuration), sessions of 80x24, their screens,
// and the node process in a pane with its memory and CPU from /proc.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { now, sleep } from './common.mjs';

const execFileAsync = promisify(execFile);
/** Clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ, 100 on Linux). */
const TICKS = 100;

export function tmuxServer(socket) {
  const tmux = (...args) => execFileAsync('tmux', ['-L', socket, '-f', '/dev/null', ...args]);
  return {
    tmux,
    /** A command in a new 80x24 session; env adds variables. */
    async launch(name, command, env = {}, cwd = process.cwd()) {
      const envArgs = Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
      await tmux('new-session', '-d', '-s', name, '-x', '80', '-y', '24', ...envArgs, '-c', cwd, `exec ${command}`);
    },
    async screen(name) {
      return (await tmux('capture-pane', '-p', '-t', name)).stdout;
    },
    /** Poll until the screen shows text; returns when it did. */
    async waitFor(name, text, timeoutMs = 30_000, pollMs = 25) {
      const until = now() + timeoutMs;
      let last = '';
      for (;;) {
        last = await this.screen(name).catch(() => last);
        if (last.includes(text)) return now();
        if (now() > until) throw new Error(`"${text}" did not show in ${name} within ${timeoutMs / 1000} s; the screen was:\n${last}`);
        await sleep(pollMs);
      }
    },
    keys(name, ...keys) {
      return tmux('send-keys', '-t', name, ...keys);
    },
    /** The node process in a pane: the pane's process, or a child of it. */
    async nodePid(name) {
      const { stdout } = await tmux('list-panes', '-t', name, '-F', '#{pane_pid}');
      let pid = Number(stdout.trim());
      for (let depth = 0; depth < 3; depth++) {
        const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
        if (comm.startsWith('node')) return pid;
        const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
        if (children.length === 0) break;
        pid = Number(children[0]);
      }
      throw new Error(`no node process in pane ${name}`);
    },
    kill: () => tmux('kill-server').catch(() => {}),
  };
}

export function rssMiB(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m[1]) / 1024;
}

/** CPU time a process has used so far, in ms (user + system). */
export function cpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS;
}
