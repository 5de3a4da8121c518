// One /agent socket of the fuzzer. It sends generated frames without waiting
// (the server answers every frame of a socket in order, one response each,
// events in between), and checks each answer against its frame: one response
// per frame, `re` its id, ok with a result or an error with a code and a
// sentence. It also watches that it is never handed a session token another
// socket was given (a stored login answer replayed: issue 10, item 3).
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { isEcho, isEventFrame, responseProblem } from './answers.mjs';
import { envelopeOf, padding, rawData } from './frame-text.mjs';
import { SocketActor } from './socket-actor.mjs';
import { framesIn } from '../../dist/core/protocol/event-group.js';

/** Refusals that say the socket's session no longer works (it stays on the socket until a new login). */
const SESSION_BROKEN = new Set(['SESSION_BROKEN', 'TOKEN_EXPIRED']);

/**
 * The command ids of all sockets, to reuse: those each socket sent, those
 * that succeeded, the logins'. And who was first given each session token:
 * another socket that is handed the same token without having sent it itself
 * was given someone else's answer (a login's, replayed). Bounded: the oldest
 * are forgotten.
 */
export class CommandIds {
  constructor(limit = 100_000) {
    this.limit = limit;
    this.firstHolders = new Map();
    this.bySocket = new Map();
    this.logins = [];
    this.answered = [];
  }

  /** Who was first given this token ({ socket, cmd }), or nobody yet: then it is this one's. */
  holderOf(token, socket, cmd) {
    const holder = this.firstHolders.get(token);
    if (holder) return holder;
    this.firstHolders.set(token, { socket, cmd });
    if (this.firstHolders.size > this.limit) this.firstHolders.delete(this.firstHolders.keys().next().value);
    return null;
  }

  sent(id, socket) {
    if (typeof id !== 'string') return;
    let mine = this.bySocket.get(socket);
    if (!mine) {
      mine = [];
      this.bySocket.set(socket, mine);
      // Sockets come and go (a closed one is opened again): the ids of the last few are enough to reuse.
      if (this.bySocket.size > 32) this.bySocket.delete(this.bySocket.keys().next().value);
    }
    mine.push(id);
    if (mine.length > 512) mine.shift();
  }

  loginAnswered(id) {
    this.logins.push(id);
    if (this.logins.length > 512) this.logins.shift();
  }

  okAnswered(id) {
    this.answered.push(id);
    if (this.answered.length > 1024) this.answered.shift();
  }

  /** An id to reuse: from = own | other | login | answered; null when there is none yet. */
  pick(from, socket, n) {
    let list;
    if (from === 'own') list = this.bySocket.get(socket) ?? [];
    else if (from === 'login') list = this.logins;
    else if (from === 'answered') list = this.answered;
    else {
      const others = [...this.bySocket.entries()].filter(([s]) => s !== socket).map(([, ids]) => ids);
      list = others.length > 0 ? others[n % others.length] : [];
    }
    return list.length > 0 ? list[n % list.length] : null;
  }
}

let sockets = 0;

/** A session token a success carries: a login's, or the principal of a resume (which today includes it). */
function tokenIn(result) {
  const token = result.token ?? result.principal?.token;
  return typeof token === 'string' ? token : null;
}


export class AgentActor extends SocketActor {
  /** desired: the agent number this socket should be logged in as, or null (anonymous). */
  constructor({ url, name, desired, world, ids, findings }) {
    super();
    Object.assign(this, { url, name, desired, world, ids, findings });
    this.ws = null;
    this.agent = null;
  }

  open() {
    this.agent = null;
    this.broken = false;
    this.sentTokens = new Set();
    this.socket = `${this.name}#${++sockets}`;
    return this.adopt(new WebSocket(`${this.url}/agent`, { perMessageDeflate: false, maxPayload: 64 * 1024 * 1024 }));
  }

  /** Make the socket what it should be: open, and logged in as `desired` or not at all. */
  async ready(deadlineMs) {
    const usable = this.ws && this.ws.readyState === WebSocket.OPEN && this.closed === null;
    if (!usable || (this.desired === null && (this.agent !== null || this.stale))) {
      this.ws?.terminate();
      await this.open();
    }
    if (this.desired !== null && (this.agent !== this.desired || this.broken)) await this.login(this.desired, deadlineMs);
  }

  async login(agent, deadlineMs) {
    const id = `login-${randomUUID()}`;
    this.loginId = id;
    const answer = await this.request({ v: 1, id, cmd: 'session.login', args: { agent, pin: agent } }, deadlineMs);
    if (!answer?.ok) throw new Error(`the harness could not log ${agent} in: ${JSON.stringify(answer?.error ?? answer)}`);
  }

  /** Send a setup frame and wait for its answer (not counted as fuzz). */
  async request(frame, deadlineMs) {
    const entry = this.track(frame, JSON.stringify(frame), false);
    this.ws.send(entry.text);
    await this.settle(deadlineMs);
    return entry.answer;
  }

  /** The generated frame as it goes on the wire: { data, binary, closes } (see rawData). */
  prepare(spec) {
    return rawData(spec, (s) => this.text(s));
  }

  /** Send one prepared frame; returns what to expect of it. */
  send(spec, { data, binary }) {
    const entry = this.track(spec, data, true);
    this.ws.send(data, { binary });
    return entry;
  }

  track(spec, data, fuzz) {
    const text = typeof data === 'string' ? data : null;
    const { re, cmd, token } = envelopeOf(text);
    if (token) this.sentTokens.add(token);
    if (re !== null) this.ids.sent(re, this.socket);
    const entry = { spec, text, re, cmd, fuzz, agentAtAnswer: null, answer: null, problem: null };
    this.waiting.push(entry);
    return entry;
  }

  /** The frame as text: the envelope with its id chosen and its Refs resolved. */
  text(spec) {
    if (spec.form === 'json') return JSON.stringify(this.world.resolve(spec.value));
    if (spec.form === 'big') return JSON.stringify({ v: 1, id: `big-${randomUUID()}`, cmd: spec.cmd, args: { pad: padding(spec.size) } });
    const frame = {};
    if (spec.v !== 'missing') frame.v = spec.v;
    const id = this.idFor(spec.id);
    if (id !== undefined) frame.id = id;
    frame.cmd = spec.cmd;
    const args = this.world.resolve(spec.args);
    if (args !== undefined) frame.args = args;
    for (const [k, v] of Object.entries(spec.extra ?? {})) if (!(k in frame)) frame[k] = v;
    return JSON.stringify(frame);
  }

  idFor(spec) {
    switch (spec.kind) {
      case 'fresh':
        return `fz-${randomUUID()}`;
      case 'reuse':
        return this.ids.pick(spec.from, this.socket, spec.n) ?? `fz-${randomUUID()}`;
      case 'raw':
        return spec.value;
      default:
        return undefined;
    }
  }

  receive(data, isBinary) {
    let parsed;
    try {
      if (isBinary) throw new Error('binary');
      parsed = JSON.parse(data.toString());
    } catch {
      this.findings.add('malformed', `${this.name}: the server sent a frame that is not JSON: ${data.toString().slice(0, 200)}`);
      return;
    }
    // A group of a transaction's events is read as its events, one by one.
    for (const frame of framesIn(parsed)) this.receiveFrame(frame);
  }

  receiveFrame(frame) {
    if (isEventFrame(frame)) {
      this.world.learnEvent(frame);
      this.noticeSessionEnd(frame);
      return;
    }
    const entry = this.waiting.shift();
    if (!entry) {
      this.findings.add('malformed', `${this.name}: an answer to no frame: ${JSON.stringify(frame).slice(0, 300)}`);
      return;
    }
    entry.answer = frame;
    // Who the server took this socket for when it handled the frame: frames are handled in order, so
    // what the answers before this one said (a login sent in the same burst counts).
    entry.agentAtAnswer = this.agent;
    entry.problem = responseProblem(frame) ?? this.reProblem(entry, frame);
    if (!frame.ok && isEcho(frame.error)) this.findings.add('echo', `${this.name}: ${frame.error.code} answer of ${frame.error.message.length} characters repeats the input`);
    this.learn(entry, frame);
    if (this.waiting.length === 0) this.poke();
  }

  /** A string id of the protocol's shape must come back as `re`; other ids may come back or be null. */
  reProblem(entry, frame) {
    if (frame.re === entry.re) return null;
    // A frame over its sender's size limit is refused unread, so its id is not known (the smallest limit is 16 KiB).
    if (frame.re === null && frame.error?.code === 'FRAME_TOO_LARGE') return Buffer.byteLength(entry.text) > 16 * 1024 ? null : `FRAME_TOO_LARGE for a frame of ${Buffer.byteLength(entry.text)} bytes`;
    const wellFormed = typeof entry.re === 'string' && entry.re.length >= 1 && entry.re.length <= 128;
    if (!wellFormed && frame.re === null) return null;
    return `re ${JSON.stringify(String(frame.re).slice(0, 80))} instead of ${JSON.stringify(String(entry.re).slice(0, 80))}`;
  }

  learn(entry, frame) {
    // this.agent follows the gateway's idea of the connection: set by a login or resume, cleared by a
    // logout or the session ending elsewhere; a broken session stays on it until the next login.
    if (!frame.ok) {
      if (frame.error?.code === 'NOT_LOGGED_IN') this.agent = null;
      if (SESSION_BROKEN.has(frame.error?.code) && entry.cmd !== 'session.resume') this.broken = true;
      return;
    }
    const result = frame.result ?? {};
    if (entry.re !== null) this.ids.okAnswered(entry.re);
    const token = tokenIn(result);
    if (token) {
      this.checkTokenIsMine(entry, token);
      this.world.add('token', token);
      if (entry.re !== null && entry.cmd === 'session.login') this.ids.loginAnswered(entry.re);
    }
    const me = result.snapshot?.me ?? result.principal?.agent;
    if (typeof me === 'string' && (entry.cmd === 'session.login' || entry.cmd === 'session.resume')) {
      this.agent = me;
      this.broken = false;
    }
    if (entry.cmd === 'session.logout') this.agent = null;
    if (result.snapshot) this.world.learnSnapshot(result.snapshot);
  }

  /**
   * A session token in an answer is this socket's own: from its own login, or
   * one it sent (a resume). One first given to another socket is that
   * socket's stored answer handed out again (issue 10, item 3).
   */
  checkTokenIsMine(entry, token) {
    const holder = this.ids.holderOf(token, this.socket, entry.cmd);
    if (!holder || holder.socket === this.socket || this.sentTokens.has(token)) return;
    this.findings.add(
      'leak',
      `${this.name} (${entry.agentAtAnswer ?? 'not logged in'}) sent ${entry.cmd ?? 'a frame'} and was given the session token of ${holder.socket}'s ${holder.cmd ?? 'command'}: ${entry.text.slice(0, 200)}`,
    );
  }

  /** Our session was ended elsewhere (a logout on another socket of the same agent). */
  noticeSessionEnd(frame) {
    if (frame.ev !== 'agent.updated' || !this.agent) return;
    const agent = frame.data?.agent;
    if (agent?.id === this.agent && !agent.session) this.agent = null;
  }
}
