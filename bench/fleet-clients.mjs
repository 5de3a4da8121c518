// bench:fleet's client process: many SSH sessions to the panel's SSH server,
// each an ssh2 client with an 80x24 pty, as many agents' terminals would be.
// Several of these processes run at once, so the server is what is measured.
//
// A session's screen is not emulated here (that would cost the client more
// than the server): what the bench waits for is text in the bytes the server
// wrote, which Ink writes whole within a line.
import ssh2 from 'ssh2';
import { log, now, serve } from './lib/clients.mjs';
import { burstCaller, roundKeys } from './lib/slowlink.mjs';

const { Client } = ssh2;
const TAIL = 8192;

/** One agent's terminal. */
class Session {
  constructor(agent) {
    this.agent = agent;
    this.tail = '';
    this.bytes = 0;
    this.waiters = new Set();
    this.client = new Client();
    this.stream = null;
  }

  open(port) {
    return new Promise((resolve, reject) => {
      this.client.on('error', reject);
      this.client.on('ready', () =>
        this.client.shell({ term: 'xterm-256color', cols: 80, rows: 24 }, (err, stream) => {
          if (err) return reject(err);
          this.stream = stream;
          stream.on('data', (d) => this.feed(d.toString('utf8')));
          resolve();
        }),
      );
      this.client.connect({ host: '127.0.0.1', port, username: this.agent, password: this.agent, readyTimeout: 120_000, keepaliveInterval: 0 });
      // As OpenSSH does for an interactive session: a key goes at once.
      this.client.setNoDelay(true);
    });
  }

  feed(text) {
    this.bytes += Buffer.byteLength(text);
    this.tail = (this.tail + text).slice(-TAIL);
    for (const w of [...this.waiters]) if (w.test(text)) this.waiters.delete(w);
  }

  /** Resolves with the time the next output containing `text` arrived (after now). */
  next(text, timeoutMs = 60_000) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`agent ${this.agent}: "${text}" did not come within ${timeoutMs / 1000} s; last output: ${JSON.stringify(this.tail.slice(-400))}`));
      }, timeoutMs);
      let seen = '';
      const waiter = {
        test: (chunk) => {
          seen = (seen + chunk).slice(-TAIL);
          if (!seen.includes(text)) return false;
          clearTimeout(timer);
          resolve(now());
          return true;
        },
      };
      this.waiters.add(waiter);
    });
  }

  /** Connect, sign in with the PIN, and log in from the Agent Login Window with its defaults: available. */
  async logIn(port) {
    const window = this.next('Agent login');
    await this.open(port);
    await window;
    const panel = this.next('AVAILABLE');
    this.type('\r');
    await panel;
  }

  /** Already on screen, or the next output with it. */
  async shows(text, timeoutMs) {
    if (this.tail.includes(text)) return;
    await this.next(text, timeoutMs);
  }

  type(keys) {
    this.stream.write(keys);
  }

  close() {
    this.client.end();
  }
}

const sessions = [];

serve({
  /** Open a session per agent and log each in (the agent login window's defaults): available. */
  async open({ port, agents, concurrency }) {
    let next = 0;
    const times = [];
    const worker = async () => {
      while (next < agents.length) {
        const s = new Session(agents[next++]);
        const t0 = now();
        await s.logIn(port);
        times.push(now() - t0);
        sessions.push(s);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    return { opened: sessions.length, loginMs: times };
  },

  /** Bytes each session has received so far. */
  bytes() {
    return sessions.map((s) => s.bytes);
  },

  /** A key in session i, and the time until the frame it changes arrives (the text `marker` in it). */
  async press({ index, key, marker }) {
    const s = sessions[index];
    const arrived = s.next(marker, 10_000);
    const t0 = now();
    s.type(key);
    return (await arrived) - t0;
  },

  /**
   * The slow-link burst: through the relay at `port`, agent `agent` logs in,
   * then for each round waits for its call on screen and types its keys at once.
   */
  async burst({ port, agent, plan }) {
    const s = new Session(agent);
    await s.logIn(port);
    let keys = 0;
    for (let i = 0; i < plan.length; i++) {
      await s.shows(burstCaller(i + 1), 30_000);
      const typed = roundKeys(plan[i]);
      keys += [...typed.replace(/\u001b\[B/g, '↓')].length;
      s.type(typed);
    }
    sessions.push(s);
    return { keys };
  },

  async close() {
    for (const s of sessions.splice(0)) s.close();
    return null;
  },
});

process.on('uncaughtException', (e) => log(`fleet client: ${e.stack ?? e}`));
