/** How long a test waits for something to arrive before it fails saying what it saw. */
export const GUARD_MS = 10_000;

/**
 * Conditions a test waits on, checked again whenever something arrives (a
 * frame on a socket, a step of a simulated visitor) instead of on a timer.
 */
export class Waiters {
  private readonly pending = new Set<() => void>();

  /** Check every pending condition again: call it after anything arrives. */
  wake(): void {
    for (const fn of [...this.pending]) fn();
  }

  /** Resolve with the first value `check` returns other than undefined; after GUARD_MS fail with `failure()`. */
  until<T>(check: () => T | undefined, failure: () => string): Promise<T> {
    return new Promise((resolve, reject) => {
      const now = check();
      if (now !== undefined) return resolve(now);
      const guard = setTimeout(() => {
        this.pending.delete(poll);
        reject(new Error(failure()));
      }, GUARD_MS);
      const poll = () => {
        const value = check();
        if (value === undefined) return;
        clearTimeout(guard);
        this.pending.delete(poll);
        resolve(value);
      };
      this.pending.add(poll);
    });
  }
}
