import { Box, Text } from 'ink';
import React, { useState } from 'react';
import type { CannedResponse } from '../../../core/protocol/model.js';
import { PRIORITY, useCommands } from '../../../keys/router.js';
import { useBoundHint, type HintPart } from '../../../ui/bound-hint.js';
import { Choice, stepChoice } from '../../../ui/Choice.js';
import { ErrorText } from '../../../ui/ErrorText.js';
import { FieldLabel } from '../../../ui/FieldLabel.js';
import { TextField } from '../../../ui/TextField.js';
import { useTheme } from '../../../ui/ThemeContext.js';
import { useApp } from '../../app-context.js';
import { CHANNEL_NAMES, CHANNELS, LANGUAGES } from '../../chats/canned.js';
import { useRequest } from '../../use-request.js';

type Row = 'title' | 'text' | 'channels' | 'language';
const ROWS: Row[] = ['title', 'text', 'channels', 'language'];
const LABEL = 10;
const LANGUAGE_OPTIONS = LANGUAGES.map((l) => ({ value: l as string, label: l }));

/** The form's keys, read from the commands bound: the agent's own, choose and tick only on the rows where they act. */
const FORM_HINT: readonly HintPart[] = [
  { ids: ['form.next'], label: 'next' },
  { ids: ['form.left', 'form.right'], label: 'choose' },
  { ids: ['list.toggle'], label: 'tick a channel' },
  { ids: ['entry.submit'], label: 'save' },
  { ids: ['entry.cancel'], label: 'cancel' },
];

/**
 * Create or edit a canned response (supervisors): title, text (placeholders
 * such as {{customer.name}} are filled when it is sent), the channels it is
 * offered in (← → move, Space ticks), and its language (← →). Tab moves
 * between rows, Enter saves, Esc leaves it unchanged; the server's refusal is
 * shown under the form with the entries kept.
 */
export function CannedForm({ existing, width, onClose }: { existing?: CannedResponse; width: number; onClose: () => void }) {
  const theme = useTheme();
  const { client, toast } = useApp();
  const [row, setRow] = useState<Row>('title');
  const [title, setTitle] = useState(existing?.title ?? '');
  const [text, setText] = useState(existing?.text ?? '');
  const [channels, setChannels] = useState<string[]>(existing?.channels ?? [...CHANNELS]);
  const [channelAt, setChannelAt] = useState(0);
  const [language, setLanguage] = useState<string>(existing?.language ?? 'English');
  const { busy, error, request } = useRequest();

  const step = (n: number) => setRow((r) => ROWS[(ROWS.indexOf(r) + n + ROWS.length) % ROWS.length]!);
  const save = async () => {
    const input = { title, text, channels: CHANNELS.filter((c) => channels.includes(c)), language: language as (typeof LANGUAGES)[number] };
    await request(async () => {
      if (existing) await client.send('canned.update', { id: existing.id, ...input });
      else await client.send('canned.create', input);
      toast(existing ? `Saved "${title.trim()}".` : `Created "${title.trim()}".`, 'success');
      onClose();
    });
  };
  const side = (n: 1 | -1) => {
    if (row === 'channels') setChannelAt((i) => (i + n + CHANNELS.length) % CHANNELS.length);
    if (row === 'language') setLanguage((l) => stepChoice(LANGUAGE_OPTIONS, l, n));
  };
  useCommands(
    'form',
    {
      'entry.submit': busy ? undefined : () => void save(),
      'entry.cancel': onClose,
      'form.next': () => step(1),
      'form.prev': () => step(-1),
      'form.left': row === 'channels' || row === 'language' ? () => side(-1) : undefined,
      'form.right': row === 'channels' || row === 'language' ? () => side(1) : undefined,
    },
    { priority: PRIORITY.overlay, modal: true },
  );
  // Space ticks a channel (above the form, where Space would be "next choice").
  useCommands(
    'picker',
    {
      'list.toggle': () => {
        const c = CHANNELS[channelAt]!;
        setChannels((cs) => (cs.includes(c) ? cs.filter((x) => x !== c) : [...cs, c]));
      },
    },
    { priority: PRIORITY.overlay + 1, active: row === 'channels' },
  );
  const formHint = useBoundHint(FORM_HINT);

  return (
    <Box flexDirection="column" borderStyle="round" borderColor={theme.accent} paddingX={1} width={width}>
      <Text bold>{existing ? `Edit "${existing.title}"` : 'New canned response'}</Text>
      <TextField label="Title" labelWidth={LABEL} value={title} onChange={setTitle} focused={row === 'title'} width={width - 4} priority={PRIORITY.overlay + 1} />
      <TextField
        label="Text"
        labelWidth={LABEL}
        value={text}
        onChange={setText}
        focused={row === 'text'}
        width={width - 4}
        placeholder="Hello {{customer.name}}, ..."
        priority={PRIORITY.overlay + 1}
      />
      <Box>
        <FieldLabel label="Channels" width={LABEL} focused={row === 'channels'} />
        <Text wrap="truncate">
          {CHANNELS.map((c, i) => (
            <Text key={c} inverse={row === 'channels' && i === channelAt}>
              {channels.includes(c) ? '[x] ' : '[ ] '}
              {CHANNEL_NAMES[c]}
              {'  '}
            </Text>
          ))}
        </Text>
      </Box>
      <Choice label="Language" labelWidth={LABEL} options={LANGUAGE_OPTIONS} value={language} focused={row === 'language'} width={width - 4} />
      {error ? (
        <ErrorText wrap="wrap">{error}</ErrorText>
      ) : (
        <Text color={theme.muted} wrap="truncate">
          {busy ? 'Saving…' : formHint}
        </Text>
      )}
    </Box>
  );
}
