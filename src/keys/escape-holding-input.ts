import { Transform, type TransformCallback } from 'node:stream';
import { unfinishedEscapeAt } from './unfinished-escape.js';

/**
 * How long the end of an escape sequence is waited for (see
 * unfinishedEscapeAt): long enough for the next read of a key split on the
 * way, short enough that Esc alone still feels at once (vim's ttimeoutlen).
 */
export const ESCAPE_WAIT_MS = 100;

/**
 * A panel's keys on their way to Ink, whatever terminal they come from (the
 * process's own stdin, an SSH channel). A read that ends inside an escape
 * sequence keeps that part back until the rest comes, or ESCAPE_WAIT_MS has
 * passed (then it was Esc): Ink would take the ESC alone for Esc at once.
 * What Ink also asks of its stdin (isTTY, setRawMode, ref, unref) is each
 * terminal's own.
 */
export abstract class EscapeHoldingInput extends Transform {
  abstract readonly isTTY: boolean;
  private held: Buffer | null = null;
  private timer: NodeJS.Timeout | undefined;

  abstract setRawMode(enabled: boolean): this;
  abstract ref(): this;
  abstract unref(): this;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    clearTimeout(this.timer);
    let bytes = this.held ? Buffer.concat([this.held, chunk]) : chunk;
    this.held = null;
    const unfinished = unfinishedEscapeAt(bytes);
    if (unfinished >= 0) {
      const held = bytes.subarray(unfinished);
      this.held = held;
      bytes = bytes.subarray(0, unfinished);
      // Released after the reads already waiting: a panel busy past the wait (drawing, on a loaded
      // machine) finds its timer due before it has read the rest of the key, which came in time.
      this.timer = setTimeout(() => void setImmediate(() => this.release(held)), ESCAPE_WAIT_MS);
    }
    if (bytes.length > 0) this.push(bytes);
    done();
  }

  override _flush(done: TransformCallback): void {
    this.release(this.held);
    done();
  }

  override _destroy(error: Error | null, done: (error: Error | null) => void): void {
    clearTimeout(this.timer);
    this.held = null;
    done(error);
  }

  /** Pass on `held` as it is, unless a later read has taken it up already. */
  private release(held: Buffer | null): void {
    if (!held || held !== this.held) return;
    clearTimeout(this.timer);
    this.held = null;
    this.push(held);
  }
}
