/**
 * Bracketed paste: the panel asks the terminal to mark what is pasted
 * (PASTE_MODE_ON), and the terminal then sends a paste between PASTE_START and
 * PASTE_END. Without the marks a paste is only keys: a long one reaches the
 * panel in several reads (a pty passes some 4 KB at a time), and a last read
 * such as "end of the line\r" looked like typed text and Enter, so the chat
 * composer sent a half-pasted message. With them the whole paste is text.
 */
export const PASTE_MODE_ON = '\u001b[?2004h';
export const PASTE_MODE_OFF = '\u001b[?2004l';
const PASTE_START = '\u001b[200~';
const PASTE_END = '\u001b[201~';

/** The marks as Ink's useInput reports them (it strips the leading ESC). */
export function isPasteMark(input: string): boolean {
  return input === PASTE_START.slice(1) || input === PASTE_END.slice(1);
}

/**
 * Gathers one paste from the terminal's raw reads (Ink gives each mark a read
 * of its own). `push` returns the pasted text, line breaks as "\n", tabs as
 * spaces and no other control character, when its end mark arrives; `active`
 * says a paste is being gathered, so that its reads are not also handled as
 * keys.
 */
export class PasteCollector {
  private text: string | null = null;

  get active(): boolean {
    return this.text !== null;
  }

  push(raw: string): string | null {
    if (raw === PASTE_START) {
      this.text = '';
      return null;
    }
    if (this.text === null) return null;
    if (raw !== PASTE_END) {
      this.text += raw;
      return null;
    }
    // Text only: a tab would be drawn as nothing, another control character (ESC) is no text.
    const pasted = this.text
      .replace(/\r\n?/g, '\n')
      .replace(/\t/g, ' ')
      .replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, '');
    this.text = null;
    return pasted;
  }
}
