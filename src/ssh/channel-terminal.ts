import { EventEmitter } from 'node:events';
import { EscapeHoldingInput } from '../keys/escape-holding-input.js';
import { fixIncrementalFrame } from '../ui/ink-frame-fix.js';
import { ResizeRedraw } from '../ui/resize-redraw.js';

/** What the terminal end of an SSH session channel must do for us. */
export interface ChannelLike {
  write(data: string): boolean;
  /** Bytes queued that the client has not taken yet. */
  readonly writableLength: number;
}

/**
 * A terminal that stops reading (a suspended laptop, a dead link TCP has not
 * noticed yet) must not make the server hold its frames without bound: past
 * this much unread output the session is cut, and a new login joins the
 * agent's session as it is.
 */
export const MAX_UNREAD_OUTPUT = 4 * 1024 * 1024;

/**
 * The panel's stdout for one SSH session: what Ink needs of a terminal
 * (columns, rows, resize events, isTTY) over the session's channel. No
 * pseudo-terminal sits between Ink and the channel, so the line discipline's
 * one job that matters here is done on the way out: a line feed becomes
 * CR LF, or every line would start where the one above ended.
 */
export class ChannelOutput extends EventEmitter {
  readonly isTTY = true;
  columns: number;
  rows: number;
  /** Bytes written to the channel so far (the bench's bytes per idle minute). */
  bytesWritten = 0;
  /** How a window-change reaches Ink and the panel: the panel drawn whole at the new size (ui/resize-redraw). */
  readonly redraw = new ResizeRedraw();
  private open = true;

  constructor(
    private readonly channel: ChannelLike,
    size: { columns: number; rows: number },
    private readonly onStalled: () => void,
  ) {
    super();
    this.columns = size.columns;
    this.rows = size.rows;
  }

  /** Ink's writes: frames (see fixIncrementalFrame) and its cursor and screen sequences. */
  write(data: string | Uint8Array, callback?: () => void): boolean {
    if (this.redraw.dropInkWrite(callback)) return true;
    const text = typeof data === 'string' ? data : Buffer.from(data).toString('utf8');
    return this.send(fixIncrementalFrame(text), callback);
  }

  /** The panel's own sequences (clipboard, bell, the live clock's times): as they are. */
  writeRaw(text: string): boolean {
    return this.send(text);
  }

  private send(text: string, callback?: () => void): boolean {
    if (!this.open) return false;
    const out = text.replace(/\r?\n/g, '\r\n');
    this.bytesWritten += Buffer.byteLength(out);
    const more = this.channel.write(out);
    if (callback) setImmediate(callback);
    if (this.channel.writableLength > MAX_UNREAD_OUTPUT) {
      this.open = false;
      this.onStalled();
    }
    return more;
  }

  /** A window-change: Ink and the panel redraw for the new size. */
  resize(columns: number, rows: number): void {
    if (columns === this.columns && rows === this.rows) return;
    this.columns = columns;
    this.rows = rows;
    this.redraw.resized({ columns, rows }, () => void this.emit('resize'));
  }

  /** The channel is gone: later writes (Ink's last frame on unmount) go nowhere. */
  close(): void {
    this.open = false;
  }

  get writable(): boolean {
    return this.open;
  }
}

/**
 * The panel's stdin for one SSH session. The agent's ssh client already puts
 * its own terminal in raw mode when it asks for a pty, so the bytes arrive as
 * keys (Enter is CR, Ctrl+C is 0x03): raw mode is what this stream always is,
 * and Ink's setRawMode has nothing to switch. Keys split between packets are
 * put back together on the way (EscapeHoldingInput).
 */
export class ChannelInput extends EscapeHoldingInput {
  readonly isTTY = true;

  setRawMode(): this {
    return this;
  }

  ref(): this {
    return this;
  }

  unref(): this {
    return this;
  }
}
