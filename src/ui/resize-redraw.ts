import { useStdout } from 'ink';
import { useEffect, useLayoutEffect } from 'react';
import { useTerminalSize } from './hooks.js';

/**
 * Ink 6 answers a terminal's 'resize' at once: it lays the frame out at the
 * new width and draws it (first erasing the old one when the terminal got
 * narrower). The panel's boxes still have the widths React gave them for the
 * old size, though: React hears of the new size through the same event but
 * renders on a later turn. So a frame of 80-column lines is drawn into 70
 * columns, its lines wrap and scroll the screen, and every incremental frame
 * after it lands a line off: a second header and footer stay on screen until
 * something draws everything again. Clipping the root to the terminal does not
 * help (Ink clips to the innermost box that hides its overflow, whose width
 * is React's), and the terminal has already rewrapped the old frame its own
 * way, so erasing "the lines Ink drew" cannot be right either.
 *
 * So a panel's terminal (ui/panel-stdout here, ssh/channel-terminal over SSH)
 * hands a new size to Ink and React through this. Ink's writes are dropped
 * from the event until React has laid the panel out at that size
 * (useResizeRedraw tells, from the commit); then the event is given once more,
 * for Ink's own handler to render that layout at once (a render after a commit
 * may wait out Ink's throttle, Ink's resize handler does not), and the screen
 * is cleared and the frame drawn whole through Ink's write for text outside
 * the frame (useStdout().write): it forgets the frame Ink believes is on
 * screen, writes the clear, and draws the last frame in full below it, at the
 * top of the cleared screen.
 */
const CLEAR_SCREEN = '\u001b[2J\u001b[H';

/**
 * React lays out a new size in milliseconds, and a panel that ends lets go at
 * once (connect's undo). Should neither happen, Ink is not kept from drawing
 * for longer than this.
 */
const LAYOUT_WAIT_MS = 5000;

export interface TerminalSize {
  columns: number;
  rows: number;
}

export class ResizeRedraw {
  /** The size Ink and React were last told of and the panel is not yet drawn at; null: none. */
  private awaited: TerminalSize | null = null;
  private tell: () => void = () => {};
  private inkWrite: ((data: string) => void) | null = null;
  private giveUp: NodeJS.Timeout | null = null;

  /**
   * Drops one of Ink's writes if the panel is being laid out at a new size
   * now (its frame would be drawn for the old one), and says whether it did.
   * A caller waiting for the write to be done (`done`, a stream write's
   * callback) is told it is, on a later turn as a stream would.
   */
  dropInkWrite(done?: () => void): boolean {
    if (this.awaited === null) return false;
    if (done) setImmediate(done);
    return true;
  }

  /** Ink's write for text outside the frame, once the panel is mounted (useResizeRedraw); returns the undo. */
  connect(write: (data: string) => void): () => void {
    this.inkWrite = write;
    return () => {
      if (this.inkWrite !== write) return;
      this.inkWrite = null;
      this.settle();
    };
  }

  /** The terminal is now `size`; `emit` gives Ink and the panel their 'resize' event. */
  resized(size: TerminalSize, emit: () => void): void {
    // Before the panel is mounted there is no frame to keep whole: Ink's own way.
    if (!this.inkWrite) return emit();
    this.awaited = { ...size };
    this.tell = emit;
    emit();
    this.giveUp ??= setTimeout(() => this.laidOut(this.awaited), LAYOUT_WAIT_MS).unref();
  }

  /** React has committed the panel laid out at `size`: draw it whole, if that is the terminal's size now. */
  laidOut(size: TerminalSize | null): void {
    const awaited = this.awaited;
    if (!awaited || !size || size.columns !== awaited.columns || size.rows !== awaited.rows) return;
    // Told once more, Ink renders the laid-out panel at once, its writes still dropped.
    this.tell();
    this.settle();
    this.inkWrite?.(CLEAR_SCREEN);
  }

  private settle(): void {
    this.awaited = null;
    if (this.giveUp) clearTimeout(this.giveUp);
    this.giveUp = null;
  }
}

/** Give `redraw` this panel's Ink write while the panel is mounted, and tell it when React has laid out a new size. */
export function useResizeRedraw(redraw: ResizeRedraw | undefined): void {
  const { write } = useStdout();
  const size = useTerminalSize();
  useEffect(() => redraw?.connect(write), [redraw, write]);
  // In the commit that gave the panel this size, after Ink has laid it out and before anything else is drawn.
  useLayoutEffect(() => redraw?.laidOut(size), [redraw, size]);
}
