import { render, type Instance } from 'ink';
import React from 'react';
import type { ServerChannel } from 'ssh2';
import type { CommandJournal } from '../client/journal.js';
import { AgentClient } from '../client/session.js';
import type { SettingsStore } from '../client/settings.js';
import type { Transport } from '../core/protocol/transport.js';
import { PANEL_RENDER_OPTIONS, PanelRoot } from '../tui.js';
import type { TerminalHost } from '../ui/terminal-host.js';
import { themeFor } from '../ui/theme.js';
import { LiveClock } from '../ui/live-clock.js';
import { Ticker } from '../ui/ticker.js';
import type { SshIdentity } from './auth.js';
import { ChannelInput, ChannelOutput } from './channel-terminal.js';

/** What the SSH server gives each panel. */
export interface PanelContext {
  identity: SshIdentity;
  /** The SSH peer's address: the core sees the panel's commands as coming from it. */
  address: string;
  connect(): Transport;
  journal: CommandJournal;
  /** Where that journal is: the agent's drafts are kept beside it. */
  journalPath: string;
  settings: () => Promise<SettingsStore>;
  serverLabel: string;
  httpBase: string | null;
  /** Told once, when the panel has ended for whatever reason. */
  onEnd: () => void;
}

/** The terminal the client asked for (pty-req) and the variables it sent (env requests). */
export interface TerminalRequest {
  columns: number;
  rows: number;
  term: string;
  env: Record<string, string>;
}

/**
 * One agent's panel in one SSH session: its own client (to the core in this
 * process, as the peer's address), its own Ink instance drawing into the
 * session's channel, its own clock, keys, toasts and drafts. Closing the
 * terminal ends only the panel: the agent's session goes on in the core, and
 * the next SSH login joins it.
 */
export class PanelSession {
  readonly output: ChannelOutput;
  private readonly input = new ChannelInput();
  private readonly client: AgentClient;
  private readonly ticker = new Ticker();
  private instance: Instance | null = null;
  private ended = false;

  constructor(
    private readonly channel: ServerChannel,
    terminal: TerminalRequest,
    private readonly ctx: PanelContext,
  ) {
    this.output = new ChannelOutput(channel, { columns: terminal.columns, rows: terminal.rows }, () => this.end('stalled'));
    this.client = new AgentClient({ transport: ctx.connect, journal: ctx.journal });
    channel.on('data', (data: Buffer) => this.input.write(data));
    channel.on('close', () => this.end('closed'));
    channel.on('error', () => this.end('closed'));

    const env: Record<string, string> = { ...terminal.env, TERM: terminal.term };
    // A terminal that says it cannot do colour gets the panel without colours, as NO_COLOR does.
    const theme = themeFor({ NO_COLOR: env.NO_COLOR ?? (env.TERM === 'dumb' ? '1' : undefined) });
    const host: TerminalHost = {
      write: (data) => void this.output.writeRaw(data),
      env,
      local: false,
      players: null,
    };
    // Start at the top of a clean screen: the frame then fits the terminal without scrolling.
    this.output.write('\u001b[2J\u001b[H');
    this.instance = render(
      React.createElement(PanelRoot, {
        client: this.client,
        info: {
          serverLabel: ctx.serverLabel,
          signedIn: { agent: ctx.identity.agent, pin: ctx.identity.pin },
          httpBase: ctx.httpBase,
          settings: ctx.settings,
          journalPath: ctx.journalPath,
        },
        theme,
        host,
        ticker: this.ticker,
        clock: new LiveClock(host.write, this.ticker),
        redraw: this.output.redraw,
        onExit: () => this.end('quit'),
      }),
      {
        ...PANEL_RENDER_OPTIONS,
        stdout: this.output as unknown as NodeJS.WriteStream,
        stdin: this.input as unknown as NodeJS.ReadStream,
        stderr: this.output as unknown as NodeJS.WriteStream,
      },
    );
    void this.client.connect().catch(() => this.end('closed'));
  }

  /** Intervals this panel runs now: none on a screen without running times. */
  timersRunning(): number {
    return this.ticker.running();
  }

  /** What those intervals wake: on an idle panel only the live clock, no component that renders each second. */
  timerSubscribers(): number {
    return this.ticker.subscribers();
  }

  /** window-change from the client. */
  resize(columns: number, rows: number): void {
    this.output.resize(columns, rows);
  }

  /** The agent quit (Q, Ctrl+C twice), closed the terminal, or the server is stopping. */
  end(why: 'quit' | 'closed' | 'stalled' | 'shutdown'): void {
    if (this.ended) return;
    this.ended = true;
    if (why !== 'quit') this.output.close();
    this.instance?.unmount();
    this.instance = null;
    this.ticker.stop();
    this.client.close();
    this.output.close();
    if (why === 'quit' || why === 'shutdown') {
      this.channel.write(why === 'shutdown' ? '\r\nThe switchboard server is shutting down; your session goes on.\r\n' : '\r\n');
      this.channel.exit(0);
      this.channel.end();
    } else if (why === 'stalled') {
      this.channel.destroy();
    }
    this.ctx.onEnd();
  }
}
