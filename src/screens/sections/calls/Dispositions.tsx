import { Box, Text } from 'ink';
import React from 'react';
import type { Call } from '../../../core/protocol/model.js';
import { PRIORITY, useCommands } from '../../../keys/router.js';
import { useBoundHint } from '../../../ui/bound-hint.js';
import { QueryPrompt } from '../../../ui/QueryPrompt.js';
import { namedColor } from '../../../ui/theme.js';
import { useTheme } from '../../../ui/ThemeContext.js';
import { useTypedSearch } from '../../../ui/use-typed-search.js';
import type { Outcomes } from '../../calls/calls.js';
import { offeredDispositions } from '../../calls/offered-dispositions.js';

type Disposition = Outcomes['dispositions'][number];

const LABEL = 'Dispositions ';

function chipText(d: Disposition): string {
  return `${d.hotkey ? ` ${d.hotkey} ` : ' · '} ${d.name}`;
}

/** Lay chips out in lines of `width` columns; returns the indices on each line. */
export function flowChips(texts: string[], width: number): number[][] {
  const lines: number[][] = [];
  let line: number[] = [];
  let used = 0;
  texts.forEach((t, i) => {
    const size = t.length + 2;
    if (line.length > 0 && used + size > width) {
      lines.push(line);
      line = [];
      used = 0;
    }
    line.push(i);
    used += size;
  });
  if (line.length > 0) lines.push(line);
  return lines;
}

/** Lines the dispositions take for this call, at most `maxRows`. */
export function dispositionRows(call: Call, outcomes: Outcomes, width: number, maxRows: number, searching: boolean): number {
  if (call.disposition) return 1;
  if (searching) return Math.min(maxRows, 2);
  return Math.min(maxRows, flowChips(offeredDispositions(outcomes).map(chipText), width - LABEL.length).length);
}

export function matchDisposition(d: Disposition, query: string): boolean {
  const q = query.trim().toLowerCase();
  return !q || d.code.toLowerCase().includes(q) || d.name.toLowerCase().includes(q) || d.hotkey === q;
}

/**
 * The dispositions of the call's queue or campaign, each with its hotkey and
 * colour (the hotkeys themselves are bound by the panel, so they work from any
 * section). Only those that can apply are offered: a queue call has no lead
 * for a callback or retry (the HK list says so). When they do not all fit, `/` opens a search by code or name and
 * Enter submits the highlighted one.
 */
export function Dispositions({
  call,
  outcomes,
  width,
  maxRows,
  searching,
  submitting,
  onCloseSearch,
  onSubmit,
}: {
  call: Call;
  outcomes: Outcomes;
  width: number;
  maxRows: number;
  searching: boolean;
  submitting: boolean;
  onCloseSearch: () => void;
  onSubmit: (d: Disposition) => void;
}) {
  const theme = useTheme();
  const offered = offeredDispositions(outcomes);
  if (call.disposition) {
    return (
      <Text wrap="truncate">
        <Text color={theme.muted}>{LABEL}</Text>
        <Text color={namedColor(theme, call.disposition.color)} bold>
          ✓ {call.disposition.name}
        </Text>
        <Text color={theme.muted}> ({call.disposition.code}) submitted</Text>
      </Text>
    );
  }
  if (searching)
    return <DispositionSearch dispositions={offered} width={width} maxRows={maxRows} onClose={onCloseSearch} onSubmit={onSubmit} />;

  const room = width - LABEL.length;
  const texts = offered.map(chipText);
  let shown = flowChips(texts, room);
  let hidden = 0;
  if (shown.length > maxRows) {
    // The last line keeps room to say how many more there are and how to find them.
    const before = shown.slice(0, maxRows - 1);
    const rest = texts.map((_, i) => i).filter((i) => !before.flat().includes(i));
    const last = flowChips(rest.map((i) => texts[i]!), room - 18)[0] ?? [];
    shown = [...before, last.map((j) => rest[j]!)];
    hidden = texts.length - shown.flat().length;
  }
  return (
    <Box flexDirection="column" width={width}>
      {shown.map((line, row) => (
        <Text key={row} wrap="truncate">
          <Text color={theme.muted} bold={row === 0}>
            {row === 0 ? (submitting ? 'Submitting…'.padEnd(LABEL.length) : LABEL) : ' '.repeat(LABEL.length)}
          </Text>
          {line.map((i) => (
            <Chip key={i} d={offered[i]!} />
          ))}
          {row === shown.length - 1 && hidden > 0 ? <Text color={theme.warning}>+{hidden} more, / find</Text> : null}
        </Text>
      ))}
    </Box>
  );
}

function Chip({ d, highlighted }: { d: Disposition; highlighted?: boolean }) {
  const theme = useTheme();
  const color = namedColor(theme, d.color);
  return (
    <Text inverse={highlighted}>
      <Text bold inverse={!highlighted} color={color}>
        {d.hotkey ? ` ${d.hotkey} ` : ' · '}
      </Text>
      <Text color={color} underline={!theme.color && highlighted}>
        {' '}
        {d.name}
      </Text>
      {'  '}
    </Text>
  );
}

function DispositionSearch({
  dispositions,
  width,
  maxRows,
  onClose,
  onSubmit,
}: {
  dispositions: Disposition[];
  width: number;
  maxRows: number;
  onClose: () => void;
  onSubmit: (d: Disposition) => void;
}) {
  const theme = useTheme();
  const { query, matches, selected, setIndex, text } = useTypedSearch((q) => dispositions.filter((d) => matchDisposition(d, q)));
  const move = (step: number) => setIndex(Math.max(0, Math.min(matches.length - 1, selected + step)));
  useCommands(
    'dispositions',
    {
      'disposition.choose': matches[selected] ? () => onSubmit(matches[selected]!) : undefined,
      'disposition.close': onClose,
      'list.down': () => move(1),
      'list.up': () => move(-1),
      'form.right': () => move(1),
      'form.left': () => move(-1),
    },
    { priority: PRIORITY.field, text },
  );
  const keysHint = useBoundHint([
    { ids: ['form.left', 'form.right'], label: 'choose' },
    { ids: ['disposition.choose'], label: 'submit' },
    { ids: ['disposition.close'], label: 'close' },
  ]);
  // Keep the highlighted one in view on the result line(s).
  const room = width - 2;
  const lines = flowChips(matches.map(chipText), room);
  const at = lines.findIndex((l) => l.includes(selected));
  const first = Math.max(0, at - Math.max(1, maxRows - 1) + 1);
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate">
        <QueryPrompt label="Find disposition" query={query} room={20} />
        <Text color={theme.muted}>  {matches.length} of {dispositions.length} · {keysHint}</Text>
      </Text>
      {matches.length === 0 ? (
        <Text color={theme.muted}>  No disposition has a code or name with "{query}".</Text>
      ) : (
        lines.slice(first, first + Math.max(1, maxRows - 1)).map((line, row) => (
          <Text key={row} wrap="truncate">
            {'  '}
            {line.map((i) => (
              <Chip key={i} d={matches[i]!} highlighted={i === selected} />
            ))}
          </Text>
        ))
      )}
    </Box>
  );
}
