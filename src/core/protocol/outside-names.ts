import { TERMINAL_CONTROLS } from './terminal-controls.js';

/** The longest file name kept: an upload's, a provider's media's, an email attachment's. */
export const MAX_FILE_NAME = 200;
/** A sender's name is kept as long as the live chat lets a visitor give one. */
export const MAX_SENDER_NAME = 100;
/** A subject is kept as long as an agent may write one (conversation.subject). */
export const MAX_SUBJECT = 200;

const LINE_BREAKS = /[\t\n\v\f\r\u2028\u2029]+/g;
const CONTROLS = new RegExp(TERMINAL_CONTROLS.source, 'g');

/**
 * A name that came from outside (a sender's, a subject, a file's) as it is
 * kept: one line, without what a terminal would obey instead of show (an
 * encoded-word may carry CR LF or ESC), cut at `max` between characters.
 * Breaks and tabs become a space, so words stay apart.
 */
export function oneLine(raw: string, max: number): string {
  const clean = raw.replace(LINE_BREAKS, ' ').replace(CONTROLS, '').trim();
  if (clean.length <= max) return clean;
  // Not between the two halves of an emoji: half of one is no character at all.
  const end = /[\uD800-\uDBFF]/.test(clean[max - 1]!) ? max - 1 : max;
  return clean.slice(0, end).trimEnd();
}

/** A file name as shown to people: no folders, one line, not endless. '' when nothing is left. */
export function fileName(raw: string): string {
  return oneLine(raw.split(/[\\/]/).pop() ?? '', MAX_FILE_NAME);
}
