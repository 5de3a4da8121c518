// One /visitor socket of the fuzzer. The visitor protocol has no command ids
// and answers only some frames (a typing or seen frame gets nothing back), so
// every generated frame is followed by a probe: a frame the server always
// refuses with the same error. The frames between two probe answers belong to
// the frame sent between the probes. A frame the visitor protocol's own parser
// refuses must get an error frame with a code before its probe's answer; a
// frame with no answer of its own is answered by the server going on to the
// probe. Each socket comes from an address of its own (X-Forwarded-For through
// --trust-proxy 127.0.0.1), so a ban or a start limit hits one visitor.
import WebSocket from 'ws';
import { errorProblem, isEcho } from './answers.mjs';
import { padding, rawData } from './frame-text.mjs';
import { SocketActor } from './socket-actor.mjs';

export const PROBE = JSON.stringify({ type: 'survey', score: 'probe' });

let addresses = 0;
const nextAddress = () => {
  const n = ++addresses;
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
};

export class VisitorActor extends SocketActor {
  /** parse: the visitor protocol's parser (from the compiled code under test). */
  constructor({ url, name, world, parse, findings, queue }) {
    super();
    Object.assign(this, { url, name, world, parse, findings, queue });
    this.ws = null;
    this.probeAnswer = null;
    this.banned = false;
    this.conversation = null;
  }

  open() {
    this.address = nextAddress();
    this.banned = false;
    this.conversation = null;
    return this.adopt(new WebSocket(`${this.url}/visitor`, { perMessageDeflate: false, headers: { 'X-Forwarded-For': this.address } }));
  }

  /** Open (again) when needed, learn the probe's answer, and be in a chat. */
  async ready(deadlineMs) {
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN || this.closed !== null || this.banned || (!this.conversation && this.stale)) {
      this.ws?.terminate();
      await this.open();
      this.probeAnswer = null;
    }
    if (!this.probeAnswer) {
      this.ws.send(PROBE);
      this.probeAnswer = await this.next((f) => f.type === 'error', deadlineMs);
      if (!this.probeAnswer) throw new Error(`${this.name}: the probe frame got no answer`);
    }
    if (!this.conversation) {
      this.ws.send(JSON.stringify({ type: 'start', name: `Fuzz ${this.name}`, visitorId: `fuzz-${this.address}`, queue: this.queue }));
      const started = await this.next((f) => f.type === 'started' || f.type === 'error', deadlineMs);
      if (started?.type === 'started') this.noteStarted(started);
    }
  }

  next(predicate, deadlineMs) {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.oneShot = null;
        resolve(null);
      }, deadlineMs);
      this.oneShot = (f) => {
        if (!predicate(f)) return false;
        clearTimeout(timer);
        this.oneShot = null;
        resolve(f);
        return true;
      };
    });
  }

  noteStarted(f) {
    this.conversation = f.conversation?.id ?? null;
    this.world.add('conversation', this.conversation);
    this.world.add('visitorToken', f.visitorToken);
    // A visitor's token offered where an agent's is expected (session.resume, Bearer): it must open nothing.
    this.world.add('token', f.visitorToken);
  }

  isProbeAnswer(f) {
    return f.type === 'error' && f.code === this.probeAnswer.code && f.message === this.probeAnswer.message;
  }

  /** The generated frame as it goes on the wire: { data, binary, closes } (see rawData). */
  prepare(spec) {
    return rawData(spec, (s) => (s.form === 'big' ? JSON.stringify({ type: 'typing', text: padding(s.size) }) : JSON.stringify(this.world.resolve(s.value))));
  }

  /** Send one prepared frame, then the probe. */
  send(spec, { data, binary }) {
    const text = typeof data === 'string' ? data : null;
    const verdict = text === null ? { ok: false, code: 'BAD_FRAME', message: 'binary' } : this.parse(text);
    const refused = !verdict.ok;
    const entry = {
      spec,
      text: text ?? `<${data.length} binary bytes>`,
      // The server's parser must refuse it: an error frame is owed before the probe's answer.
      owesError: refused,
      // Its own refusal reads exactly like the probe's: one more probe-like answer to wait for.
      probeLike: refused && verdict.code === this.probeAnswer.code && verdict.message === this.probeAnswer.message ? 1 : 0,
      errors: 0,
      done: false,
      problem: null,
    };
    this.waiting.push(entry);
    this.ws.send(data, { binary });
    this.ws.send(PROBE);
    return entry;
  }

  receive(data, isBinary) {
    let f;
    try {
      if (isBinary) throw new Error('binary');
      f = JSON.parse(data.toString());
    } catch {
      this.findings.add('malformed', `${this.name}: the server sent a visitor frame that is not JSON: ${data.toString().slice(0, 200)}`);
      return;
    }
    if (this.oneShot?.(f)) return;
    if (f.type === 'started') this.noteStarted(f);
    if (f.type === 'closed' || (f.type === 'status' && f.status === 'closed')) this.conversation = null;
    if (f.type === 'banned') {
      // The server said why and hangs up: whatever is still waiting has had its answer.
      this.banned = true;
      for (const e of this.waiting) e.done = true;
      this.waiting = [];
      this.poke();
      return;
    }
    const head = this.waiting[0];
    if (!head || f.type !== 'error') return;
    if (isEcho(f)) this.findings.add('echo', `${this.name}: visitor ${f.code} error of ${f.message.length} characters repeats the input`);
    if (this.isProbeAnswer(f) && head.probeLike > 0) {
      head.probeLike--;
      head.errors++;
      return;
    }
    if (!this.isProbeAnswer(f)) {
      head.errors++;
      head.problem ??= errorProblem(f);
      return;
    }
    // The probe's answer: the head frame has been dealt with.
    this.waiting.shift();
    head.done = true;
    if (head.owesError && head.errors === 0) head.problem = `no error for a frame the visitor protocol refuses: ${head.text.slice(0, 200)}`;
    if (this.waiting.length === 0) this.poke();
  }
}
