import { render, type RenderOptions } from 'ink';
import React from 'react';
import type { AgentClient } from './client/session.js';
import { KeyRouter } from './keys/router.js';
import type { AppInfo } from './screens/app-context.js';
import { App } from './screens/App.js';
import { BracketedPasteMode } from './ui/BracketedPasteMode.js';
import { localTerminalHost, TerminalHostProvider, type TerminalHost } from './ui/terminal-host.js';
import { LiveClock, LiveClockProvider } from './ui/live-clock.js';
import { LocalPanelInput } from './ui/panel-stdin.js';
import { localPanelStdout } from './ui/panel-stdout.js';
import { ResizeRedraw, useResizeRedraw } from './ui/resize-redraw.js';
import { Ticker, TickerProvider } from './ui/ticker.js';
import type { Theme } from './ui/theme.js';
import { themeFor } from './ui/theme.js';
import { ThemeProvider } from './ui/ThemeContext.js';

/**
 * How every panel is drawn, in a shell or in an SSH session: Ink must not
 * exit on Ctrl+C (the panel asks twice) and must not patch the console
 * (nothing but the UI is printed). Incremental rendering rewrites only the
 * lines that changed: an idle panel's clock is one line a second, not the
 * whole screen, which matters over SSH and with hundreds of panels.
 */
export const PANEL_RENDER_OPTIONS = { exitOnCtrlC: false, patchConsole: false, incrementalRendering: true } as const satisfies RenderOptions;

export interface PanelParts {
  client: AgentClient;
  info: AppInfo;
  theme: Theme;
  host: TerminalHost;
  ticker: Ticker;
  /** Running times kept current without renders; absent, they render every second. */
  clock?: LiveClock;
  /** How the terminal's resizes reach Ink and the panel (the terminal's stdout was made with it); absent, Ink's own way. */
  redraw?: ResizeRedraw;
  onExit: () => void;
}

/** One panel's tree: its own theme, terminal, clock and key router around the App. */
export function PanelRoot({ client, info, theme, host, ticker, clock, redraw, onExit }: PanelParts) {
  useResizeRedraw(redraw);
  const app = (
    <KeyRouter keyWork={() => client.watchSends()}>
      <App client={client} info={info} onExit={onExit} />
    </KeyRouter>
  );
  return (
    <TerminalHostProvider host={host}>
      <BracketedPasteMode />
      <TickerProvider ticker={ticker}>
        <ThemeProvider theme={theme}>{clock ? <LiveClockProvider clock={clock}>{app}</LiveClockProvider> : app}</ThemeProvider>
      </TickerProvider>
    </TerminalHostProvider>
  );
}

/** Draw the panel in this process's terminal until the agent exits. */
export async function runTui(client: AgentClient, info: AppInfo): Promise<void> {
  let exit: () => void = () => {};
  const done = new Promise<void>((resolve) => (exit = resolve));
  const host = localTerminalHost();
  const ticker = new Ticker();
  const redraw = new ResizeRedraw();
  const instance = render(
    <PanelRoot
      client={client}
      info={info}
      theme={themeFor()}
      host={host}
      ticker={ticker}
      clock={new LiveClock(host.write, ticker)}
      redraw={redraw}
      onExit={() => exit()}
    />,
    { ...PANEL_RENDER_OPTIONS, stdout: localPanelStdout(redraw), stdin: new LocalPanelInput() as unknown as NodeJS.ReadStream },
  );
  await done;
  instance.unmount();
  instance.cleanup();
  ticker.stop();
  host.players?.stopAll();
}
