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

export interface SettingsStore {
  voice(agent: string): VoiceSettings;
  setVoice(agent: string, settings: VoiceSettings): void;
  /** The Contacts columns the agent turned on (null: the default set). */
  contactColumns(agent: string): string[] | null;
  setContactColumns(agent: string, columns: string[]): void;
}

/** Settings for the tests and for one-shot scripts: nothing is written. */
export function memorySettings(): SettingsStore {
  const byAgent = new Map<string, VoiceSettings>();
  const columns = new Map<string, string[]>();
  return {
    voice: (agent) => byAgent.get(agent) ?? structuredClone(DEFAULT_VOICE_SETTINGS),
    setVoice: (agent, settings) => void byAgent.set(agent, structuredClone(settings)),
    contactColumns: (agent) => columns.get(agent) ?? null,
    setContactColumns: (agent, list) => void columns.set(agent, [...list]),
  };
}

/** Settings in the OS config directory (or $SWITCHBOARD_CONFIG_DIR). */
export async function confSettings(env: NodeJS.ProcessEnv = process.env): Promise<SettingsStore> {
  const { default: Conf } = await import('conf');
  const conf = new Conf<{ agents: Record<string, { voice?: VoiceSettings; contactColumns?: string[] }> }>({
    projectName: 'switchboard',
    projectSuffix: '',
    cwd: env.SWITCHBOARD_CONFIG_DIR || undefined,
    schema: {
      agents: {
        type: 'object',
        additionalProperties: { type: 'object', properties: { voice: voiceSchema, contactColumns: { type: 'array', items: { type: 'string' } } } },
      },
    },
    defaults: { agents: {} },
  });
  return {
    voice(agent) {
      const saved = conf.get('agents')[agent]?.voice;
      return mergeVoice(saved);
    },
    setVoice(agent, settings) {
      const agents = conf.get('agents');
      conf.set('agents', { ...agents, [agent]: { ...agents[agent], voice: settings } });
    },
    contactColumns(agent) {
      return conf.get('agents')[agent]?.contactColumns ?? null;
    },
    setContactColumns(agent, columns) {
      const agents = conf.get('agents');
      conf.set('agents', { ...agents, [agent]: { ...agents[agent], contactColumns: columns } });
    },
  };
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
