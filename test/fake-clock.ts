import type { Clock, Random, TimerHandle } from '../src/core/clock.js';

interface PendingTimer {
  id: number;
  at: number;
  fn: () => void;
}

/**
 * A clock that only moves when told to. Timers fire in due order while
 * advancing, each seeing `now()` equal to its own due time.
 */
export class FakeClock implements Clock {
  private current: number;
  private timers: PendingTimer[] = [];
  private nextId = 1;

  constructor(start: number | string = Date.UTC(2026, 0, 5, 9, 0, 0)) {
    this.current = typeof start === 'string' ? Date.parse(start) : start;
  }

  now(): number {
    return this.current;
  }

  setTimer(ms: number, fn: () => void): TimerHandle {
    const timer = { id: this.nextId++, at: this.current + Math.max(0, ms), fn };
    this.timers.push(timer);
    return { id: timer.id };
  }

  clearTimer(handle: TimerHandle): void {
    this.timers = this.timers.filter((t) => t.id !== handle.id);
  }

  /** Move time forward by `ms`, firing every timer that falls due on the way. */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.current = Math.max(this.current, due.at);
      due.fn();
    }
    this.current = target;
  }

  pendingTimers(): number {
    return this.timers.length;
  }
}

/** Mulberry32: small, fast, deterministic; good enough for simulated traffic. */
export class SeededRandom implements Random {
  private state: number;
  private counter = 0;

  constructor(seed = 42) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  token(): string {
    let s = '';
    for (let i = 0; i < 4; i++) s += Math.floor(this.next() * 0xffffffff).toString(16).padStart(8, '0');
    return s;
  }

  /** A stand-in digest for tests (two FNV-1a passes): deterministic and one-way enough to prove no token is kept in clear, not cryptographic. */
  digest(secret: string): string {
    let a = 0x811c9dc5;
    let b = 0x01000193;
    for (let i = 0; i < secret.length; i++) {
      a = Math.imul(a ^ secret.charCodeAt(i), 0x01000193) >>> 0;
      b = Math.imul(b ^ secret.charCodeAt(secret.length - 1 - i), 0x811c9dc5) >>> 0;
    }
    return `fnv-${a.toString(16).padStart(8, '0')}${b.toString(16).padStart(8, '0')}`;
  }

  id(prefix: string): string {
    this.counter += 1;
    return `${prefix}-${this.counter.toString(36)}${Math.floor(this.next() * 46656).toString(36).padStart(3, '0')}`;
  }
}
