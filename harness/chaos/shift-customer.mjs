// A WhatsApp, Messenger or SMS customer of the simulated shift: writes now
// and then through the real webhook, signed as its provider signs, and like
// a provider posts the same notification again until the server answers 200
// (a kill may swallow the answer of a message it kept: the message id makes
// the second delivery count once). A message is acknowledged by that 200.
import { customerPost } from '../lib/provider-fakes.mjs';

export class ShiftCustomer {
  constructor({ channel, from, fakes, port, ledger, rng, everyMs = [600, 1800] }) {
    Object.assign(this, { channel, from, fakes, port, ledger, rng, everyMs });
    this.counter = 0;
    this.working = false;
    this.pending = null;
    this.timer = null;
  }

  start() {
    this.working = true;
    this.schedule();
  }

  stopWork() {
    this.working = false;
    clearTimeout(this.timer);
  }

  close() {
    this.stopWork();
  }

  schedule() {
    if (!this.working) return;
    const [min, max] = this.everyMs;
    this.timer = setTimeout(() => this.write(), min + this.rng() * (max - min));
  }

  async write() {
    // One message at a time, as a provider delivers a customer's messages in order.
    if (!this.pending) {
      const n = ++this.counter;
      const text = `chaos ${this.channel} customer ${this.from} #${n}`;
      const id = this.channel === 'sms' ? `SM${this.from.padStart(12, '0')}${String(n).padStart(20, '0')}` : `${this.channel === 'whatsapp' ? 'wamid.' : 'm_'}chaos-${this.from}-${n}`;
      this.pending = { text, post: customerPost(this.fakes, this.port, this.channel, { from: this.from, text, id }) };
    }
    try {
      const res = await fetch(`http://127.0.0.1:${this.port}${this.pending.post.path}`, { method: 'POST', headers: this.pending.post.headers, body: this.pending.post.body, signal: AbortSignal.timeout(5000) });
      await res.arrayBuffer();
      if (res.status === 200) {
        this.ledger.acked(this.pending.text);
        this.pending = null;
      }
    } catch {
      // the server is away: the same notification goes again
    }
    this.schedule();
  }
}
