import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository: the built CLI runs from here. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const hasTmux = spawnSync('tmux', ['-V'], { encoding: 'utf8' }).status === 0;
/** A suite's title, saying why it is skipped where tmux is missing. */
export const tmuxTitle = (title: string) => (hasTmux ? title : `${title}: skipped, tmux is not installed (CI installs it)`);

/**
 * The built CLI in a real terminal: one tmux session on a tmux server of the
 * test's own (its own socket, so parallel runs and a developer's tmux are left
 * alone), with a throwaway home for the client's settings.
 */
export class TmuxTerminal {
  readonly session: string;
  home = '';
  private readonly socket: string;
  private socketPath = '';

  constructor(name: string) {
    this.session = name;
    this.socket = `swb-${name}-${process.pid}-${Date.now().toString(36)}`;
  }

  tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  }

  /** Build dist/ if it is not there and make the home (in beforeAll). */
  prepare(): void {
    if (!existsSync(join(ROOT, 'dist', 'cli.js'))) execFileSync('npx', ['tsc', '-p', '.'], { cwd: ROOT, stdio: 'inherit' });
    this.home = mkdtempSync(join(tmpdir(), `switchboard-${this.session}-`));
  }

  /** Run `command` (a shell line, in ROOT) in the session at columns x rows, HOME and XDG_CONFIG_HOME in the home, with `env` besides. */
  start(command: string, size: { columns: number; rows: number }, env: Record<string, string> = {}): void {
    const vars = { XDG_CONFIG_HOME: join(this.home, 'config'), HOME: this.home, ...env };
    const flags = Object.entries(vars).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
    this.tmux('new-session', '-d', '-s', this.session, '-x', String(size.columns), '-y', String(size.rows), '-c', ROOT, ...flags, command);
    this.socketPath = this.tmux('display-message', '-p', '-t', this.session, '#{socket_path}').trim();
  }

  /** The screen as the agent sees it now. */
  capture(): string {
    return this.tmux('capture-pane', '-p', '-t', this.session);
  }

  /** Keys as tmux send-keys names them ('Tab', 'Down', 'g'), in one write to the pane. */
  send(...keys: string[]): void {
    this.tmux('send-keys', '-t', this.session, ...keys);
  }

  /** The screen once `predicate` holds; past the time, an error showing what the terminal shows. */
  async waitForScreen(predicate: (screen: string) => boolean, what: string, timeoutMs = 20_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.capture();
      if (predicate(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}. The terminal shows:\n${screen}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /**
   * The demo at 80x24 (NO_COLOR, no simulated callers: a call ringing in would
   * change the screen under the keys), Ava logged in and AVAILABLE.
   */
  async demoLoggedIn(): Promise<void> {
    this.prepare();
    const data = mkdtempSync(join(this.home, 'data-'));
    this.start(`exec node bin/switchboard.js demo --no-simulate --data ${data}`, { columns: 80, rows: 24 }, { NO_COLOR: '1' });
    await this.waitForScreen((s) => s.includes('Agent number'), 'the login screen', 60_000);
    this.send('Tab', 'Enter', 'Enter');
    await this.waitForScreen((s) => /AVAILABLE/.test(s.split('\n')[0]!) && s.includes('p pause'), 'the panel');
  }

  /**
   * `switchboard connect` to the server on 127.0.0.1:`port` at 80x24 (NO_COLOR),
   * the agent logged in with their PIN (their number, as in the demo) and the
   * login choices as they come; done once the header names them.
   */
  async connectLoggedIn(port: number, agent: { number: string; name: string }): Promise<void> {
    this.start(`exec node bin/switchboard.js connect ws://127.0.0.1:${port} --agent ${agent.number}`, { columns: 80, rows: 24 }, { NO_COLOR: '1' });
    await this.waitForScreen((s) => s.includes('Agent number'), 'the login screen', 60_000);
    this.send('Tab', agent.number, 'Enter');
    await this.waitForScreen((s) => s.includes('Esc back'), 'the login choices');
    this.send('Enter');
    await this.waitForScreen((s) => s.includes(`${agent.name} ${agent.number}`), 'the panel');
  }

  /** What tmux says of the session, e.g. '#{pane_width}x#{pane_height}'. */
  display(format: string): string {
    return this.tmux('display-message', '-p', '-t', this.session, format).trim();
  }

  /** The tmux server, the home and the socket file tmux leaves behind go (in afterAll). */
  close(): void {
    try {
      this.tmux('kill-server');
    } catch {
      // Already gone.
    }
    // The panel tmux ran is told to go, not waited for: for a moment it may still write its data
    // directory (SQLite's journal), and a removal then meets a directory not yet empty.
    if (this.home) rmSync(this.home, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    if (this.socketPath) rmSync(this.socketPath, { force: true });
  }
}
