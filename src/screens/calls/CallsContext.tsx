import React, { createContext, useCallback, useContext, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import type { ClientError } from '../../client/session.js';
import { DEFAULT_VOICE_SETTINGS, type SettingsStore, type VoiceSettings } from '../../client/settings.js';
import type { Call } from '../../core/protocol/model.js';
import { useApp } from '../app-context.js';
import { useClientState, useOnChange, useStore } from '../hooks.js';
import type { SectionId } from '../sections.js';
import { defaultSelection, isLive, myCalls, owesForm, ringingForMe } from './calls.js';
import { FORM_KEY_PREFIX, useDrafts } from '../drafts.js';
import { ScreenPopLoader } from './screen-pop-loader.js';
import { useCallNotices } from './notices.js';
import { useAgentChatNotices } from '../agent-chat/notices.js';
import { useAgentChatDrafts } from '../agent-chat/drafts.js';
import { sendOrKeep } from '../send-or-keep.js';

export type CallsTabId = 'calls' | 'queues' | 'agents' | 'alerts' | 'callbacks';
export type SettingsPageId = 'general' | 'voice' | 'alerts' | 'security' | 'canned' | 'signatures' | 'templates' | 'application' | 'keys';

export interface CallsApi {
  me: string;
  /** The agent's calls, oldest first. */
  calls: Call[];
  selected: Call | undefined;
  select(id: string): void;
  settings: VoiceSettings;
  updateSettings(change: (s: VoiceSettings) => VoiceSettings): void;
  /** Submit a disposition once per call, however often it is asked for (`extra`: a callback's time). */
  dispose(call: Call, by: { hotkey: string } | { code: string }, extra?: { callbackAt?: number }): void;
  disposing(callId: string): boolean;
  pop: ScreenPopLoader;
  popShown: boolean;
  togglePop(): void;
  tab: CallsTabId;
  setTab(tab: CallsTabId): void;
  settingsPage: SettingsPageId;
  setSettingsPage(page: SettingsPageId): void;
  hotkeysOpen: boolean;
  setHotkeysOpen(open: boolean): void;
  goToSection(section: SectionId): void;
  /** The Agents tab's chat: whom it is open with, and what the agent has typed to each colleague. */
  agentChat: { with: string | null; open(agent: string | null): void; draft(agent: string): string; setDraft(agent: string, text: string): void };
}

const Ctx = createContext<CallsApi | null>(null);

export function useCalls(): CallsApi {
  const api = useContext(Ctx);
  if (!api) throw new Error('useCalls outside CallsProvider');
  return api;
}

/**
 * The voice state the panel shares across its sections: which call is
 * selected, the agent's Voice settings, dispositions in flight, screen-pop
 * pages. It lives as long as the panel, so switching sections or tabs loses
 * none of it, and notices (ringing, alerts) reach the agent wherever they are.
 */
export function CallsProvider({ me, sessionId, goToSection, children }: { me: string; sessionId: string | null; goToSection: (s: SectionId) => void; children: React.ReactNode }) {
  const app = useApp();
  const { client, toast, info } = app;
  const store = useStore(client);
  const [, bump] = useReducer((n: number) => n + 1, 0);
  const calls = myCalls(store.list('call'), me);

  // Settings: loaded after login (conf in the CLI), saved on every change.
  const settingsStore = useRef<SettingsStore | null>(null);
  const [settings, setSettings] = useState<VoiceSettings>(() => structuredClone(DEFAULT_VOICE_SETTINGS));
  const [loaded, setLoaded] = useState(false);
  /** Changes made before the store was read: the answer of its read would otherwise undo them. */
  const early = useRef<Array<(s: VoiceSettings) => VoiceSettings>>([]);
  useEffect(() => {
    let live = true;
    void app.settings().then((s) => {
      if (!live) return;
      settingsStore.current = s;
      // Changes the agent made while the file was read (keys typed ahead) go on top of it, and are kept.
      const read = s.voice(me);
      const changed = early.current.splice(0).reduce((was, change) => change(was), read);
      if (changed !== read) s.setVoice(me, changed);
      setSettings(changed);
      setLoaded(true);
    });
    return () => void (live = false);
  }, [app, me]);
  const updateSettings = useCallback(
    (change: (s: VoiceSettings) => VoiceSettings) => {
      // Before the agent's settings are read, a change is shown now and applied again to them once they are.
      if (!settingsStore.current) early.current.push(change);
      setSettings((current) => {
        const next = change(current);
        settingsStore.current?.setVoice(me, next);
        return next;
      });
    },
    [me],
  );

  // The server raises MWT alerts from these settings: tell it after login, after every resume and on
  // every change. Not journaled: they are the panel's to send again, not an action of the agent's to keep.
  const { mwtThresholdMinutes, intervalMinutes, myQueuesOnly } = settings.alerts;
  const online = useClientState(client).connection === 'online';
  useEffect(() => {
    if (!loaded || !sessionId || !online) return;
    client.sendSetting('alerts.configure', { mwtThresholdMinutes, intervalMinutes, myQueuesOnly }).catch(() => {});
  }, [client, loaded, sessionId, online, mwtThresholdMinutes, intervalMinutes, myQueuesOnly]);

  // Selection: the agent's choice while it is listed; a new call ringing for them takes over unless they are on a live call.
  const [chosen, setChosen] = useState<string | null>(null);
  const selectedId = chosen && calls.some((c) => c.id === chosen) ? chosen : defaultSelection(calls, me);
  const ringingIds = calls.filter((c) => ringingForMe(c, me)).map((c) => c.id).join(',');
  const seenRinging = useRef(new Set<string>());
  useOnChange(ringingIds, () => {
    for (const id of ringingIds.split(',').filter(Boolean)) {
      if (seenRinging.current.has(id)) continue;
      seenRinging.current.add(id);
      const current = calls.find((c) => c.id === selectedId);
      if (!current || !isLive(current)) setChosen(id);
    }
  });

  // Dispositions: one submission per call, whatever arrives (a double press, a script typing fast).
  const inFlight = useRef(new Set<string>());
  const done = useRef(new Set<string>());
  const dispose = useCallback(
    (call: Call, by: { hotkey: string } | { code: string }, extra: { callbackAt?: number } = {}) => {
      if (inFlight.current.has(call.id) || done.current.has(call.id)) return;
      inFlight.current.add(call.id);
      bump();
      // Offline, it is delivered (and answered) once the connection is back, and the panel's
      // notice of what went out after the reconnect names it (late-answers.ts): said once.
      const { sent, kept } = sendOrKeep(client, 'disposition.submit', { callId: call.id, ...by, ...extra }, toast, 'the disposition');
      sent
        .then(
          (result) => {
            done.current.add(call.id);
            if (!kept) toast(result.message ?? 'Disposition submitted successfully', 'success');
          },
          (e: ClientError) => {
            if (e.code === 'ALREADY_DISPOSED') {
              // Someone (another panel, a script) was first: nothing is wrong.
              done.current.add(call.id);
              toast('The disposition of this call was already submitted.', 'info');
            } else toast(e.message, 'error');
          },
        )
        .finally(() => {
          inFlight.current.delete(call.id);
          bump();
        });
    },
    [client, toast],
  );

  // A form half filled in is kept only while its call awaits it: submitted (from here or elsewhere), or the call gone, it is forgotten.
  const drafts = useDrafts();
  const awaitingForm = calls
    .filter(owesForm)
    .map((c) => c.id)
    .join(',');
  useEffect(() => {
    const awaiting = new Set(awaitingForm.split(','));
    for (const key of drafts.keys(FORM_KEY_PREFIX)) if (!awaiting.has(key.slice(FORM_KEY_PREFIX.length))) drafts.set(key, null);
  }, [drafts, awaitingForm]);

  const pop = useMemo(() => new ScreenPopLoader(info.httpBase), [info.httpBase]);
  useEffect(() => pop.subscribe(bump), [pop]);
  useEffect(() => () => pop.dispose(), [pop]);
  const callIds = calls.map((c) => c.id).join(',');
  useEffect(() => pop.keepOnly(new Set(callIds.split(',').filter(Boolean))), [pop, callIds]);
  const [popShown, setPopShown] = useState(true);

  const [tab, setTab] = useState<CallsTabId>('calls');
  const [settingsPage, setSettingsPage] = useState<SettingsPageId>('general');
  const [hotkeysOpen, setHotkeysOpen] = useState(false);

  useCallNotices({ me, calls, settings, alerts: store.get('alerts', me), catalog: store.catalog, pop });
  const [chatWith, setChatWith] = useState<string | null>(null);
  const chatDrafts = useAgentChatDrafts();
  useAgentChatNotices(me, chatWith);

  const api: CallsApi = {
    me,
    calls,
    selected: calls.find((c) => c.id === selectedId),
    select: setChosen,
    settings,
    updateSettings,
    dispose,
    disposing: (id) => inFlight.current.has(id),
    pop,
    popShown,
    togglePop: () => setPopShown((s) => !s),
    tab,
    setTab,
    settingsPage,
    setSettingsPage,
    hotkeysOpen,
    setHotkeysOpen,
    goToSection,
    agentChat: {
      with: chatWith,
      open: setChatWith,
      draft: chatDrafts.draft,
      setDraft: chatDrafts.setDraft,
    },
  };
  return <Ctx.Provider value={api}>{children}</Ctx.Provider>;
}
