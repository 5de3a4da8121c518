// One server's life under the fuzzer: the serve child, the sockets that
// attack it (anonymous, agent, other agent, supervisor on /agent; three
// visitors on /visitor), and how one generated action is sent and judged.
// run.mjs runs batches of actions; crash.mjs replays them on fresh servers.
import fc from 'fast-check';
import { AGENTS, SUPERVISOR } from '../lib/center.mjs';
import { fromDist } from '../lib/dist.mjs';
import { startServe } from '../lib/serve-child.mjs';
import { AgentActor } from './agent-actor.mjs';
import { agentFrameArb } from './arb-agent.mjs';
import { httpRequestArb } from './arb-http.mjs';
import { visitorFrameArb } from './arb-visitor.mjs';
import { closesFor } from './frame-text.mjs';
import { expectHangUp, rawRequest, sendRaw } from './http-actor.mjs';
import { VisitorActor } from './visitor-actor.mjs';

/** The sockets of one server's life: who they are, in the order actions name them. */
export const AGENT_ROLES = [
  { name: 'anonymous-1', desired: null },
  { name: 'anonymous-2', desired: null },
  { name: `agent-${AGENTS[0]}`, desired: AGENTS[0] },
  { name: `other-agent-${AGENTS[1]}`, desired: AGENTS[1] },
  { name: `supervisor-${SUPERVISOR}`, desired: SUPERVISOR },
];
export const VISITOR_ROLES = [
  { name: 'visitor-help-1', queue: 'help' },
  { name: 'visitor-help-2', queue: 'help' },
  { name: 'visitor-sales', queue: 'sales-chat' },
];

/** One generated action: a frame on one of the sockets, or an HTTP request. */
export function actionArb(schemas) {
  return fc.oneof(
    { weight: 70, arbitrary: fc.tuple(fc.nat(AGENT_ROLES.length - 1), agentFrameArb(schemas.commands)).map(([actor, frame]) => ({ surface: 'agent', actor, frame })) },
    { weight: 20, arbitrary: fc.tuple(fc.nat(VISITOR_ROLES.length - 1), visitorFrameArb(schemas.visitor)).map(([actor, frame]) => ({ surface: 'visitor', actor, frame })) },
    { weight: 10, arbitrary: httpRequestArb.map((request) => ({ surface: 'http', request })) },
  );
}

/** The configuration the fuzzed server runs: its own wrong PINs must not lock the harness's agents out. */
export const FUZZ_CENTER = {
  security: { maxFailedLogins: 1_000_000_000, failedLoginWindowSeconds: 1, lockoutSeconds: 1 },
  simulator: { callsPerMinute: 30, talkSeconds: { min: 2, max: 8 } },
  record: true,
};

/** The compiled protocol schemas and the visitor parser of the server under test. */
export async function loadSchemas(dist) {
  const { commandSchemas } = await fromDist(dist, 'core/protocol/commands.js');
  const { visitorFrameSchema, parseVisitorFrame } = await fromDist(dist, 'channels/livechat/visitor-protocol.js');
  return { commands: commandSchemas, visitor: visitorFrameSchema, parseVisitor: parseVisitorFrame };
}

/**
 * A server and its sockets. world and ids outlive it (a restarted server has
 * the same data), the sockets do not.
 */
export class Life {
  constructor({ dist, config, data, log, world, ids, findings, schemas, answerMs }) {
    Object.assign(this, { dist, config, data, log, world, ids, findings, schemas, answerMs });
    this.server = null;
    this.agents = [];
    this.visitors = [];
  }

  async start() {
    // --trust-proxy: each fuzzing visitor comes from an X-Forwarded-For address of its own.
    this.server = await startServe({ dist: this.dist, config: this.config, data: this.data, log: this.log, simulate: true, trustProxy: ['127.0.0.1'] });
    const url = this.server.wsUrl;
    const common = { url, world: this.world, findings: this.findings };
    this.agents = AGENT_ROLES.map((r) => new AgentActor({ ...common, ...r, ids: this.ids }));
    this.visitors = VISITOR_ROLES.map((r) => new VisitorActor({ ...common, ...r, parse: this.schemas.parseVisitor }));
    return this;
  }

  /** Every socket open and as it should be (logged in or not, in a chat). */
  async ready() {
    for (const a of this.agents) await a.ready(this.answerMs);
    for (const v of this.visitors) await v.ready(this.answerMs);
  }

  close() {
    for (const a of [...this.agents, ...this.visitors]) a.close();
  }
}

/**
 * Send one action; returns { kind, action, done: Promise, check() -> null |
 * 'unanswered' | problem text }, or null when it could not be sent.
 */
export function dispatch(life, action) {
  const server = life.server;
  if (action.surface === 'http') {
    const req = rawRequest(action.request, life.world);
    const result = { status: undefined };
    const done = sendRaw(server.port, req.bytes, life.answerMs, !req.expectAnswer).then((r) => (result.status = r.status));
    return {
      kind: 'http',
      action,
      req,
      done,
      check: () => (!req.expectAnswer ? null : result.status === null || result.status === undefined ? 'unanswered' : result.status === -1 ? 'not an HTTP answer' : null),
      describe: () => `HTTP ${req.head.split('\r\n')[0].slice(0, 200)}`,
    };
  }
  const actor = action.surface === 'agent' ? life.agents[action.actor] : life.visitors[action.actor];
  const prepared = actor.prepare(action.frame);
  const closes = closesFor(prepared);
  const { data } = prepared;
  if (closes) {
    // The server must hang up on this frame: sent on a socket of its own.
    const path = action.surface === 'agent' ? '/agent' : '/visitor';
    const result = { code: undefined };
    const done = expectHangUp(`${server.wsUrl}${path}`, data, life.answerMs).then((code) => (result.code = code));
    return {
      kind: 'hang-up',
      action,
      done,
      check: () => (result.code === null || result.code === undefined ? 'unanswered' : closes.includes(result.code) ? null : `closed with ${result.code}, not ${closes.join(' or ')}`),
      describe: () => `${path} ${action.frame.form} frame (${data.length} bytes)`,
    };
  }
  if (actor.closed !== null || actor.banned) return null;
  const entry = actor.send(action.frame, prepared);
  return {
    kind: action.surface,
    action,
    actor,
    entry,
    done: null,
    check: () => {
      if (action.surface === 'agent') return entry.answer === null ? 'unanswered' : entry.problem;
      return entry.done ? entry.problem : 'unanswered';
    },
    describe: () => `${actor.name}${actor.closed !== null ? ` (socket closed by the server, ${actor.closed})` : ''}: ${(entry.text ?? '').slice(0, 300)}`,
  };
}

/** Send a batch, wait for its answers (or the server's death); the sent actions. */
export async function runActions(life, actions) {
  const sent = [];
  for (const action of actions) {
    if (!life.server.alive) break;
    const s = dispatch(life, action);
    if (s) sent.push(s);
  }
  const settled = Promise.all([
    ...life.agents.map((a) => a.settle(life.answerMs)),
    ...life.visitors.map((v) => v.settle(life.answerMs)),
    ...sent.filter((s) => s.done).map((s) => s.done),
  ]);
  await Promise.race([settled, life.server.exited]);
  return sent;
}
