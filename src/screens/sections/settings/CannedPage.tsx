import { Box, Text } from 'ink';
import React, { useState } from 'react';
import type { CannedResponse } from '../../../core/protocol/model.js';
import { command, keyHint } from '../../../keys/registry.js';
import { PRIORITY, useCommands } from '../../../keys/router.js';
import { useBoundHint, type HintPart } from '../../../ui/bound-hint.js';
import { DataTable, type Column } from '../../../ui/DataTable.js';
import { Dialog } from '../../../ui/Dialog.js';
import { SearchField } from '../../../ui/SearchField.js';
import { useTheme } from '../../../ui/ThemeContext.js';
import { useSearchableList } from '../../../ui/use-searchable-list.js';
import { useApp } from '../../app-context.js';
import { arrangeCanned, CANNED_SORT_TITLES, CANNED_SORTS, cannedMatches, CHANNEL_NAMES, CHANNELS, channelsText, LANGUAGES, type CannedSort } from '../../chats/canned.js';
import { activeFilters, describeFilters, type FilterField, type FilterValues } from '../../dashboard/filters.js';
import { useStore } from '../../hooks.js';
import { FilterForm } from '../dashboard/FilterForm.js';
import { CannedForm } from './CannedForm.js';
import { fitParts, oneLine } from '../../../ui/format.js';

type Mode = null | { kind: 'view' | 'edit' | 'delete'; id: string } | { kind: 'new' } | { kind: 'filter' };

/** The manual's Channels column filters by channel; the language is a filter too. */
const FILTERS: FilterField[] = [
  { key: 'channel', label: 'Channel', kind: 'choice', options: [{ value: '', label: 'any' }, ...CHANNELS.map((c) => ({ value: c as string, label: CHANNEL_NAMES[c]! }))] },
  { key: 'language', label: 'Language', kind: 'choice', options: [{ value: '', label: 'any' }, ...LANGUAGES.map((l) => ({ value: l as string, label: l }))] },
];

/** The keys under the list, read from the commands bound: the agent's own, and only those that do something now (none while searching). */
const LIST_HINT: readonly HintPart[] = [
  { ids: ['canned.view'], label: 'view' },
  { ids: ['canned.new'], label: 'new' },
  { ids: ['canned.edit'], label: 'edit' },
  { ids: ['canned.delete'], label: 'delete' },
  { ids: ['canned.sort'], label: 'sort' },
  { ids: ['canned.filter'], label: 'filter' },
];

/**
 * Settings > Canned responses: the manual's columns (Title, Canned Response,
 * Channels, Language), searched by title and text, sorted by any column (s
 * the next one, S the other way) and filtered by channel and language (f);
 * Enter shows one whole. Supervisors also create (n), edit (e) and delete
 * (D, after a question).
 */
export function CannedPage({ width, height }: { width: number; height: number }) {
  const theme = useTheme();
  const { client, act } = useApp();
  const store = useStore(client);
  const supervisor = store.myAgent()?.role === 'supervisor';
  const [mode, setMode] = useState<Mode>(null);
  const [sort, setSort] = useState<{ by: CannedSort; descending: boolean }>({ by: 'title', descending: false });
  const [filters, setFilters] = useState<FilterValues>({});
  const all = store.list('canned');
  const list = useSearchableList((q) => arrangeCanned(cannedMatches(all, q), filters, sort.by, sort.descending), Math.max(1, height - 4));
  const { query, searching, rows, selected, current } = list;
  const idle = !searching;

  useCommands(
    'canned',
    {
      ...list.commands,
      'canned.view': current && !searching ? () => setMode({ kind: 'view', id: current.id }) : undefined,
      'canned.new': supervisor && !searching ? () => setMode({ kind: 'new' }) : undefined,
      'canned.edit': supervisor && current && !searching ? () => setMode({ kind: 'edit', id: current.id }) : undefined,
      'canned.delete': supervisor && current && !searching ? () => setMode({ kind: 'delete', id: current.id }) : undefined,
      'canned.sort': idle ? () => setSort((s) => ({ by: CANNED_SORTS[(CANNED_SORTS.indexOf(s.by) + 1) % CANNED_SORTS.length]!, descending: false })) : undefined,
      'canned.sortReverse': idle ? () => setSort((s) => ({ ...s, descending: !s.descending })) : undefined,
      'canned.filter': idle ? () => setMode({ kind: 'filter' }) : undefined,
      'canned.clearFilters': idle && activeFilters(filters) ? () => setFilters({}) : undefined,
    },
    { priority: PRIORITY.section, active: !mode },
  );
  const listHint = useBoundHint(LIST_HINT);

  if (mode?.kind === 'filter')
    return (
      <FilterForm
        title="Filter canned responses"
        fields={FILTERS}
        initial={filters}
        width={Math.min(width, 60)}
        now={Date.now()}
        onCancel={() => setMode(null)}
        onApply={(f) => {
          setFilters(f);
          setMode(null);
        }}
      />
    );
  const chosen = mode && 'id' in mode ? store.get('canned', mode.id) : undefined;
  if (mode?.kind === 'new' || (mode?.kind === 'edit' && chosen))
    return <CannedForm existing={mode.kind === 'edit' ? chosen : undefined} width={Math.min(width, 78)} onClose={() => setMode(null)} />;
  if (mode?.kind === 'view' && chosen)
    return (
      <Dialog
        title={chosen.title}
        message={`${chosen.text}\n\nChannels: ${channelsText(chosen)} · Language: ${chosen.language}`}
        confirmLabel="Close"
        width={Math.min(width, 76)}
        onConfirm={() => setMode(null)}
      />
    );
  if (mode?.kind === 'delete' && chosen)
    return (
      <Dialog
        title="Delete canned response?"
        message={`"${chosen.title}" will no longer be offered to anyone.`}
        confirmLabel="Delete"
        tone="danger"
        width={Math.min(width, 60)}
        onCancel={() => setMode(null)}
        onConfirm={() => {
          setMode(null);
          void act('canned.delete', { id: chosen.id }, `Deleted "${chosen.title}".`);
        }}
      />
    );

  const wide = width >= 120;
  // The sorted column's title says so, and which way, without colour too.
  const title = (by: CannedSort) => `${CANNED_SORT_TITLES[by]}${sort.by === by ? (sort.descending ? ' ▼' : ' ▲') : ''}`;
  // Narrower than the columns, the language gives way, then the channels.
  const columns: Column<CannedResponse>[] = [
    { title: title('title'), width: wide ? 24 : 16, cell: (r) => r.title },
    { title: title('text'), width: 12, flex: true, cell: (r) => oneLine(r.text) },
    { title: title('channels'), width: wide ? 34 : 14, drop: 2, cell: channelsText },
    { title: title('language'), width: wide ? 18 : 10, drop: 1, cell: (r) => r.language },
  ];
  const described = describeFilters(FILTERS, filters);
  return (
    <Box flexDirection="column" width={width} paddingX={1}>
      <SearchField
        {...list.field}
        width={width - 2}
        what="by title and text"
        count={[`${rows.length} of ${all.length}`, described ? `Filter: ${described}` : '']}
      />
      <DataTable
        columns={columns}
        rows={rows}
        rowKey={(r) => r.id}
        selected={rows.length ? selected : null}
        height={height - 3}
        width={width - 2}
        empty={
          query || described
            ? `No canned response matches${query ? ` "${query}"` : ''}${described ? ` the filter (${keyHint(command('canned.clearFilters'))} clears it)` : ''}.`
            : supervisor
              ? `No canned responses yet: ${keyHint(command('canned.new'))} to create one.`
              : 'No canned responses yet: supervisors create them.'
        }
      />
      {/* Each part whole or not at all: cut, at 60 columns the line ended "used in a chat with Ctrl…". */}
      <Text color={theme.muted} wrap="truncate">
        {fitParts([listHint, `used in a chat with ${keyHint(command('composer.canned'))}`], width - 2)}
      </Text>
    </Box>
  );
}
