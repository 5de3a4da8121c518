import { Text } from 'ink';
import React from 'react';
import type { CannedResponse } from '../../../core/protocol/model.js';
import { PRIORITY, useCommands } from '../../../keys/router.js';
import { oneLine, pad } from '../../../ui/format.js';
import { cycleMoves, SearchPickerBox } from '../../../ui/SearchPickerBox.js';
import { useTheme } from '../../../ui/ThemeContext.js';
import { useTypedSearch } from '../../../ui/use-typed-search.js';
import { type HintPart, useBoundHint } from '../../../ui/bound-hint.js';
import { cannedMatches } from '../../chats/canned.js';

/** Read from the commands bound: ↑↓ only while there is another match to move to, Enter only over one; the agent's own keys. */
const KEYS_HINT: readonly HintPart[] = [
  { ids: ['list.up', 'list.down'], label: 'choose' },
  { ids: ['canned.insert'], label: 'insert' },
  { ids: ['list.cancel'], label: 'cancel' },
];

/**
 * Choose a canned response for the composer: only those for this
 * conversation's channel, searched by title and text as you type; the
 * highlighted one is shown whole below the list. Enter puts its text in the
 * composer, its placeholders filled where this conversation has a value.
 */
export function CannedPicker({
  responses,
  channel,
  width,
  height,
  onInsert,
  onCancel,
}: {
  responses: CannedResponse[];
  channel: string;
  width: number;
  height: number;
  onInsert: (text: string) => void;
  onCancel: () => void;
}) {
  const theme = useTheme();
  const forChannel = responses.filter((r) => r.channels.includes(channel));
  const { query, matches, selected, setIndex, text, clear } = useTypedSearch((q) => cannedMatches(forChannel, q));
  const current = matches[selected];
  useCommands(
    'canned',
    {
      'canned.insert': current ? () => onInsert(current.text) : undefined,
      'list.cancel': onCancel,
      'field.clear': query ? clear : undefined,
      ...cycleMoves(matches.length, setIndex),
    },
    { priority: PRIORITY.overlay, modal: true, text },
  );
  const keysHint = useBoundHint(KEYS_HINT);
  return (
    <SearchPickerBox
      title={
        <>
          Canned responses <Text color={theme.muted}>for {channel} · {matches.length} of {forChannel.length}</Text>
        </>
      }
      query={query}
      matches={matches}
      selected={selected}
      empty={forChannel.length === 0 ? `No canned response is made for ${channel}.` : `Nothing matches "${query}".`}
      rowKey={(r) => r.id}
      name={(r) => pad(r.title, 24)}
      summary={(r) => oneLine(r.text)}
      previewText={(r) => r.text}
      hint={`Type to search · ${keysHint}`}
      width={width}
      height={height}
    />
  );
}
