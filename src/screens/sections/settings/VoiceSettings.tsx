import { Box, Text } from 'ink';
import React, { useEffect, useState } from 'react';
import type { VoiceSettings } from '../../../client/settings.js';
import { command, keyHint } from '../../../keys/registry.js';
import { PRIORITY, useCommands } from '../../../keys/router.js';
import { useBoundHint, useBoundKeys } from '../../../ui/bound-hint.js';
import { Choice, type ChoiceOption } from '../../../ui/Choice.js';
import { FieldLabel } from '../../../ui/FieldLabel.js';
import { fit, fitParts } from '../../../ui/format.js';
import { MultiPicker } from '../../../ui/MultiPicker.js';
import { useTheme } from '../../../ui/ThemeContext.js';
import { useApp } from '../../app-context.js';
import { useCalls } from '../../calls/CallsContext.js';
import { useStore } from '../../hooks.js';
import { ROWS_HINT } from './rows-hint.js';

type Row =
  | { kind: 'heading'; title: string }
  | { kind: 'choice'; id: string; label: string; options: ChoiceOption<string>[]; get: (s: VoiceSettings) => string; set: (s: VoiceSettings, v: string) => VoiceSettings }
  | { kind: 'toggle'; id: string; label: string; get: (s: VoiceSettings) => boolean; set: (s: VoiceSettings, v: boolean) => VoiceSettings }
  | { kind: 'number'; id: string; label: string; unit: string; min: number; max: number; get: (s: VoiceSettings) => number; set: (s: VoiceSettings, v: number) => VoiceSettings }
  | { kind: 'list'; id: string; label: string; what: 'agents' | 'queues'; shown: (s: VoiceSettings) => boolean };

const ROWS: Row[] = [
  { kind: 'heading', title: 'Agents tab' },
  {
    kind: 'choice',
    id: 'agents.show',
    label: 'Show',
    options: [
      { value: 'my-queues', label: 'Agents of my queues' },
      { value: 'all', label: 'All' },
      { value: 'custom', label: 'Custom' },
    ],
    get: (s) => s.agents.show,
    set: (s, v) => ({ ...s, agents: { ...s.agents, show: v as VoiceSettings['agents']['show'] } }),
  },
  { kind: 'list', id: 'agents.custom', label: 'Custom agents', what: 'agents', shown: (s) => s.agents.show === 'custom' },
  { kind: 'toggle', id: 'agents.offline', label: 'Show offline agents', get: (s) => s.agents.showOffline, set: (s, v) => ({ ...s, agents: { ...s.agents, showOffline: v } }) },
  { kind: 'heading', title: 'Queues tab' },
  {
    kind: 'choice',
    id: 'queues.show',
    label: 'Show',
    options: [
      { value: 'mine', label: 'My queues' },
      { value: 'all', label: 'All' },
      { value: 'custom', label: 'Custom' },
    ],
    get: (s) => s.queues.show,
    set: (s, v) => ({ ...s, queues: { ...s.queues, show: v as VoiceSettings['queues']['show'] } }),
  },
  { kind: 'list', id: 'queues.custom', label: 'Custom queues', what: 'queues', shown: (s) => s.queues.show === 'custom' },
  { kind: 'heading', title: 'Alerts' },
  { kind: 'number', id: 'mwt', label: 'MWT threshold', unit: 'min', min: 0, max: 120, get: (s) => s.alerts.mwtThresholdMinutes, set: (s, v) => ({ ...s, alerts: { ...s.alerts, mwtThresholdMinutes: v } }) },
  { kind: 'number', id: 'refresh', label: 'Refresh time', unit: 's', min: 1, max: 300, get: (s) => s.alerts.refreshSeconds, set: (s, v) => ({ ...s, alerts: { ...s.alerts, refreshSeconds: v } }) },
  { kind: 'number', id: 'interval', label: 'Alert interval', unit: 'min', min: 0, max: 120, get: (s) => s.alerts.intervalMinutes, set: (s, v) => ({ ...s, alerts: { ...s.alerts, intervalMinutes: v } }) },
  { kind: 'toggle', id: 'popup', label: 'Show popup for alerts', get: (s) => s.alerts.popup, set: (s, v) => ({ ...s, alerts: { ...s.alerts, popup: v } }) },
  { kind: 'toggle', id: 'myQueuesOnly', label: 'Alert me for my queues only', get: (s) => s.alerts.myQueuesOnly, set: (s, v) => ({ ...s, alerts: { ...s.alerts, myQueuesOnly: v } }) },
  { kind: 'heading', title: 'Screen pop' },
  {
    kind: 'choice',
    id: 'screenPop',
    label: 'Open pages',
    options: [
      { value: 'panel', label: 'In the panel' },
      { value: 'browser', label: 'In the browser' },
      { value: 'off', label: 'Off' },
    ],
    get: (s) => s.screenPop,
    set: (s, v) => ({ ...s, screenPop: v as VoiceSettings['screenPop'] }),
  },
];

const LABEL = 28;

/**
 * Voice settings (the manual's Agents, Queues and Alerts tabs, and the screen
 * pop choice), one row each. ↓ moves into the rows; ← → change the focused
 * value (numbers step: digits stay disposition hotkeys); Enter on a custom
 * list opens a checklist; Esc goes back to the page tabs. Every change is
 * saved for this agent at once.
 */
export function VoiceSettingsPage({ width, height, editing, onEditingChange }: { width: number; height: number; editing: boolean; onEditingChange: (on: boolean) => void }) {
  const theme = useTheme();
  const { client } = useApp();
  const callsState = useCalls();
  const s = callsState.settings;
  const rows = ROWS.filter((r) => r.kind !== 'list' || r.shown(s));
  const focusable = rows.map((r, i) => (r.kind === 'heading' ? -1 : i)).filter((i) => i >= 0);
  const [focus, setFocus] = useState(0);
  const [picking, setPicking] = useState<'agents' | 'queues' | null>(null);
  const store = useStore(client);
  // The list to choose agents from is every agent's name: learnt when it is first opened.
  useEffect(() => {
    if (picking === 'agents') client.learnAllAgents();
  }, [client, picking]);
  useEffect(() => () => onEditingChange(false), [onEditingChange]);
  const at = focusable[Math.min(focus, focusable.length - 1)]!;
  const row = rows[at]!;

  const change = (step: 1 | -1) => {
    if (row.kind === 'choice') {
      const i = row.options.findIndex((o) => o.value === row.get(s));
      callsState.updateSettings((cur) => row.set(cur, row.options[(i + step + row.options.length) % row.options.length]!.value));
    } else if (row.kind === 'toggle') callsState.updateSettings((cur) => row.set(cur, !row.get(cur)));
    else if (row.kind === 'number') callsState.updateSettings((cur) => row.set(cur, Math.max(row.min, Math.min(row.max, row.get(cur) + step))));
  };

  useCommands('voice-settings', { 'settings.edit': editing ? undefined : () => onEditingChange(true) }, { priority: PRIORITY.section, active: !editing && !picking });
  useCommands(
    'voice-settings',
    {
      'list.up': () => (focus === 0 ? onEditingChange(false) : setFocus(focus - 1)),
      'list.down': focus < focusable.length - 1 ? () => setFocus(focus + 1) : undefined,
      'form.left': row.kind !== 'list' ? () => change(-1) : undefined,
      'form.right': row.kind !== 'list' ? () => change(1) : undefined,
      'settings.choose': row.kind === 'list' ? () => setPicking(row.what) : undefined,
      'settings.done': () => onEditingChange(false),
    },
    { priority: PRIORITY.field, active: editing && !picking },
  );
  // The agent's own keys: in the rows those bound there; outside them the key that leads in, and a list row's choose key before it is bound.
  const rowsHint = useBoundHint(ROWS_HINT);
  const editKey = useBoundKeys()('settings.edit') ?? keyHint(command('settings.edit'));
  const chooseKey = keyHint(command('settings.choose'));

  if (picking) {
    const items =
      picking === 'agents'
        ? (store.catalog?.agents ?? []).filter((a) => a.number !== callsState.me).map((a) => ({ value: a.number, label: `${a.name} (${a.number})` }))
        : (store.catalog?.voiceQueues ?? []).map((q) => ({ value: q.number, label: `${q.name} (${q.number})` }));
    return (
      <MultiPicker
        title={picking === 'agents' ? 'Agents to show' : 'Queues to show'}
        items={items}
        initial={picking === 'agents' ? s.agents.custom : s.queues.custom}
        width={Math.min(60, width)}
        maxRows={Math.max(3, height - 3)}
        onCancel={() => setPicking(null)}
        onDone={(values) => {
          callsState.updateSettings((cur) => (picking === 'agents' ? { ...cur, agents: { ...cur.agents, custom: values } } : { ...cur, queues: { ...cur.queues, custom: values } }));
          setPicking(null);
        }}
      />
    );
  }

  // Only the rows that fit, keeping the focused one in view.
  const visible = Math.max(3, height - 1);
  const top = Math.max(0, Math.min(rows.length - visible, at - visible + 2));
  return (
    <Box flexDirection="column" width={width} paddingX={1}>
      {rows.slice(top, top + visible).map((r, i) => {
        const focused = editing && top + i === at;
        if (r.kind === 'heading')
          return (
            <Text key={r.title} bold color={theme.accent} underline={!theme.color}>
              {r.title}
            </Text>
          );
        if (r.kind === 'choice') return <Choice key={r.id} label={r.label} labelWidth={LABEL} width={width - 2} options={r.options} value={r.get(s)} focused={focused} />;
        const value =
          r.kind === 'toggle'
            ? `[${r.get(s) ? 'x' : ' '}]`
            : r.kind === 'number'
              ? `‹ ${r.get(s)} › ${r.unit}`
              : `${(r.what === 'agents' ? s.agents.custom : s.queues.custom).length} selected — ${chooseKey} to choose`;
        const names = r.kind === 'list' ? (r.what === 'agents' ? s.agents.custom : s.queues.custom).join(', ') : '';
        return (
          <Text key={r.id} wrap="truncate">
            <FieldLabel label={r.label} width={LABEL} focused={focused} />
            <Text inverse={focused}>{value}</Text>
            <Text color={theme.muted}>{names ? `  ${fit(names, Math.max(0, width - LABEL - value.length - 8))}` : ''}</Text>
          </Text>
        );
      })}
      <Text color={theme.muted} wrap="truncate">
        {/* Where they are kept, whole or not at all: cut, at 60 columns it read "saved for agent 1001…". */}
        {editing ? rowsHint : fitParts([`${editKey} to change these settings`, `they are saved for agent ${callsState.me} as you go.`], width - 2, '; ')}
      </Text>
    </Box>
  );
}
