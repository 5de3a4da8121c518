// A website visitor of the simulated shift, on the visitor protocol as the
// chat page speaks it: starts a chat, writes now and then, and when the
// server goes away reconnects and resumes the same chat with its token. A
// message is acknowledged when the server sends it back as the visitor's own
// (the page shows it then); the page does not resend what was not.
import WebSocket from 'ws';

export class ShiftVisitor {
  /**
   * everyMs: [min, max] between two messages (at least a second: the server
   * refuses a chat's messages past one a second sustained, DEFAULT_LIMITS);
   * chatLength: messages before the visitor ends the chat and starts another.
   */
  constructor({ name, url, ledger, rng, address, everyMs = [1000, 2000], chatLength = Infinity }) {
    Object.assign(this, { name, url, ledger, rng, address, everyMs, chatLength });
    this.inChat = 0;
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
    if (f.type === 'error') this.refused = f.code;
    if (f.type === 'started') {
      this.conversation = f.conversation.id;
      this.token = f.visitorToken;
      if (f.conversation.status === 'closed') return this.startAgain();
      clearInterval(this.timer);
      this.timer = setInterval(() => this.write(), this.everyMs[0] + this.rng() * (this.everyMs[1] - this.everyMs[0]));
    } else if (f.type === 'message' && f.message.author === 'customer' && f.message.text.startsWith('chaos ')) {
      this.ledger.acked(f.message.text);
    } else if (f.type === 'survey') {
      // Asked to rate the chat (it was solved, or the visitor ended it in a queue with a survey): rate it, which ends it.
      this.ws?.send(JSON.stringify({ type: 'survey', score: 1 + Math.floor(this.rng() * 10), comment: '' }));
    } else if (f.type === 'closed' || (f.type === 'status' && f.status === 'closed')) {
      this.startAgain();
    } else if (f.type === 'error' && f.code === 'CONVERSATION_NOT_FOUND') {
      this.startAgain();
    } else if (f.type === 'error' && f.code === 'TOO_MANY_CHATS' && !this.conversation) {
      // A person would wait and try again: the limit counts the starts of the last minute.
      clearTimeout(this.retry);
      this.retry = setTimeout(() => this.startAgain(), 10_000);
    }
  }

  /** The chat ended (or cannot be found): a new one. */
  startAgain() {
    clearInterval(this.timer);
    this.timer = null;
    this.conversation = null;
    this.token = null;
    this.inChat = 0;
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify({ type: 'start', name: `Chaos ${this.name}`, visitorId: `chaos-${this.name}`, queue: 'help' }));
  }

  write() {
    if (this.ws?.readyState !== WebSocket.OPEN || !this.working) return;
    // Enough said: the visitor ends the chat (the server answers `closed`, and a new one starts).
    if (this.inChat >= this.chatLength) return void this.ws.send(JSON.stringify({ type: 'close' }));
    this.inChat++;
    this.ws.send(JSON.stringify({ type: 'message', text: `chaos visitor ${this.name} #${++this.counter}` }));
  }

  /** Where this visitor is, for a report of a stalled shift. */
  describe() {
    const socket = ['connecting', 'open', 'closing', 'closed'][this.ws?.readyState ?? 3];
    return `${this.name}: socket ${socket}, ${this.conversation ? `in chat ${this.conversation} (${this.inChat} written)` : 'no chat'}${this.refused ? `, last refused with ${this.refused}` : ''}`;
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
