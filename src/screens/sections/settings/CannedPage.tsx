import { Box, Text } from 'ink';
import React, { useState } from 'react';
import type { CannedResponse } from '../../../core/protocol/model.js';
import { PRIORITY, useCommands } from '../../../keys/router.js';
import { DataTable, type Column } from '../../../ui/DataTable.js';
import { Dialog } from '../../../ui/Dialog.js';
import { SearchField } from '../../../ui/SearchField.js';
import { useTheme } from '../../../ui/ThemeContext.js';
import { useSearchableList } from '../../../ui/use-searchable-list.js';
import { useApp } from '../../app-context.js';
import { cannedMatches, CHANNEL_NAMES } from '../../chats/canned.js';
import { useStore } from '../../hooks.js';
import { CannedForm } from './CannedForm.js';

type Mode = null | { kind: 'view' | 'edit' | 'delete'; id: string } | { kind: 'new' };

const channelsText = (r: CannedResponse) => (r.channels.length === 5 ? 'All channels' : r.channels.map((c) => CHANNEL_NAMES[c] ?? c).join(', '));

/**
 * Settings > Canned responses: the manual's columns (Title, Canned Response,
 * Channels, Language), searched by title and text; Enter shows one whole.
 * Supervisors also create (n), edit (e) and delete (D, after a question).
 */
export function CannedPage({ width, height }: { width: number; height: number }) {
  const theme = useTheme();
  const { client, act } = useApp();
  const store = useStore(client);
  const supervisor = store.myAgent()?.role === 'supervisor';
  const [mode, setMode] = useState<Mode>(null);
  const all = store.list('canned');
  const list = useSearchableList((q) => cannedMatches(all, q), Math.max(1, height - 4));
  const { query, searching, rows, selected, current } = list;

  useCommands(
    'canned',
    {
      ...list.commands,
      'canned.view': current && !searching ? () => setMode({ kind: 'view', id: current.id }) : undefined,
      'canned.new': supervisor && !searching ? () => setMode({ kind: 'new' }) : undefined,
      'canned.edit': supervisor && current && !searching ? () => setMode({ kind: 'edit', id: current.id }) : undefined,
      'canned.delete': supervisor && current && !searching ? () => setMode({ kind: 'delete', id: current.id }) : undefined,
    },
    { priority: PRIORITY.section, active: !mode },
  );

  const chosen = mode && mode.kind !== 'new' ? store.get('canned', mode.id) : undefined;
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
  const columns: Column<CannedResponse>[] = [
    { title: 'Title', width: wide ? 24 : 16, cell: (r) => r.title },
    { title: 'Canned Response', width: 12, flex: true, cell: (r) => r.text.replace(/\s+/g, ' ') },
    { title: 'Channels', width: wide ? 34 : 14, cell: channelsText },
    { title: 'Language', width: wide ? 18 : 8, cell: (r) => r.language },
  ];
  return (
    <Box flexDirection="column" width={width} paddingX={1}>
      <SearchField
        {...list.field}
        width={width - 2}
        what="by title and text"
        count={`${rows.length} of ${all.length}`}
      />
      <DataTable
        columns={columns}
        rows={rows}
        rowKey={(r) => r.id}
        selected={rows.length ? selected : null}
        height={height - 3}
        width={width - 2}
        empty={query ? `No canned response matches "${query}".` : supervisor ? 'No canned responses yet: n to create one.' : 'No canned responses yet: supervisors create them.'}
      />
      <Text color={theme.muted} wrap="truncate">
        Enter view{supervisor ? ' · n new · e edit · D delete' : ''} · used in a chat with Ctrl+R
      </Text>
    </Box>
  );
}
