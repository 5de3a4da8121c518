/**
 * Ink 6.8's incremental renderer (`incrementalRendering`) starts each frame
 * by moving the cursor up to the frame's first line, one line too few when
 * the frame ends with a line break, which is every frame shorter than the
 * terminal (the panel is rows - 1 tall, so that Ink never clears the whole
 * screen). Every frame would then be drawn one line lower and scroll the
 * screen. Such a frame is the one write that begins with "cursor up"
 * (shrinking frames begin by erasing lines, and are right): one more line
 * up puts it where it belongs. While at it, a run of unchanged lines is
 * stepped over in one move instead of one per line: an idle panel's frame is
 * its clock line and that one move.
 */
const FRAME_START = /^\u001b\[(\d+)A/;
/** Unchanged lines are stepped over one "next line" each; a run of them is one step of n lines. */
const NEXT_LINES = /(?:\u001b\[E){2,}/g;

export function fixIncrementalFrame(chunk: string): string {
  const m = FRAME_START.exec(chunk);
  if (!m) return chunk;
  const rest = chunk.slice(m[0].length).replace(NEXT_LINES, (run) => `\u001b[${run.length / 3}E`);
  return `\u001b[${Number(m[1]) + 1}A${rest}`;
}
