// The client side of bench/cluster.mjs: a slice of the agents' panels in one
// process (the bench forks several), each from a loopback address of its own,
// on the gateway given for it. A panel keeps every event number it received
// (to find gaps and copies after a resume on another gateway) and its agent's
// status; the shift's panels pause and unpause without stop, counting what
// was acknowledged and what was in doubt when a socket was cut.
// Forked by cluster.mjs and driven over IPC.
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { framesIn } from '../dist/core/protocol/event-group.js';
import { addressOf, eachAtMost, serve } from './lib/clients.mjs';

class Panel {
  constructor(agent, index) {
    this.agent = agent;
    this.index = index;
    this.ws = null;
    this.url = null;
    this.token = null;
    this.loginSeq = 0;
    this.seqs = [];
    this.lastSeq = 0;
    this.status = 'available';
    this.pending = new Map();
    this.acked = 0;
    this.inDoubt = 0;
    /** [sent, acknowledged] of each command of the shift (ms epoch). */
    this.commands = [];
    /** Logged in (or resumed) on the socket it has now. */
    this.ready = false;
  }

  open(url) {
    this.url = url;
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { localAddress: addressOf(this.index), perMessageDeflate: false });
      ws.once('open', () => resolve());
      ws.once('error', reject);
      ws.on('error', () => {});
      ws.on('message', (data) => {
        for (const frame of framesIn(JSON.parse(data.toString()))) this.receive(frame);
      });
      ws.on('close', () => {
        this.ready = false;
        for (const p of this.pending.values()) p.reject(Object.assign(new Error('socket closed before the answer'), { code: 'CLOSED' }));
        this.pending.clear();
      });
      this.ws = ws;
    });
  }

  receive(frame) {
    if ('seq' in frame) {
      this.seqs.push(frame.seq);
      if (frame.seq > this.lastSeq) this.lastSeq = frame.seq;
      if (frame.ev === 'agent.updated' && frame.data.agent.id === this.agent) this.status = frame.data.agent.status;
      return;
    }
    const p = frame.re !== undefined && this.pending.get(frame.re);
    if (!p) return;
    this.pending.delete(frame.re);
    if (frame.ok) p.resolve(frame.result);
    else p.reject(Object.assign(new Error(`${frame.error.code}: ${frame.error.message}`), { code: frame.error.code }));
  }

  command(cmd, args = {}) {
    const id = randomUUID();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.ws.send(JSON.stringify({ v: 1, id, cmd, args }));
    });
  }

}

let panels = [];
let shifting = false;
let shiftDone = Promise.resolve();

/** One shift panel: pause, unpause, ... each acknowledged; a cut socket leaves its command in doubt until the panel is back. */
async function toggleForever(panel) {
  while (shifting) {
    if (!panel.ready) {
      await new Promise((r) => setTimeout(r, 20));
      continue;
    }
    const [cmd, args] = panel.status === 'paused' ? ['agent.unpause', {}] : ['agent.pause', { reason: 'Break' }];
    const sent = Date.now();
    try {
      const { agent } = await panel.command(cmd, args);
      panel.status = agent.status;
      panel.acked++;
      panel.commands.push([sent, Date.now()]);
    } catch (e) {
      if (e.code === 'CLOSED') panel.inDoubt++;
      else throw new Error(`agent ${panel.agent}: ${cmd} refused: ${e.message}`);
    }
  }
}

serve({
  /** agents: [{ agent, index, url }]: connect each to its gateway and log in. */
  async login({ agents, concurrency }) {
    panels = agents.map((a) => new Panel(a.agent, a.index));
    await eachAtMost(panels.length, concurrency, async (i) => {
      const p = panels[i];
      await p.open(agents[i].url);
      const r = await p.command('session.login', { agent: p.agent, pin: p.agent, strategy: 'inbound', as: 'available' });
      p.token = r.token;
      p.loginSeq = r.snapshot.seq;
      p.lastSeq = Math.max(p.lastSeq, r.snapshot.seq);
      p.ready = true;
    });
    return { loggedIn: panels.length };
  },

  /** The first `count` panels of this slice start their shift. */
  async shift({ count }) {
    shifting = true;
    shiftDone = Promise.all(panels.slice(0, count).map(toggleForever));
    return {};
  },

  /**
   * Around a kill at `at`: whether a command sent after it has been
   * acknowledged yet, and the longest any command in flight at it or sent
   * after it (and acknowledged by now) waited for its answer.
   */
  async heldAround({ at }) {
    let answeredAfter = false;
    let longest = 0;
    for (const p of panels)
      for (const [sent, acked] of p.commands) {
        if (acked < at) continue;
        if (sent > at) answeredAfter = true;
        longest = Math.max(longest, acked - sent);
      }
    return { answeredAfter, longest };
  },

  /** Panels whose gateway is gone open a socket to `url` and resume with the last event they had. */
  async move({ from, to, concurrency }) {
    const moving = panels.filter((p) => p.url === from);
    let replayed = 0;
    let snapshots = 0;
    await eachAtMost(moving.length, concurrency, async (i) => {
      const p = moving[i];
      await p.open(to);
      const r = await p.command('session.resume', { token: p.token, lastSeq: p.lastSeq });
      if (r.snapshot) {
        // Too much missed for a replay: the snapshot stands for it (no gap, by construction).
        snapshots++;
        p.seqs.push({ snapshot: r.snapshot.seq });
        p.lastSeq = r.snapshot.seq;
        p.status = r.snapshot.entities.agent.find((a) => a.id === p.agent)?.status ?? p.status;
      } else replayed += r.replayed;
      p.ready = true;
    });
    return { moved: moving.length, replayed, snapshots, at: Date.now() };
  },

  async stopShift() {
    shifting = false;
    await shiftDone;
    return {};
  },

  /** Per panel: agent, login snapshot's seq, every event number received (in order), acknowledged and in-doubt commands. */
  async report() {
    return panels.map((p) => ({ agent: p.agent, loginSeq: p.loginSeq, seqs: p.seqs, acked: p.acked, inDoubt: p.inDoubt, lastSeq: p.lastSeq }));
  },

  async close() {
    for (const p of panels) p.ws?.terminate();
    panels = [];
    return {};
  },
});
