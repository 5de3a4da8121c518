// What the fuzzer knows of the server it attacks: ids and tokens seen so far,
// kept in pools so generated frames can name real calls, chats, files and
// sessions, not only made-up ones. Generated frames carry Refs (a pool and a
// number) instead of values; a Ref is resolved when the frame is sent, so the
// same generated case means the same kind of thing on a fresh server (this is
// how a crash is replayed: see crash.mjs).
import { randomUUID } from 'node:crypto';
import { AGENTS, CAMPAIGNS, CHAT_QUEUES, PAUSE_REASONS, SUPERVISOR, VOICE_QUEUES } from '../lib/center.mjs';

export class Ref {
  constructor(pool, n) {
    this.pool = pool;
    this.n = n;
  }
}

const POOL_LIMIT = 256;

/** Values a pool offers before the server has told us any. */
const SEEDS = {
  agent: [...AGENTS, SUPERVISOR, '0000', '99999999'],
  queue: [...VOICE_QUEUES, ...CHAT_QUEUES, '7999', 'no-such-queue'],
  campaign: [...CAMPAIGNS, 'no-such-campaign'],
  reason: [...PAUSE_REASONS, 'Not a reason'],
  hotkey: ['1', '2', '3', '4', '9', 'x'],
  code: ['RES', 'ESC', 'CB', 'WN', 'SALE', 'NI', 'CBK', 'NOPE'],
  address: ['10.9.9.9', '127.0.0.1', '::1', '203.0.113.7', 'not an address'],
};

export class World {
  constructor() {
    this.pools = new Map();
    for (const [name, values] of Object.entries(SEEDS)) this.pools.set(name, [...values]);
  }

  add(pool, value) {
    if (typeof value !== 'string' || value === '') return;
    const list = this.pools.get(pool) ?? [];
    if (list.includes(value)) return;
    list.push(value);
    if (list.length > POOL_LIMIT) list.splice(0, list.length - POOL_LIMIT);
    this.pools.set(pool, list);
  }

  /** The n-th value of a pool (wrapping), or a made-up one of the right shape when it is empty. */
  pick(pool, n) {
    const list = this.pools.get(pool);
    if (list && list.length > 0) return list[n % list.length];
    return `${pool}-${randomUUID()}`;
  }

  /** Replace every Ref inside a generated value by a value of its pool. */
  resolve(value) {
    if (value instanceof Ref) return this.pick(value.pool, value.n);
    if (Array.isArray(value)) return value.map((v) => this.resolve(v));
    if (value && typeof value === 'object' && !(value instanceof Uint8Array)) {
      const out = {};
      // defineProperty: a generated "__proto__" key stays a key, as JSON.parse makes it on the server.
      for (const [k, v] of Object.entries(value)) Object.defineProperty(out, k, { value: this.resolve(v), enumerable: true, writable: true, configurable: true });
      return out;
    }
    return value;
  }

  /** Learn ids from an event an agent socket received. */
  learnEvent(frame) {
    const d = frame.data ?? {};
    if (d.call?.id) this.add('call', d.call.id);
    if (d.record?.id) this.add('call', d.record.id);
    if (d.conversation?.id) this.add('conversation', d.conversation.id);
    if (d.message?.id) {
      this.add('message', d.message.id);
      for (const a of d.message.attachments ?? []) this.add('file', a.id);
    }
    if (d.lead?.id) this.add('lead', d.lead.id);
    if (d.canned?.id) this.add('canned', d.canned.id);
    if (d.ban?.id) this.add('address', d.ban.id);
  }

  /** Learn ids from a login's or resume's snapshot. */
  learnSnapshot(snapshot) {
    const e = snapshot?.entities ?? {};
    for (const call of e.call ?? []) this.add('call', call.id);
    for (const c of e.conversation ?? []) this.add('conversation', c.id);
    for (const lead of e.lead ?? []) this.add('lead', lead.id);
    for (const c of e.canned ?? []) this.add('canned', c.id);
    for (const ban of e.ban ?? []) this.add('address', ban.id);
  }
}
