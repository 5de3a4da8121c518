import React, { createContext, useContext } from 'react';
import type { AgentClient } from '../client/session.js';
import type { CommandArgs, CommandName } from '../core/protocol/commands.js';
import type { SettingsStore } from '../client/settings.js';
import type { LoginKeeper } from '../client/auto-login.js';
import type { EditorResult } from '../ui/external-editor.js';

export type ToastTone = 'info' | 'success' | 'error' | 'warning';

export interface AppInfo {
  /** Where the panel is connected, for Settings ("in-process demo", a ws:// URL). */
  serverLabel: string;
  /** Values to prefill on the login screen (the demo's credentials). */
  prefill?: { agent?: string; pin?: string; email?: string; password?: string };
  /** A line shown on the login screen (the demo's credentials). */
  loginHint?: string;
  journalPath?: string | null;
  /** The server's web address (http://host:port): screen-pop URLs given as a path are read against it. */
  httpBase?: string | null;
  /**
   * Where the agent's own panel settings are kept. A loader is called once, after
   * login, so the login screen does not wait for conf. Absent: kept in memory.
   */
  settings?: SettingsStore | (() => Promise<SettingsStore>);
  /** Logging in by itself at start (Settings > Application): where the last login is kept, and this server's name in it. */
  autoLogin?: { keeper: LoginKeeper; server: string };
  /** Runs the agent's own editor on an email draft; absent where the panel has no terminal of its own. */
  editor?: (draft: string) => EditorResult;
  /** Where the server takes mail (the demo's SMTP listener), for Settings > General. */
  emailListener?: string | null;
  /** Where replies leave (the demo's capture relay). */
  emailRelay?: string | null;
  /**
   * The agent was authenticated before the panel started (the SSH server): no
   * login screen, and the panel logs in as this agent only.
   */
  signedIn?: { agent: string; pin: string };
}

export interface AppApi {
  client: AgentClient;
  info: AppInfo;
  toast(text: string, tone?: ToastTone): void;
  /** Send a command, report its outcome as a toast, and return whether it succeeded. */
  act<C extends CommandName>(cmd: C, args: CommandArgs<C>, success?: string): Promise<boolean>;
  /** The agent's settings store, loaded on first use. */
  settings(): Promise<SettingsStore>;
  exit(): void;
  /** The section on screen (the agent panel sets it): the help groups its keys under its name. */
  here: { current: string | null };
}

const Ctx = createContext<AppApi | null>(null);

export function AppProvider({ api, children }: { api: AppApi; children: React.ReactNode }) {
  return <Ctx.Provider value={api}>{children}</Ctx.Provider>;
}

export function useApp(): AppApi {
  const api = useContext(Ctx);
  if (!api) throw new Error('useApp outside AppProvider');
  return api;
}
