import { Box, Text } from 'ink';
import React, { useEffect, useState } from 'react';
import { NOTICE_KINDS, type AppSettings, type NoticeKind } from '../../../client/settings.js';
import { command, keyHint } from '../../../keys/registry.js';
import { PRIORITY, useCommands } from '../../../keys/router.js';
import { useBoundHint, useBoundKeys } from '../../../ui/bound-hint.js';
import { Choice, stepChoice, type ChoiceOption } from '../../../ui/Choice.js';
import { useTheme } from '../../../ui/ThemeContext.js';
import { useAppSettings } from '../../settings/AppSettingsContext.js';
import { ROWS_HINT } from './rows-hint.js';
import { fitParts } from '../../../ui/format.js';

const NOTICE_LABELS: Record<NoticeKind, string> = {
  call: 'A call rings for you',
  chatAssigned: 'A chat is given to you',
  chatMessage: 'A new message, another chat',
  chatWaiting: 'A chat waits in your queues',
  colleague: 'A colleague writes to you',
  alert: 'A voice alert (MWT)',
};

type Sound = 'both' | 'bell' | 'desktop' | 'off';
const SOUNDS: ChoiceOption<Sound>[] = [
  { value: 'both', label: 'Bell + desktop' },
  { value: 'bell', label: 'Bell' },
  { value: 'desktop', label: 'Desktop' },
  { value: 'off', label: 'Off' },
];
const soundOf = (n: { bell: boolean; desktop: boolean }): Sound => (n.bell ? (n.desktop ? 'both' : 'bell') : n.desktop ? 'desktop' : 'off');
const fromSound = (s: Sound) => ({ bell: s === 'both' || s === 'bell', desktop: s === 'both' || s === 'desktop' });

type Row =
  /** A heading's parts, most important first: one with no room is left out whole (fitParts). */
  | { kind: 'heading'; title: string; more?: string }
  | { kind: 'choice'; id: string; label: string; options: ChoiceOption<string>[]; get: (s: AppSettings) => string; set: (s: AppSettings, v: string) => AppSettings; note?: string };

/** The rows; where NO_COLOR is set colour cannot be chosen, and the row says why. */
function rows(canColour: boolean): Row[] {
  return [
    { kind: 'heading', title: 'Notices — the toast always shows', more: 'bell and desktop notification as you choose' },
    ...NOTICE_KINDS.map(
      (k): Row => ({
        kind: 'choice',
        id: `notice.${k}`,
        label: NOTICE_LABELS[k],
        options: SOUNDS,
        get: (s) => soundOf(s.notices[k]),
        set: (s, v) => ({ ...s, notices: { ...s.notices, [k]: fromSound(v as Sound) } }),
      }),
    ),
    { kind: 'heading', title: 'Look' },
    {
      kind: 'choice',
      id: 'timeFormat',
      label: 'Times',
      options: [
        { value: '24h', label: '24-hour (14:05)' },
        { value: '12h', label: '12-hour (2:05 PM)' },
      ],
      get: (s) => s.timeFormat,
      set: (s, v) => ({ ...s, timeFormat: v as AppSettings['timeFormat'] }),
    },
    {
      kind: 'choice',
      id: 'theme',
      label: 'Theme',
      options: [
        { value: 'colour', label: 'Colour', disabled: !canColour },
        { value: 'monochrome', label: 'Monochrome' },
      ],
      // Short enough to be read whole beside the two options at 80 columns.
      note: canColour ? undefined : 'NO_COLOR is set',
      get: (s) => (canColour ? s.theme : 'monochrome'),
      set: (s, v) => ({ ...s, theme: v as AppSettings['theme'] }),
    },
    { kind: 'heading', title: 'Start' },
    {
      kind: 'choice',
      id: 'autoLogin',
      label: 'Log in by itself',
      options: [
        { value: 'off', label: 'Off' },
        { value: 'on', label: 'On: this server and agent' },
      ],
      get: (s) => (s.autoLogin ? 'on' : 'off'),
      set: (s, v) => ({ ...s, autoLogin: v === 'on' }),
    },
  ];
}

const LABEL = 30;

/**
 * Settings > Application: the manual's Application Settings an agent sets
 * for themselves — bell and desktop notification per kind of event, the
 * time format, colour or monochrome, logging in by itself at start — kept
 * for this agent and applied as they change. ↓ moves into the rows, ← →
 * change the focused one, Esc goes back to the page tabs.
 */
export function ApplicationPage({ width, height, editing, onEditingChange }: { width: number; height: number; editing: boolean; onEditingChange: (on: boolean) => void }) {
  const theme = useTheme();
  const { settings, update, canColour } = useAppSettings();
  const all = rows(canColour);
  const focusable = all.map((r, i) => (r.kind === 'heading' ? -1 : i)).filter((i) => i >= 0);
  const [focus, setFocus] = useState(0);
  useEffect(() => () => onEditingChange(false), [onEditingChange]);
  const at = focusable[Math.min(focus, focusable.length - 1)]!;
  const row = all[at] as Extract<Row, { kind: 'choice' }>;
  const change = (step: 1 | -1) => update((s) => row.set(s, stepChoice(row.options, row.get(s), step)));

  useCommands('voice-settings', { 'settings.edit': editing ? undefined : () => onEditingChange(true) }, { priority: PRIORITY.section, active: !editing });
  useCommands(
    'voice-settings',
    {
      'list.up': () => (focus === 0 ? onEditingChange(false) : setFocus(focus - 1)),
      'list.down': focus < focusable.length - 1 ? () => setFocus(focus + 1) : undefined,
      'form.left': () => change(-1),
      'form.right': () => change(1),
      'settings.done': () => onEditingChange(false),
    },
    { priority: PRIORITY.field, active: editing },
  );
  // The agent's own keys: in the rows those bound there, outside them the key that leads in.
  const rowsHint = useBoundHint(ROWS_HINT);
  const editKey = useBoundKeys()('settings.edit') ?? keyHint(command('settings.edit'));

  const visible = Math.max(3, height - 2);
  const top = Math.max(0, Math.min(all.length - visible, at - visible + 2));
  return (
    <Box flexDirection="column" width={width} paddingX={1}>
      {all.slice(top, top + visible).map((r, i) =>
        r.kind === 'heading' ? (
          <Text key={r.title} bold color={theme.accent} underline={!theme.color} wrap="truncate">
            {fitParts([r.title, r.more ?? ''], width - 2, '; ')}
          </Text>
        ) : (
          <Choice key={r.id} label={r.label} labelWidth={LABEL} width={width - 2} options={r.options} value={r.get(settings)} note={r.note} focused={editing && top + i === at} />
        ),
      )}
      <Text color={theme.muted} wrap="truncate">
        {/* Each sentence whole or not at all: cut, at 60 columns it read "Your ow…". */}
        {editing ? rowsHint : fitParts([`${editKey} to change these: kept for you, applied at once.`, 'Your own keys: the Keys page.'], width - 2, ' ')}
      </Text>
      {settings.autoLogin ? (
        <Text color={theme.muted} wrap="truncate">
          Logging in by itself keeps a session token until it expires, never your PIN; logging out forgets it.
        </Text>
      ) : null}
    </Box>
  );
}
