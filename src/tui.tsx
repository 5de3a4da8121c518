import { render } from 'ink';
import React from 'react';
import type { AgentClient } from './client/session.js';
import { KeyRouter } from './keys/router.js';
import type { AppInfo } from './screens/app-context.js';
import { App } from './screens/App.js';
import { themeFor } from './ui/theme.js';
import { ThemeProvider } from './ui/ThemeContext.js';

/**
 * Draw the panel until the agent exits. Ink must not exit on Ctrl+C (the panel
 * asks twice) and must not patch the console: nothing but the UI is printed.
 */
export async function runTui(client: AgentClient, info: AppInfo): Promise<void> {
  let exit: () => void = () => {};
  const done = new Promise<void>((resolve) => (exit = resolve));
  const instance = render(
    <ThemeProvider theme={themeFor()}>
      <KeyRouter>
        <App client={client} info={info} onExit={() => exit()} />
      </KeyRouter>
    </ThemeProvider>,
    { exitOnCtrlC: false, patchConsole: false },
  );
  await done;
  instance.unmount();
  instance.cleanup();
}
