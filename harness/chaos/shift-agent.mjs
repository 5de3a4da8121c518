// One agent of the simulated shift, on the real client (AgentClient with its
// command journal on disk, over the ws transport): it answers the calls that
// ring for it, talks a moment, hangs up, submits the disposition (with the
// form), replies to its chats' customers, writes to colleagues, and now and
// then pauses. Every command goes through the journal, so after a kill the
// client resends what was not acknowledged with the same ids; what is
// acknowledged is written in the ledgers.
import { WRAP_UP } from '../lib/center.mjs';

const TICK_MS = 120;

export class ShiftAgent {
  /**
   * client: { AgentClient, wsTransport } from the compiled code; ledgers:
   * { dispositions, replies, agentChat }; onSend(text): told of every frame
   * the client writes (the kill switch listens); rng() in [0, 1).
   */
  constructor({ number, colleagues, url, journal, client, ledgers, onSend, rng }) {
    Object.assign(this, { number, colleagues, ledgers, rng });
    const transport = client.wsTransport(url);
    this.client = new client.AgentClient({
      transport: () => {
        const t = transport();
        const send = t.send;
        t.send = (text) => {
          send(text);
          onSend(text);
        };
        return t;
      },
      journalPath: journal,
      reconnect: { initialMs: 100, maxMs: 1000 },
    });
    this.inFlight = new Set();
    this.done = new Set();
    this.replied = new Map();
    this.sent = 0;
    this.counter = 0;
    this.working = false;
    this.timer = null;
    this.pausedUntil = 0;
  }

  async start() {
    await this.client.connect();
    await this.client.login({ agent: this.number, pin: this.number });
    this.working = true;
    this.timer = setInterval(() => this.tick(), TICK_MS);
  }

  /** Stop taking new work; what is in the journal is still delivered. */
  stopWork() {
    this.working = false;
    clearInterval(this.timer);
  }

  /** Commands written but not acknowledged (journal) and actions still waiting for an answer. */
  outstanding() {
    return this.client.queued() + this.inFlight.size;
  }

  get online() {
    return this.client.connection === 'online' && this.client.session === 'logged-in';
  }

  close() {
    this.stopWork();
    this.client.close();
  }

  /** Send a journaled command once per key; onOk(result) when acknowledged. */
  act(key, cmd, args, onOk = () => {}, ledger = null) {
    if (this.inFlight.has(key) || this.done.has(key)) return;
    this.inFlight.add(key);
    this.sent++;
    this.client.send(cmd, args).then(
      (result) => {
        this.inFlight.delete(key);
        this.done.add(key);
        onOk(result);
      },
      (e) => {
        this.inFlight.delete(key);
        // A refusal (the call ended with the restart, say) is an answer; a lost session is retried by the client.
        if (!['OFFLINE', 'CLOSED', 'NOT_LOGGED_IN'].includes(e.code)) this.done.add(key);
        ledger?.refused(e.code ?? 'ERROR');
      },
    );
  }

  tick() {
    if (!this.working || !this.online) return;
    const store = this.client.store;
    const now = Date.now();
    for (const call of store.list('call')) this.workCall(call, now);
    for (const c of store.list('conversation')) this.workChat(c, store);
    const me = store.myAgent();
    if (me?.status === 'paused' && now >= this.pausedUntil) this.act(`unpause:${me.statusSince}`, 'agent.unpause', {});
    else if (me?.status === 'available' && me.activity === 'idle' && this.rng() < 0.004) {
      this.pausedUntil = now + 500 + this.rng() * 1500;
      this.act(`pause:${now}`, 'agent.pause', { reason: 'Break' });
    }
    if (this.rng() < 0.01) {
      const to = this.colleagues[Math.floor(this.rng() * this.colleagues.length)];
      const text = `chaos agent-chat ${this.number}->${to} #${++this.counter}`;
      this.act(`chat:${text}`, 'agentchat.send', { to, text }, () => this.ledgers.agentChat.acked(text), this.ledgers.agentChat);
    }
  }

  workCall(call, now) {
    const mine = call.agent === this.number;
    if (call.state === 'ringing' && call.offers?.some((o) => o.agent === this.number)) this.act(`answer:${call.id}`, 'call.answer', { callId: call.id });
    else if (mine && call.state === 'on-call' && now - (call.answeredAt ?? now) > 300 + this.rng() * 1500) this.act(`hangup:${call.id}`, 'call.hangup', { callId: call.id });
    else if (mine && call.state === 'ended' && call.needsDisposition && !call.disposition) {
      const wrap = WRAP_UP[call.queue] ?? { hotkeys: ['1'], fields: {} };
      const hotkey = wrap.hotkeys[Math.floor(this.rng() * wrap.hotkeys.length)];
      const fields = call.needsForm && !call.form ? wrap.fields : undefined;
      this.act(
        `dispose:${call.id}`,
        'disposition.submit',
        { callId: call.id, hotkey, ...(fields && Object.keys(fields).length ? { fields } : {}) },
        (r) => this.ledgers.dispositions.acked(call.id, r.disposition?.code ?? null),
        this.ledgers.dispositions,
      );
    } else if (mine && call.state === 'ended' && call.needsForm && !call.form && call.disposition) {
      this.act(`form:${call.id}`, 'form.submit', { callId: call.id, values: (WRAP_UP[call.queue] ?? { fields: {} }).fields });
    }
  }

  /** Reply once to each customer message that is the last word in one of my chats. */
  workChat(c, store) {
    if (c.agent !== this.number || c.status !== 'open') return;
    const last = store
      .list('message')
      .filter((m) => m.conversation === c.id)
      .sort((a, b) => a.at - b.at)
      .at(-1);
    if (!last || last.author !== 'customer' || this.replied.get(c.id) === last.id) return;
    this.replied.set(c.id, last.id);
    const text = `chaos reply ${this.number} #${++this.counter} to ${last.id}`;
    // A reply to a WhatsApp, Messenger or SMS customer must also reach their provider, once.
    const provider = ['sms', 'whatsapp', 'facebook'].includes(c.channel) ? this.ledgers.providerReplies : null;
    this.act(
      `reply:${text}`,
      'message.send',
      { conversation: c.id, text },
      () => {
        this.ledgers.replies.acked(text);
        provider?.acked(text);
      },
      this.ledgers.replies,
    );
  }
}
