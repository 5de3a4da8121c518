// A crash seen in a batch is narrowed down to what causes it, on fresh servers
// with fresh data directories. Refs resolve against the server they are sent
// to, so "the id of my own login" means the same there.
//
// Which frames are suspects: every one that had no answer. Not only each
// socket's first: the server corks a socket's writes until the end of an
// event-loop turn, so the answers to frames handled in the same turn as the
// fatal one die with it. So:
//  1. requests (stateless) are replayed one after another on one server;
//  2. each socket's unanswered frames are replayed in order from a socket of
//     the same kind (anonymous, agent, supervisor, visitor); the shortest
//     prefix that kills is found by bisection, and its last frame is tried
//     alone;
//  3. failing that, all of them together.
// A server survives the replays that do not kill it and takes the next one.
import { join } from 'node:path';
import { removeScratch, scratchDir } from '../lib/scratch.mjs';
import { CommandIds } from './agent-actor.mjs';
import { Life, runActions } from './life.mjs';
import { Findings } from './findings.mjs';
import { reproduceLine } from './http-actor.mjs';
import { World } from './world.mjs';

function describe(sent) {
  if (sent.kind === 'http') {
    const line = sent.req.head.split('\r\n')[0];
    const simple = /^GET \S+ HTTP\/1\.1$/.test(line) && sent.req.bytes.length === Buffer.byteLength(sent.req.head);
    const curl = simple ? `curl --path-as-is 'http://127.0.0.1:$PORT${sent.req.path.replace(/'/g, "'\\''")}'\n  or: ` : '';
    return `${line}\n  ${curl}${reproduceLine(sent.req.bytes, '$PORT')}`;
  }
  if (sent.kind === 'hang-up') return sent.describe();
  const actor = sent.actor;
  const who = actor.desired ? `logged in as ${actor.desired} (session.login with command id ${actor.loginId})` : actor.queue ? `a visitor chatting in ${actor.queue}` : 'not logged in';
  return `on /${sent.kind}, ${who}, send:\n  ${(sent.entry.text ?? '').slice(0, 600)}`;
}

/** Fresh servers on demand, one at a time: a server that survives a replay takes the next. */
class Servers {
  constructor(options) {
    this.options = options;
    this.life = null;
    this.root = null;
    this.started = 0;
  }

  async live() {
    if (this.life?.server.alive) return this.life;
    await this.dispose();
    const { dist, config, schemas, answerMs } = this.options;
    this.root = scratchDir('switchboard-fuzz-repro-');
    this.life = new Life({ dist, config, data: join(this.root, 'data'), log: join(this.root, 'server.log'), world: new World(), ids: new CommandIds(), findings: new Findings(), schemas, answerMs });
    this.started++;
    await this.life.start();
    await this.life.ready();
    return this.life;
  }

  /** Replay actions in order; { killed, sent }. */
  async replay(actions) {
    const life = await this.live();
    await life.ready();
    const sent = await runActions(life, actions);
    const killed = !(await life.server.responsive());
    for (const a of [...life.agents, ...life.visitors]) a.forgetWaiting();
    return { killed, sent, exit: killed ? life.server.describeExit() : null };
  }

  async dispose() {
    if (!this.life) return;
    this.life.close();
    await this.life.server?.stop();
    removeScratch(this.root);
    this.life = null;
  }
}

/** The shortest prefix of actions that kills a server (bisection; the whole list is known to). */
async function shortestKillingPrefix(servers, actions) {
  let lo = 0;
  let hi = actions.length;
  let last = null;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    const r = await servers.replay(actions.slice(0, mid));
    if (r.killed) {
      hi = mid;
      last = r;
    } else lo = mid;
  }
  return { prefix: actions.slice(0, hi), run: last };
}

/**
 * What alone takes a fresh server down, described for a person (with
 * $PORT for its port), and how many servers it took; what null if nothing
 * reproduces it.
 */
export async function confirmCrash(options) {
  const servers = new Servers(options);
  try {
    const what = await narrowDown(servers, options.suspects);
    return { what, servers: servers.started };
  } finally {
    await servers.dispose();
  }
}

async function narrowDown(servers, suspects) {
  for (const s of suspects.filter((x) => !x.actor)) {
    const r = await servers.replay([s.action]);
    if (r.killed && r.sent[0]) return `${describe(r.sent[0])}\n  -> the server ${r.exit}`;
  }
  const bySocket = new Map();
  for (const s of suspects.filter((x) => x.actor)) bySocket.set(s.actor.name, [...(bySocket.get(s.actor.name) ?? []), s.action]);
  for (const actions of bySocket.values()) {
    const whole = await servers.replay(actions);
    if (!whole.killed) continue;
    const { prefix, run } = actions.length > 1 ? await shortestKillingPrefix(servers, actions) : { prefix: actions, run: whole };
    const culprit = prefix[prefix.length - 1];
    const alone = prefix.length > 1 ? await servers.replay([culprit]) : run;
    if (alone.killed && alone.sent[0]) return `${describe(alone.sent[0])}\n  -> the server ${alone.exit}`;
    const sent = (run ?? whole).sent;
    return `${describe(sent[sent.length - 1] ?? sent[0])}\n  after ${prefix.length - 1} earlier frame(s) on the same socket:\n  ${sent
      .slice(0, -1)
      .map((s) => (s.entry?.text ?? '').slice(0, 200))
      .join('\n  ')}\n  -> the server ${(run ?? whole).exit}`;
  }
  const together = await servers.replay(suspects.map((s) => s.action));
  return together.killed ? `only all ${suspects.length} unanswered frames together (sockets interact); not narrowed down\n  -> the server ${together.exit}` : null;
}
