import React, { createContext, useContext, useMemo } from 'react';
import { findPlayer, PlayerPool, type Player, type Playing } from './audio-player.js';
import { openInBrowser } from './open-browser.js';
import { bell, copyToClipboard, desktopNotification } from './terminal.js';

/**
 * Where one panel runs and whose terminal it draws on. A panel started from a
 * shell (`demo`, `connect`) runs on the agent's own machine: escape sequences
 * go to this process's stdout, a browser or an audio player may be started
 * and a file path names a file of the agent's. A panel served by the SSH
 * server runs inside the server for a terminal far away: escape sequences go
 * to that session's channel, nothing is started on the server, and no file of
 * the server is read on an agent's behalf. One process may hold hundreds of
 * panels, so none of this may be module state.
 */
export interface TerminalHost {
  /** Escape sequences that are no text (clipboard, bell, notifications) for this panel's terminal. */
  write(data: string): void;
  /** The terminal session's environment (DISPLAY, PATH for the players). */
  env: NodeJS.ProcessEnv;
  /** Programs and files are the agent's own (false over the SSH server: the panel runs on the server). */
  local: boolean;
  /** The audio players this panel started, stopped together when it ends; null where none may start. */
  players: PlayerPool | null;
}

/** The panel in this process's own terminal (demo, connect, the screen tests). */
export function localTerminalHost(): TerminalHost {
  return {
    write: (data) => {
      if (process.stdout.isTTY) process.stdout.write(data);
    },
    env: process.env,
    local: true,
    players: new PlayerPool({ stopAtExit: true }),
  };
}

const HostContext = createContext<TerminalHost | null>(null);
let fallback: TerminalHost | null = null;

export function TerminalHostProvider({ host, children }: { host: TerminalHost; children: React.ReactNode }) {
  return <HostContext.Provider value={host}>{children}</HostContext.Provider>;
}

export interface TerminalApi {
  copy(text: string): void;
  bell(): void;
  notify(text: string): void;
  /** Open a page in the agent's browser, or copy its URL where that is not possible (over SSH, no display). */
  openInBrowser(url: string, onFail: (reason: string) => void): 'opened' | 'copied';
  /** The first audio player on this terminal's machine, or null (always over SSH: it would play on the server). */
  findPlayer(): Player | null;
  play(player: Player, file: string, onEnd: (result: { stopped: boolean; error: string | null }) => void): Playing;
  /** Whether a path the agent types names a file of theirs (attachments). */
  localFiles: boolean;
}

/** The terminal features of the panel this component is drawn in. */
/** The terminal this component is drawn on. */
export function useTerminalHost(): TerminalHost {
  const given = useContext(HostContext);
  // Without a provider (a panel drawn in this process's terminal) one local host serves.
  return given ?? (fallback ??= localTerminalHost());
}

export function useTerminal(): TerminalApi {
  const host = useTerminalHost();
  return useMemo<TerminalApi>(() => {
    const copy = (text: string) => copyToClipboard(text, host.write);
    return {
      copy,
      bell: () => bell(host.write),
      notify: (text) => desktopNotification(text, host.write),
      openInBrowser: (url, onFail) => {
        if (!host.local) {
          copy(url);
          return 'copied';
        }
        return openInBrowser(url, { env: host.env, onFail, copy });
      },
      findPlayer: () => (host.local && host.players ? findPlayer(host.env) : null),
      play: (player, file, onEnd) => {
        if (!host.players) throw new Error('No audio player may be started for this terminal.');
        return host.players.play(player, file, onEnd);
      },
      localFiles: host.local,
    };
  }, [host]);
}
