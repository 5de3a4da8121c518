import type { HandlerContext } from '../../core/context.js';
import type { Engine } from '../../core/engine.js';

interface Pending<T> {
  work: (ctx: HandlerContext) => T;
  resolve(value: T): void;
  reject(error: unknown): void;
}

/** Most webhooks taken in one transaction. */
const MAX_BATCH = 256;

/**
 * Takes webhooks in through the engine, several to a transaction: those
 * that arrive in the same turn of the event loop are committed together (one
 * fsync for many), and each is answered only once that commit is done. If
 * one of them is refused the whole transaction rolls back, and each is then
 * run alone, so a bad one costs the others nothing but a second try.
 */
export class Intake {
  private queue: Array<Pending<unknown>> = [];
  private scheduled = false;

  constructor(private readonly engine: Engine) {}

  run<T>(work: (ctx: HandlerContext) => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (v: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    const batch = this.queue.splice(0, MAX_BATCH);
    this.scheduled = this.queue.length > 0;
    if (this.scheduled) setImmediate(() => this.flush());
    if (batch.length === 1) return this.alone(batch[0]!);
    let values: unknown[];
    try {
      values = this.engine.run((ctx) => batch.map((p) => p.work(ctx)));
    } catch {
      for (const p of batch) this.alone(p);
      return;
    }
    batch.forEach((p, i) => p.resolve(values[i]));
  }

  private alone(p: Pending<unknown>): void {
    try {
      p.resolve(this.engine.run(p.work));
    } catch (e) {
      p.reject(e);
    }
  }
}
