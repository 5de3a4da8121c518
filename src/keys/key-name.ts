import type { Key } from 'ink';

/**
 * One name per keypress, the form the registry uses. Ink 6 reports a bare Esc
 * with `meta` set: it is Esc, not Alt.
 */
export function keyName(input: string, key: Key): string | null {
  if (key.escape) return 'esc';
  if (key.return) return 'enter';
  if (key.tab) return key.shift ? 'shift+tab' : 'tab';
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.pageUp) return 'pageup';
  if (key.pageDown) return 'pagedown';
  if (key.home) return 'home';
  if (key.end) return 'end';
  if (key.backspace || key.delete) return 'backspace';
  if (key.ctrl && input) return `ctrl+${input.toLowerCase()}`;
  // Ctrl+/ (and Ctrl+_) is the unit separator; Ink reports it as itself with no flags.
  if (input === '\u001f') return 'ctrl+/';
  // Ctrl+J is a line feed; Ink reports it as "\n" with no flags (Enter is "\r").
  if (input === '\n') return 'ctrl+j';
  if (input === ' ') return 'space';
  if (input.length === 1) return input;
  return null;
}

/** Printable text that a focused text field should take. */
export function isPrintable(input: string, key: Key): boolean {
  return input.length > 0 && !key.ctrl && !key.meta && !key.escape && !key.return && !key.tab && !/[\u0000-\u001f\u007f]/.test(input);
}

const NO_KEY: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};

/** The keypress one character stands for, as Ink would report it on its own. */
export function keyOf(ch: string): [string, Key] {
  if (ch === '\r' || ch === '\n') return ['', { ...NO_KEY, return: true }];
  if (ch === '\t') return ['', { ...NO_KEY, tab: true }];
  if (ch === '\u007f' || ch === '\b') return ['', { ...NO_KEY, backspace: true }];
  const code = ch.charCodeAt(0);
  if (code >= 1 && code <= 26) return [String.fromCharCode(code + 96), { ...NO_KEY, ctrl: true }];
  return [ch, { ...NO_KEY, shift: ch.length === 1 && /[A-Z]/.test(ch) }];
}

/**
 * Esc typed ahead of another key ("Esc Enter" from tmux send-keys, a script or
 * a slow SSH link) arrives in one read, and Ink reports the pair as that key
 * with Alt (`meta`): the pause picker took "Esc Enter" for Enter and paused.
 * The panel binds no Alt keys, so such a key is Esc, then the key; null for
 * any other key (a bare Esc comes with `meta` set too, and is just Esc).
 */
export function escapeAhead(input: string, key: Key): Array<[string, Key]> | null {
  if (!key.meta || key.escape) return null;
  return [
    ['', { ...NO_KEY, escape: true, meta: true }],
    [input, { ...key, meta: false }],
  ];
}

/**
 * The keys Ink reports as one Esc in a raw read of the terminal that holds
 * more: "Esc Esc" typed ahead (tmux send-keys, a script, a slow SSH link)
 * arrives as ESC ESC, which Ink's parser keeps together and reports as a
 * single Esc (with Alt). The panel binds no Alt keys, so it is two Escs: the
 * composer's Esc then the conversation's Esc must go back to the list, as
 * they do typed apart. Returns how many Escs Ink did not report (0 or 1).
 */
export function escapesSwallowed(raw: string): number {
  return raw === '\u001b\u001b' ? 1 : 0;
}

/** The keypress Ink reports for a bare Esc. */
export function escKey(): [string, Key] {
  return ['', { ...NO_KEY, escape: true, meta: true }];
}

/**
 * Text with a line break inside it, read in one chunk: a paste of several
 * lines (a person typing cannot put a line break and more text in one read).
 * Returned with its line breaks as "\n" so that a multi-line field (the chat
 * composer) takes it whole instead of sending the first line; null for
 * anything else, e.g. "1001\r" (typed text, then Enter).
 */
export function pastedLines(input: string): string | null {
  if (input.startsWith('\u001b') || !/[\r\n][\s\S]*[^\r\n]/.test(input)) return null;
  // Only text, tabs and line breaks: a chunk with other control keys is keys, not a paste.
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(input)) return null;
  return input.replace(/\r\n?/g, '\n');
}

/** Keypresses that stand for a paste the terminal marked as one (bracketed paste). */
const MARKED_PASTES = new WeakSet<Key>();

/** The keypress for text the terminal marked as pasted: a multi-line field takes it whole, whatever its line breaks. */
export function pasteOf(text: string): [string, Key] {
  const key = { ...NO_KEY };
  MARKED_PASTES.add(key);
  return [text, key];
}

/** Whether a keypress is a paste the terminal marked as one: text, never keys. */
export function isMarkedPaste(key: Key): boolean {
  return MARKED_PASTES.has(key);
}

/** Whether a keypress is a paste a multi-line field may take whole: one the terminal marked, or a multi-line read (see pastedLines). */
export function isPastedText(input: string, key: Key): boolean {
  if (isMarkedPaste(key)) return input.length > 0;
  return input.includes('\n') && !key.ctrl && !key.meta && !key.escape && pastedLines(input) === input;
}

/**
 * Keys read together in one chunk ("p\r", "\x03\x03", "1001\r") reach Ink's
 * useInput as one input that no command matches. Split them into keypresses;
 * a run of printable characters stays whole, so a field takes a paste at once.
 */
export function splitKeys(input: string, key: Key): Array<[string, Key]> {
  if (input.length < 2 || input.startsWith('\u001b') || !/[\u0000-\u001f\u007f]/.test(input)) return [[input, key]];
  return (input.match(/[^\u0000-\u001f\u007f]+|[\s\S]/g) ?? []).map((part) => (part.length === 1 ? keyOf(part) : [part, { ...NO_KEY }]));
}
