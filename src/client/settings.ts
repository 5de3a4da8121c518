import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The panel's own settings, kept per agent on the agent's machine with conf
 * (JSON-schema validated): which agents and queues the voice tabs show, MWT
 * threshold and refresh, alerts, and how screen pops open. conf (and its
 * validator) is loaded only when an agent has logged in, so the login screen
 * draws as fast as it can.
 */
export interface VoiceSettings {
  agents: { show: 'my-queues' | 'all' | 'custom'; custom: string[]; showOffline: boolean };
  queues: { show: 'mine' | 'all' | 'custom'; custom: string[] };
  alerts: { mwtThresholdMinutes: number; refreshSeconds: number; intervalMinutes: number; popup: boolean; myQueuesOnly: boolean };
  screenPop: 'panel' | 'browser' | 'off';
}

export const DEFAULT_VOICE_SETTINGS: VoiceSettings = {
  agents: { show: 'my-queues', custom: [], showOffline: false },
  queues: { show: 'mine', custom: [] },
  alerts: { mwtThresholdMinutes: 2, refreshSeconds: 5, intervalMinutes: 5, popup: true, myQueuesOnly: true },
  screenPop: 'panel',
};

const voiceSchema = {
  type: 'object',
  properties: {
    agents: {
      type: 'object',
      properties: {
        show: { enum: ['my-queues', 'all', 'custom'] },
        custom: { type: 'array', items: { type: 'string' } },
        showOffline: { type: 'boolean' },
      },
    },
    queues: {
      type: 'object',
      properties: { show: { enum: ['mine', 'all', 'custom'] }, custom: { type: 'array', items: { type: 'string' } } },
    },
    alerts: {
      type: 'object',
      properties: {
        mwtThresholdMinutes: { type: 'number', minimum: 0 },
        refreshSeconds: { type: 'number', minimum: 1 },
        intervalMinutes: { type: 'number', minimum: 0 },
        popup: { type: 'boolean' },
        myQueuesOnly: { type: 'boolean' },
      },
    },
    screenPop: { enum: ['panel', 'browser', 'off'] },
  },
} as const;

/** What reaches the agent, by kind of event: the bell, a desktop notification (OSC 9), both or neither (the toast always shows). */
export const NOTICE_KINDS = ['call', 'chatAssigned', 'chatMessage', 'chatWaiting', 'colleague', 'alert'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/**
 * The manual's Application Settings an agent sets for themselves: sound and
 * desktop notices per kind of event, how times are written, colour or
 * monochrome (NO_COLOR always wins), and logging in by itself at start.
 */
export interface AppSettings {
  notices: Record<NoticeKind, { bell: boolean; desktop: boolean }>;
  timeFormat: '24h' | '12h';
  theme: 'colour' | 'monochrome';
  autoLogin: boolean;
}

export const DEFAULT_APP_SETTINGS: AppSettings = {
  notices: Object.fromEntries(NOTICE_KINDS.map((k) => [k, { bell: true, desktop: k !== 'alert' }])) as AppSettings['notices'],
  timeFormat: '24h',
  theme: 'colour',
  autoLogin: false,
};

const noticeSchema = { type: 'object', properties: { bell: { type: 'boolean' }, desktop: { type: 'boolean' } } } as const;
const appSchema = {
  type: 'object',
  properties: {
    notices: { type: 'object', properties: Object.fromEntries(NOTICE_KINDS.map((k) => [k, noticeSchema])) },
    timeFormat: { enum: ['24h', '12h'] },
    theme: { enum: ['colour', 'monochrome'] },
    autoLogin: { type: 'boolean' },
  },
} as const;

export interface SettingsStore {
  voice(agent: string): VoiceSettings;
  setVoice(agent: string, settings: VoiceSettings): void;
  app(agent: string): AppSettings;
  setApp(agent: string, settings: AppSettings): void;
  /** The agent's keymap file: where it is (null: kept in memory), and its text (null: there is none yet). */
  keymapPath(agent: string): string | null;
  readKeymap(agent: string): string | null;
  writeKeymap(agent: string, text: string): void;
  /** The Contacts columns the agent turned on (null: the default set). */
  contactColumns(agent: string): string[] | null;
  setContactColumns(agent: string, columns: string[]): void;
}

/** Settings for the tests and for one-shot scripts: nothing is written. */
export function memorySettings(): SettingsStore {
  const byAgent = new Map<string, VoiceSettings>();
  const apps = new Map<string, AppSettings>();
  const keymaps = new Map<string, string>();
  const columns = new Map<string, string[]>();
  return {
    voice: (agent) => byAgent.get(agent) ?? structuredClone(DEFAULT_VOICE_SETTINGS),
    setVoice: (agent, settings) => void byAgent.set(agent, structuredClone(settings)),
    app: (agent) => structuredClone(apps.get(agent) ?? DEFAULT_APP_SETTINGS),
    setApp: (agent, settings) => void apps.set(agent, structuredClone(settings)),
    keymapPath: () => null,
    readKeymap: (agent) => keymaps.get(agent) ?? null,
    writeKeymap: (agent, text) => void keymaps.set(agent, text),
    contactColumns: (agent) => columns.get(agent) ?? null,
    setContactColumns: (agent, list) => void columns.set(agent, [...list]),
  };
}

/** Settings in the OS config directory (or $SWITCHBOARD_CONFIG_DIR). */
export async function confSettings(env: NodeJS.ProcessEnv = process.env): Promise<SettingsStore> {
  const { default: Conf } = await import('conf');
  const conf = new Conf<{ agents: Record<string, { voice?: VoiceSettings; app?: AppSettings; contactColumns?: string[] }> }>({
    projectName: 'switchboard',
    projectSuffix: '',
    cwd: env.SWITCHBOARD_CONFIG_DIR || undefined,
    schema: {
      agents: {
        type: 'object',
        additionalProperties: { type: 'object', properties: { voice: voiceSchema, app: appSchema, contactColumns: { type: 'array', items: { type: 'string' } } } },
      },
    },
    defaults: { agents: {} },
  });
  const put = (agent: string, part: { voice?: VoiceSettings; app?: AppSettings; contactColumns?: string[] }) => conf.set('agents', { ...conf.get('agents'), [agent]: { ...conf.get('agents')[agent], ...part } });
  // Beside config.json, one file per agent, for the agent to edit.
  const keymapPath = (agent: string) => join(dirname(conf.path), `keymap-${agent.replace(/[^A-Za-z0-9_-]/g, '_')}.yaml`);
  return {
    voice(agent) {
      const saved = conf.get('agents')[agent]?.voice;
      return mergeVoice(saved);
    },
    setVoice(agent, settings) {
      put(agent, { voice: settings });
    },
    app(agent) {
      return mergeApp(conf.get('agents')[agent]?.app);
    },
    setApp(agent, settings) {
      put(agent, { app: settings });
    },
    keymapPath,
    readKeymap(agent) {
      try {
        return readFileSync(keymapPath(agent), 'utf8');
      } catch {
        return null;
      }
    },
    writeKeymap(agent, text) {
      mkdirSync(dirname(keymapPath(agent)), { recursive: true });
      writeFileSync(keymapPath(agent), text);
    },
    contactColumns(agent) {
      return conf.get('agents')[agent]?.contactColumns ?? null;
    },
    setContactColumns(agent, columns) {
      put(agent, { contactColumns: columns });
    },
  };
}

/** Saved application settings over the defaults (a kind of notice added later starts at its default). */
export function mergeApp(saved: Partial<AppSettings> | undefined): AppSettings {
  const d = structuredClone(DEFAULT_APP_SETTINGS);
  if (!saved) return d;
  const notices = { ...d.notices };
  for (const k of NOTICE_KINDS) notices[k] = { ...d.notices[k], ...saved.notices?.[k] };
  return { notices, timeFormat: saved.timeFormat ?? d.timeFormat, theme: saved.theme ?? d.theme, autoLogin: saved.autoLogin ?? d.autoLogin };
}

/** Saved settings over the defaults, so a file from an older version still works. */
export function mergeVoice(saved: Partial<VoiceSettings> | undefined): VoiceSettings {
  const d = structuredClone(DEFAULT_VOICE_SETTINGS);
  if (!saved) return d;
  return {
    agents: { ...d.agents, ...saved.agents },
    queues: { ...d.queues, ...saved.queues },
    alerts: { ...d.alerts, ...saved.alerts },
    screenPop: saved.screenPop ?? d.screenPop,
  };
}
