import chalk from 'chalk';
import { Text, type DOMElement } from 'ink';
import React, { createContext, useContext, useLayoutEffect, useReducer, useRef } from 'react';
import stringWidth from 'string-width';
import { useNow } from './hooks.js';
import type { Ticker } from './ticker.js';

/**
 * The running times an idle panel shows (the header's "AVAILABLE 0:12  idle
 * 0:12", the pause banner) change every second, and Ink 6 builds its whole
 * frame again for any change: some 10 ms of CPU a second per panel, which a
 * server with hundreds of SSH panels cannot afford. Here those times are
 * drawn by React when their line is drawn anyway, and kept current in
 * between by writing just their characters at their place on the terminal:
 * a few dozen bytes a second, and no render. Ink's incremental renderer
 * leaves a line it did not change alone, so what is written here stays; a
 * line it does redraw carries the time of that render. A time whose width
 * changes (9:59 to 10:00) asks its component to render again instead.
 *
 * Positions are read from Ink's layout (Yoga) after each render of the
 * component that owns the time, relative to the bottom of the frame, where
 * Ink leaves the cursor. Without a live clock (the screen tests) the owner
 * simply renders every second.
 */
export interface LiveField {
  /** Row from the top of the frame, and column, of the first character. */
  row: number;
  column: number;
  /** The text for the time given (Date.now()). */
  value(now: number): string;
  /** The text with the span's style, as Ink would draw it. */
  paint(text: string): string;
  /** Render the owner again (the text no longer fits its place). */
  rerender(): void;
}

interface Placed extends LiveField {
  shown: string;
  frameHeight: number;
}

export class LiveClock {
  private readonly fields = new Map<object, Placed[]>();
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly write: (data: string) => void,
    private readonly ticker: Ticker,
  ) {}

  /** The fields of one owner, as drawn by its last render (empty: it has none now). */
  place(owner: object, fields: LiveField[], shown: string[], frameHeight: number): void {
    if (fields.length === 0) this.fields.delete(owner);
    else this.fields.set(owner, fields.map((f, i) => ({ ...f, shown: shown[i]!, frameHeight })));
    if (this.fields.size > 0 && !this.unsubscribe) this.unsubscribe = this.ticker.subscribe(1000, () => this.tick());
    if (this.fields.size === 0 && this.unsubscribe) {
      this.unsubscribe();
      this.unsubscribe = null;
    }
  }

  /** Fields kept current now (the bench and the tests read it). */
  size(): number {
    let n = 0;
    for (const f of this.fields.values()) n += f.length;
    return n;
  }

  private tick(): void {
    const now = Date.now();
    let out = '';
    for (const owned of this.fields.values()) {
      for (const f of owned) {
        const text = f.value(now);
        if (text === f.shown) continue;
        if (stringWidth(text) !== stringWidth(f.shown)) {
          // Whatever follows on the line moves too: the owner draws it all again.
          f.rerender();
          break;
        }
        // Ink leaves the cursor at the start of the line below the frame.
        const up = f.frameHeight - f.row;
        out += `\u001b[${up}A\u001b[${f.column + 1}G${f.paint(text)}\u001b[${up}B\u001b[1G`;
        f.shown = text;
      }
    }
    if (out) this.write(out);
  }
}

const LiveClockContext = createContext<LiveClock | null>(null);

export function LiveClockProvider({ clock, children }: { clock: LiveClock; children: React.ReactNode }) {
  return <LiveClockContext.Provider value={clock}>{children}</LiveClockContext.Provider>;
}

/** Where a box is in the frame (row, column, width) and how tall the frame is, from Ink's layout. */
function placeOf(box: DOMElement): { row: number; column: number; width: number; frameHeight: number } | null {
  let row = 0;
  let column = 0;
  let node: DOMElement | undefined = box;
  let root: DOMElement = box;
  while (node) {
    if (!node.yogaNode) return null;
    row += node.yogaNode.getComputedTop();
    column += node.yogaNode.getComputedLeft();
    root = node;
    node = node.parentNode;
  }
  return { row, column, width: box.yogaNode!.getComputedWidth(), frameHeight: root.yogaNode!.getComputedHeight() };
}

export interface LiveSpan {
  /** Columns before the span on its line of the box. */
  offset: number;
  value(now: number): string;
  /** The span's style as its Text has it (named colours, as the theme's). */
  style?: SpanStyle;
}

export interface SpanStyle {
  color?: string;
  backgroundColor?: string;
  bold?: boolean;
  inverse?: boolean;
}

/** A piece of a line: fixed text, or a running time (drawn, and kept current, for the time given). */
export interface LinePart {
  text: string | ((now: number) => string);
  style?: SpanStyle;
}

/**
 * The running times of a line made of parts, each at the columns the parts
 * before it take at that time: the line is drawn from the same parts
 * (LiveLine), so a span cannot land beside its text.
 */
export function spansOf(parts: LinePart[], now: number): LiveSpan[] {
  const spans: LiveSpan[] = [];
  let offset = 0;
  for (const part of parts) {
    if (typeof part.text === 'function') spans.push({ offset, value: part.text, style: part.style });
    offset += stringWidth(typeof part.text === 'function' ? part.text(now) : part.text);
  }
  return spans;
}

/** The parts of a line as Texts (inside a Text that truncates them), running times at `now`. */
export function LiveLine({ parts, now }: { parts: LinePart[]; now: number }) {
  return (
    <>
      {parts.map((part, i) => (
        <Text key={i} {...part.style}>
          {typeof part.text === 'function' ? part.text(now) : part.text}
        </Text>
      ))}
    </>
  );
}

/**
 * Running times on the first line of `box` (`spansAt` says where they are
 * and what they show at a time): returns the time to draw them with. Where the panel has a live clock they are kept current by it (see
 * above); where it has none, the component renders every second.
 */
export function useLiveSpans(box: React.RefObject<DOMElement | null>, spansAt: (now: number) => LiveSpan[]): number {
  const clock = useContext(LiveClockContext);
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const now = useNow(1000, undefined, clock === null);
  const owner = useRef({});
  const spans = spansAt(now);
  const latest = useRef(spans);
  latest.current = spans;
  // After every render: where the spans are now, and what they show. In the
  // commit itself (a layout effect, run once Ink has laid the frame out), not
  // after it: a tick landing between the frame written and a passive effect
  // wrote the times at their old places on the new frame (the header read
  // "RINGING 0:0:00available"), or over the login screen after the panel had
  // gone, and Ink, which left those lines alone, never wrote over them.
  useLayoutEffect(() => {
    if (!clock) return;
    const place = box.current ? placeOf(box.current) : null;
    const fields: LiveField[] = [];
    const shown: string[] = [];
    if (place) {
      for (const [i, span] of spans.entries()) {
        const text = span.value(now);
        // A span the box cuts off (a long name at 80 columns) is left to the renders.
        if (span.offset + stringWidth(text) > place.width) continue;
        fields.push({
          row: place.row,
          column: place.column + span.offset,
          value: (t) => latest.current[i]?.value(t) ?? text,
          paint: (t) => paint(t, span.style ?? {}),
          rerender,
        });
        shown.push(text);
      }
    }
    clock.place(owner.current, fields, shown, place?.frameHeight ?? 0);
  });
  useLayoutEffect(() => () => clock?.place(owner.current, [], [], 0), [clock]);
  return now;
}

const named = chalk as unknown as Record<string, (s: string) => string>;

/** The SGR codes Ink draws a Text's style with: through chalk, in the order its Text applies them. */
function paint(text: string, style: SpanStyle): string {
  let out = text;
  if (style.color && style.color in chalk) out = named[style.color]!(out);
  const bg = style.backgroundColor ? `bg${style.backgroundColor[0]!.toUpperCase()}${style.backgroundColor.slice(1)}` : null;
  if (bg && bg in chalk) out = named[bg]!(out);
  if (style.bold) out = chalk.bold(out);
  if (style.inverse) out = chalk.inverse(out);
  return out;
}
