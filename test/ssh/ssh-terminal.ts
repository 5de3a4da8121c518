import type { Duplex } from 'node:stream';
import { Client, type ClientChannel, type ConnectConfig } from 'ssh2';
import xterm from '@xterm/headless';

export interface TerminalOptions {
  port: number;
  username: string;
  /** Answered to the keyboard-interactive prompt(s): the PIN, or [agent, PIN]. */
  pin?: string | string[];
  password?: string;
  privateKey?: string;
  columns?: number;
  rows?: number;
  env?: Record<string, string>;
  /** Connect through this socket (a slow link) instead of straight to the port. */
  sock?: Duplex;
  /** Ask for no pseudo-terminal (ssh -T). */
  noPty?: boolean;
}

/**
 * An agent's terminal at the end of an SSH connection: an ssh2 client, and
 * xterm.js (headless) drawing what the server sends, so a test reads the
 * screen a person would see, escape sequences and all applied.
 */
export class SshTerminal {
  /** Every byte the server sent, as text. */
  raw = '';
  /** Instructions the server sent with keyboard-interactive prompts (why a PIN was refused). */
  readonly instructions: string[] = [];
  private readonly term: InstanceType<typeof xterm.Terminal>;
  private pendingWrites = 0;
  private closed = false;

  private constructor(
    readonly client: Client,
    readonly channel: ClientChannel,
    columns: number,
    rows: number,
  ) {
    this.term = new xterm.Terminal({ cols: columns, rows, allowProposedApi: true });
    channel.on('data', (d: Buffer) => this.feed(d.toString('utf8')));
    channel.stderr.on('data', (d: Buffer) => this.feed(d.toString('utf8')));
    channel.on('close', () => (this.closed = true));
  }

  /** Connect, authenticate and open a shell; rejects with the client's error when authentication fails. */
  static open(options: TerminalOptions): Promise<SshTerminal> {
    const client = new Client();
    const instructions: string[] = [];
    const columns = options.columns ?? 80;
    const rows = options.rows ?? 24;
    return new Promise((resolve, reject) => {
      client.on('keyboard-interactive', (_name, text, _lang, prompts, finish) => {
        if (text) instructions.push(text);
        const answers = Array.isArray(options.pin) ? options.pin : [options.pin ?? ''];
        finish(prompts.map((_, i) => answers[i] ?? ''));
      });
      client.on('error', (e) => reject(Object.assign(e, { instructions })));
      client.on('ready', () => {
        const opened = (err: Error | undefined, channel: ClientChannel) => {
          if (err) return reject(err);
          const t = new SshTerminal(client, channel, columns, rows);
          t.instructions.push(...instructions);
          resolve(t);
        };
        if (options.noPty) client.shell(false, { env: options.env }, opened);
        else client.shell({ term: 'xterm-256color', cols: columns, rows }, { env: options.env }, opened);
      });
      const config: ConnectConfig = {
        host: '127.0.0.1',
        port: options.port,
        username: options.username,
        readyTimeout: 20_000,
        tryKeyboard: options.pin !== undefined,
        password: options.password,
        privateKey: options.privateKey,
        sock: options.sock as ConnectConfig['sock'],
      };
      client.connect(config);
    });
  }

  private feed(text: string): void {
    this.raw += text;
    this.pendingWrites++;
    this.term.write(text, () => this.pendingWrites--);
  }

  /** The screen as seen: one string per row, trailing spaces cut. */
  lines(): string[] {
    const buffer = this.term.buffer.active;
    const out: string[] = [];
    for (let i = 0; i < this.term.rows; i++) out.push(buffer.getLine(buffer.viewportY + i)?.translateToString(true) ?? '');
    return out;
  }

  screen(): string {
    return this.lines().join('\n');
  }

  /** Type bytes as the agent's terminal sends them. */
  type(keys: string): void {
    this.channel.write(keys);
  }

  /** The terminal window changed size (window-change). */
  resize(columns: number, rows: number): void {
    this.term.resize(columns, rows);
    this.channel.setWindow(rows, columns, 0, 0);
  }

  get ended(): boolean {
    return this.closed;
  }

  async waitFor(predicate: (screen: string) => boolean, what: string, timeoutMs = 10_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await new Promise((r) => setTimeout(r, 20));
      if (this.pendingWrites > 0) continue;
      const screen = this.screen();
      if (predicate(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}. The terminal shows:\n${screen}`);
    }
  }

  waitForText(text: string | RegExp, timeoutMs?: number): Promise<string> {
    const has = (s: string) => (typeof text === 'string' ? s.includes(text) : text.test(s));
    return this.waitFor(has, `"${String(text)}" on screen`, timeoutMs);
  }

  /** Wait until the connection is closed by the server. */
  async waitForEnd(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error(`The session did not end. The terminal shows:\n${this.screen()}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  close(): void {
    this.client.end();
    this.term.dispose();
  }
}
