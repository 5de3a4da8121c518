import { TERMINAL_CONTROLS } from '../core/protocol/terminal-controls.js';

/**
 * Text from outside (customers' names and messages, colleagues' chats, pages
 * a screen pop fetches) made safe to draw on a terminal. A terminal obeys
 * control characters: ESC starts a sequence that recolours, moves the cursor
 * or rewrites the screen, a carriage return goes back over a line already
 * drawn, and bidirectional overrides reorder what follows them. With them a
 * customer could forge a line that reads as the agent's own. So:
 * - every kind of line break (\r\n, \r, U+2028, U+2029) becomes \n, which the
 *   panels lay out as lines;
 * - a tab becomes a space (a tab's width is the terminal's choice, not the layout's);
 * - bidirectional embeddings, overrides and isolates are dropped;
 * - every other C0 or C1 control character, ESC among them, and DEL show as
 *   U+FFFD: seen to have been sent, and doing nothing.
 */
export function printable(text: string): string {
  if (!TERMINAL_CONTROLS.test(text)) return text;
  return text
    .replace(/\r\n?|[\u2028\u2029]/g, '\n')
    .replace(/\t/g, ' ')
    .replace(/[\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, '\ufffd');
}

/**
 * What a frame's JSON may hold that printable changes: a control character is
 * escaped in JSON text (\u001b, \r, \t, \b, \f), the rest is there as it is.
 * A frame without any (nearly all) is parsed without visiting its strings.
 */
const MAY_BE_UNSAFE = /\\u00[01][0-9a-f]|\\u007f|\\[bfrt]|[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/i;

/** A frame from the server, parsed with every string in it made printable. */
export function parsePrintable(text: string): unknown {
  if (!MAY_BE_UNSAFE.test(text)) return JSON.parse(text);
  return JSON.parse(text, (_key, value: unknown) => (typeof value === 'string' ? printable(value) : value));
}
