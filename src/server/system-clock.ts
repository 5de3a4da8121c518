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

  setTimer(ms: number, fn: () => void): TimerHandle {
    const id = this.nextId++;
    const t = setTimeout(() => {
      this.handles.delete(id);
      fn();
    }, Math.max(0, ms));
    t.unref?.();
    this.handles.set(id, t);
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

/** Crypto-strength tokens; ids need only be unique. */
export class CryptoRandom implements Random {
  private counter = 0;

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
    return `${prefix}-${Date.now().toString(36)}${this.counter.toString(36).padStart(4, '0')}${randomBytes(2).toString('hex')}`;
  }
}
