/** The sequence that shows a terminal's cursor. */
const SHOW_CURSOR = '\u001b[?25h';

/**
 * Ink hides the cursor of the terminal it draws on, and its helper
 * (restore-cursor) then writes "show the cursor" to standard error as the
 * process exits, whatever standard error is. A server draws panels on SSH
 * channels, so its log got the sequence (a tester found `^[[?25h` on the next
 * start's first line), and so did a demo's redirected stderr. Where standard
 * error is not a terminal there is no cursor to show: it is dropped there.
 */
export function keepCursorCodesOutOfRedirectedStderr(stderr: NodeJS.WriteStream = process.stderr): void {
  if (stderr.isTTY) return;
  const write = stderr.write.bind(stderr) as (...args: unknown[]) => boolean;
  stderr.write = ((chunk: unknown, ...rest: unknown[]) => (chunk === SHOW_CURSOR ? true : write(chunk, ...rest))) as typeof stderr.write;
}
