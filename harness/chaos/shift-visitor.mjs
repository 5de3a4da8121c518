// A website visitor of the simulated shift, on the visitor protocol as the
// chat page speaks it: starts a chat, writes now and then, and when the
// server goes away reconnects and resumes the same chat with its token. A
// message is acknowledged when the server sends it back as the visitor's own
// (the page shows it then); the page does not resend what was not.
import WebSocket from 'ws';

export class ShiftVisitor {
  constructor({ name, url, ledger, rng, address }) {
    Object.assign(this, { name, url, ledger, rng, address });
    this.conversation = null;
    this.token = null;
    this.counter = 0;
    this.working = false;
    this.ws = null;
    this.timer = null;
    this.retry = null;
  }

  start() {
    this.working = true;
    this.connect();
  }

  connect() {
    if (!this.working) return;
    const ws = new WebSocket(`${this.url}/visitor`, { perMessageDeflate: false, headers: { 'X-Forwarded-For': this.address } });
    this.ws = ws;
    ws.on('open', () => {
      if (this.conversation) ws.send(JSON.stringify({ type: 'resume', conversationId: this.conversation, visitorToken: this.token }));
      else ws.send(JSON.stringify({ type: 'start', name: `Chaos ${this.name}`, visitorId: `chaos-${this.name}`, queue: 'help' }));
    });
    ws.on('message', (data) => this.receive(JSON.parse(data.toString())));
    ws.on('error', () => {});
    ws.on('close', () => {
      clearInterval(this.timer);
      this.timer = null;
      if (this.working) this.retry = setTimeout(() => this.connect(), 100 + this.rng() * 300);
    });
  }

  receive(f) {
    if (f.type === 'started') {
      this.conversation = f.conversation.id;
      this.token = f.visitorToken;
      if (f.conversation.status === 'closed' || f.conversation.status === 'solved') return this.startAgain();
      clearInterval(this.timer);
      this.timer = setInterval(() => this.write(), 400 + this.rng() * 800);
    } else if (f.type === 'message' && f.message.author === 'customer' && f.message.text.startsWith('chaos ')) {
      this.ledger.acked(f.message.text);
    } else if (f.type === 'closed' || (f.type === 'status' && f.status !== 'open' && f.status !== 'waiting')) {
      this.startAgain();
    } else if (f.type === 'error' && f.code === 'CONVERSATION_NOT_FOUND') {
      this.startAgain();
    }
  }

  /** The chat ended (or cannot be found): a new one. */
  startAgain() {
    clearInterval(this.timer);
    this.timer = null;
    this.conversation = null;
    this.token = null;
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify({ type: 'start', name: `Chaos ${this.name}`, visitorId: `chaos-${this.name}`, queue: 'help' }));
  }

  write() {
    if (this.ws?.readyState !== WebSocket.OPEN || !this.working) return;
    this.ws.send(JSON.stringify({ type: 'message', text: `chaos visitor ${this.name} #${++this.counter}` }));
  }

  stopWork() {
    this.working = false;
    clearInterval(this.timer);
    clearTimeout(this.retry);
  }

  close() {
    this.stopWork();
    this.ws?.terminate();
  }
}
