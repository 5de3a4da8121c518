import { randomBytes } from 'node:crypto';
import type { Clock, Random, TimerHandle } from '../core/clock.js';
import { tokenDigest } from '../store/token-digest.js';

/** Wall-clock time and Node timers. */
export class SystemClock implements Clock {
  private readonly handles = new Map<number, NodeJS.Timeout>();
  private nextId = 1;

  now(): number {
    return Date.now();
  }

  /**
   * Run fn once the clock has reached now + ms. Node's setTimeout may fire up
   * to a millisecond before Date.now() gets there; work that compares the
   * time with its due time (a wrap-up ending) would then find it not yet due
   * and never run again, so an early timer waits out the rest.
   */
  setTimer(ms: number, fn: () => void): TimerHandle {
    const id = this.nextId++;
    const due = Date.now() + Math.max(0, ms);
    const arm = (wait: number) => {
      const t = setTimeout(() => {
        const early = due - Date.now();
        if (early > 0) return arm(early);
        this.handles.delete(id);
        fn();
      }, wait);
      t.unref?.();
      this.handles.set(id, t);
    };
    arm(Math.max(0, ms));
    return { id };
  }

  clearTimer(handle: TimerHandle): void {
    const t = this.handles.get(handle.id);
    if (t) clearTimeout(t);
    this.handles.delete(handle.id);
  }

  clearAll(): void {
    for (const t of this.handles.values()) clearTimeout(t);
    this.handles.clear();
  }
}

/** Random bytes drawn for ids at a time: one draw serves 1,024 ids instead of one each (a call makes dozens). */
const ID_POOL_BYTES = 2048;

/** Crypto-strength tokens; ids need only be unique. */
export class CryptoRandom implements Random {
  private counter = 0;
  private pool = Buffer.alloc(0);
  private used = 0;

  next(): number {
    return Math.random();
  }

  token(): string {
    return randomBytes(24).toString('base64url');
  }

  digest(secret: string): string {
    return tokenDigest(secret);
  }

  id(prefix: string): string {
    this.counter = (this.counter + 1) % 1_679_616;
    return `${prefix}-${Date.now().toString(36)}${this.counter.toString(36).padStart(4, '0')}${this.randomHex(2)}`;
  }

  /** Random hex from the pool, so that two cores' ids of the same millisecond still differ. */
  private randomHex(bytes: number): string {
    if (this.used + bytes > this.pool.length) {
      this.pool = randomBytes(ID_POOL_BYTES);
      this.used = 0;
    }
    this.used += bytes;
    return this.pool.toString('hex', this.used - bytes, this.used);
  }
}
