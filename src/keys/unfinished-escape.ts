/**
 * Where an escape sequence that has not finished arriving starts at the end of
 * a read of the terminal's bytes, or -1. An arrow key is ESC [ A; a terminal
 * whose reads reach the panel in pieces (an SSH client fed by another link, a
 * web terminal) can send ESC in one packet and "[A" in the next. Ink takes an
 * ESC left alone at the end of a read for the Esc key at once, so ↑ became
 * Esc, then "[" (previous section) and "A": the pause picker closed and the
 * panel moved to Profile. The bytes from here on must wait for the rest.
 */
export function unfinishedEscapeAt(bytes: Uint8Array): number {
  const at = bytes.lastIndexOf(ESC);
  if (at < 0) return -1;
  const tail = bytes.subarray(at + 1);
  if (tail.length === 0) return at;
  // SS3 (ESC O A, an arrow in application mode) needs one byte more.
  if (tail.length === 1 && tail[0] === O) return at;
  if (tail[0] !== BRACKET) return -1;
  // CSI: parameters and intermediates (0x20-0x3f) until a final byte; ESC [ [ A is the Linux console's F1.
  for (let i = 1; i < tail.length; i++) {
    const b = tail[i]!;
    if (b >= 0x20 && b <= 0x3f) continue;
    if (i === 1 && b === BRACKET) continue;
    return -1;
  }
  return at;
}

const ESC = 0x1b;
const BRACKET = 0x5b;
const O = 0x4f;
