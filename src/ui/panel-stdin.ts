import { EscapeHoldingInput } from '../keys/escape-holding-input.js';

/**
 * This process's stdin as Ink reads it: the terminal's reads pass through
 * EscapeHoldingInput, so an arrow key whose ESC came in one read and "[A" in
 * the next (a terminal fed over a link that splits them: ssh, mosh, a web
 * terminal, OpenSSH's ForceCommand running `switchboard connect`) is ↑, not
 * Esc then "[" and "A". The terminal itself stays the one Ink drives: raw
 * mode, ref and unref go to it, and it is read only while Ink reads keys
 * (raw mode on), as Ink would read it, so a panel that has ended leaves
 * nothing that keeps the process alive or takes a key from a later reader.
 */
export class LocalPanelInput extends EscapeHoldingInput {
  readonly isTTY: boolean;
  private reading = false;
  private readonly forward = (chunk: Buffer | string) => void this.write(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);

  constructor(private readonly terminal: NodeJS.ReadStream = process.stdin) {
    super();
    this.isTTY = terminal.isTTY === true;
  }

  setRawMode(enabled: boolean): this {
    this.terminal.setRawMode(enabled);
    if (enabled === this.reading) return this;
    this.reading = enabled;
    if (enabled) this.terminal.on('data', this.forward);
    else {
      this.terminal.off('data', this.forward);
      this.terminal.pause();
    }
    return this;
  }

  ref(): this {
    this.terminal.ref();
    return this;
  }

  unref(): this {
    this.terminal.unref();
    return this;
  }
}
