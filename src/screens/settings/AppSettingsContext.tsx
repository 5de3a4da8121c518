import React, { createContext, useCallback, useContext, useEffect, useRef, useState } from 'react';
import { keymapText, parseKeymap } from '../../client/keymap-file.js';
import { DEFAULT_APP_SETTINGS, type AppSettings, type SettingsStore } from '../../client/settings.js';
import { setKeymap, resetKeymap, type KeymapProblem } from '../../keys/keymap.js';
import { COMMANDS, ownKeys } from '../../keys/registry.js';
import { setTimeFormat } from '../../ui/format.js';
import { PLAIN_THEME } from '../../ui/theme.js';
import { ThemeProvider, useTheme } from '../../ui/ThemeContext.js';
import { useApp } from '../app-context.js';
import { useClientState } from '../hooks.js';

/** The agent's keymap as the Keys page shows it: where the file is, and what of it was refused. */
export interface KeymapState {
  path: string | null;
  problems: KeymapProblem[];
  /** Read the file again and use what of it holds. */
  reload(): void;
  /** Give a command keys of the agent's own (none: back to its default), check them, and write the file. The refusals for that command. */
  bind(id: string, keys: string[]): KeymapProblem[];
  /** Write the file with every command listed (the agent's keys, and the rest commented out). */
  write(): void;
}

export interface AppSettingsApi {
  settings: AppSettings;
  /** Colour can be chosen: NO_COLOR is not set (it always wins). */
  canColour: boolean;
  update(change: (s: AppSettings) => AppSettings): void;
  keymap: KeymapState;
}

const NO_KEYMAP: KeymapState = { path: null, problems: [], reload() {}, bind: () => [], write() {} };
const Ctx = createContext<AppSettingsApi>({ settings: DEFAULT_APP_SETTINGS, canColour: true, update() {}, keymap: NO_KEYMAP });

export function useAppSettings(): AppSettingsApi {
  return useContext(Ctx);
}

/**
 * The Application Settings of the agent logged in (Settings > Application),
 * kept per agent with conf and applied at once: the time format of the whole
 * panel, colour or monochrome (NO_COLOR always wins: the theme given from
 * outside is already plain then), the notices' bell and desktop switches
 * (read by useAnnounce), logging in by itself next time (the session token
 * and its expiry kept, never the PIN) and the agent's keys (their keymap
 * file). Logging out puts the keys back to the registry's.
 */
export function AppSettingsProvider({ children }: { children: React.ReactNode }) {
  const { client, info, settings: loadStore, toast } = useApp();
  const { session } = useClientState(client);
  const outer = useTheme();
  const agent = session === 'logged-in' ? client.agent : null;
  const [settings, setSettings] = useState<AppSettings>(DEFAULT_APP_SETTINGS);
  const [problems, setProblems] = useState<KeymapProblem[]>([]);
  const store = useRef<SettingsStore | null>(null);
  /** Changes made before the store was read: the answer of its read would otherwise undo them. */
  const early = useRef<Array<(s: AppSettings) => AppSettings>>([]);

  const applyKeymap = useCallback(
    (s: SettingsStore, who: string) => {
      const text = s.readKeymap(who);
      if (text === null) {
        resetKeymap();
        setProblems([]);
        return;
      }
      const parsed = parseKeymap(text);
      if ('error' in parsed) {
        resetKeymap();
        setProblems([{ id: '', message: parsed.error }]);
        return;
      }
      const refused = setKeymap(parsed.entries);
      setProblems(refused);
      if (refused.length) toast(`Your keymap: ${refused.length} line${refused.length === 1 ? '' : 's'} refused (Settings › Keys says why).`, 'warning');
    },
    [toast],
  );

  useEffect(() => {
    if (!agent) {
      store.current = null;
      setSettings(DEFAULT_APP_SETTINGS);
      resetKeymap();
      setProblems([]);
      return;
    }
    let live = true;
    void loadStore().then((s) => {
      if (!live) return;
      store.current = s;
      // Changes the agent made while the file was read (keys typed ahead) go on top of it, and are kept.
      const loaded = s.app(agent);
      const changed = early.current.splice(0).reduce((was, change) => change(was), loaded);
      if (changed !== loaded) s.setApp(agent, changed);
      setSettings(changed);
      applyKeymap(s, agent);
    });
    return () => {
      live = false;
      early.current = [];
    };
  }, [agent, loadStore, applyKeymap]);

  const update = useCallback(
    (change: (s: AppSettings) => AppSettings) => {
      // Before the agent's settings are read, a change is shown now and applied again to them once they are.
      if (agent && !store.current) early.current.push(change);
      setSettings((current) => {
        const next = change(current);
        if (agent) store.current?.setApp(agent, next);
        return next;
      });
    },
    [agent],
  );

  // Logging in by itself: the token kept while the setting is on and the session lasts (its expiry slides at each resume).
  const keeper = info.autoLogin;
  const wasIn = useRef(false);
  useEffect(() => {
    if (!keeper) return;
    if (agent && client.token && client.tokenExpiresAt !== null) {
      wasIn.current = true;
      if (settings.autoLogin) keeper.keeper.save({ server: keeper.server, agent, token: client.token, expiresAt: client.tokenExpiresAt });
      else keeper.keeper.clear();
    } else if (wasIn.current && session !== 'logged-in') {
      // Logged out (or the session broke): the token works no more.
      wasIn.current = false;
      keeper.keeper.clear();
    }
  }, [keeper, agent, session, settings.autoLogin, client.token, client.tokenExpiresAt]);

  const keymap: KeymapState = {
    path: agent ? (store.current?.keymapPath(agent) ?? null) : null,
    problems,
    reload: () => {
      if (store.current && agent) applyKeymap(store.current, agent);
    },
    bind: (id, keys) => {
      const wanted = { ...ownKeys(), [id]: keys };
      if (keys.length === 0) delete wanted[id];
      const refused = setKeymap(wanted);
      setProblems(refused);
      if (store.current && agent) store.current.writeKeymap(agent, keymapText(agent, ownKeys(), COMMANDS));
      return refused.filter((p) => p.id === id);
    },
    write: () => {
      if (store.current && agent) store.current.writeKeymap(agent, keymapText(agent, ownKeys(), COMMANDS));
    },
  };

  // One time format for the whole panel, set before anything below draws a time.
  setTimeFormat(settings.timeFormat);
  const theme = settings.theme === 'monochrome' ? PLAIN_THEME : outer;
  return (
    <Ctx.Provider value={{ settings, canColour: outer.color, update, keymap }}>
      <ThemeProvider theme={theme}>{children}</ThemeProvider>
    </Ctx.Provider>
  );
}
