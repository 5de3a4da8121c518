import type { Clock, TimerHandle } from './clock.js';

/**
 * Named timers on the injected clock. Setting a key again replaces its timer,
 * so "ring timeout of call X" or "wrap-up end of agent Y" exist at most once.
 */
export class Timers {
  private readonly handles = new Map<string, TimerHandle>();

  constructor(private readonly clock: Clock) {}

  set(key: string, at: number, fn: () => void): void {
    this.clear(key);
    const handle = this.clock.setTimer(Math.max(0, at - this.clock.now()), () => {
      this.handles.delete(key);
      fn();
    });
    this.handles.set(key, handle);
  }

  clear(key: string): void {
    const handle = this.handles.get(key);
    if (handle) this.clock.clearTimer(handle);
    this.handles.delete(key);
  }

  clearAll(): void {
    for (const h of this.handles.values()) this.clock.clearTimer(h);
    this.handles.clear();
  }

  has(key: string): boolean {
    return this.handles.has(key);
  }
}
