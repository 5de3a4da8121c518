import { Box, Text } from 'ink';
import React, { useState } from 'react';
import type { CatalogTemplate } from '../../../core/protocol/catalog.js';
import { command, keyHint } from '../../../keys/registry.js';
import { PRIORITY, useCommands } from '../../../keys/router.js';
import { useBoundHint } from '../../../ui/bound-hint.js';
import { DataTable, type Column } from '../../../ui/DataTable.js';
import { Dialog } from '../../../ui/Dialog.js';
import { SearchField } from '../../../ui/SearchField.js';
import { useTheme } from '../../../ui/ThemeContext.js';
import { useSearchableList } from '../../../ui/use-searchable-list.js';
import { useApp } from '../../app-context.js';
import { templateMatches, templatePreview, templatesOf } from '../../chats/templates.js';
import { useStore } from '../../hooks.js';
import { fitParts, oneLine } from '../../../ui/format.js';

/**
 * Settings > WhatsApp templates: the approved templates the server is
 * configured with (name, language, category, body), searched by any of them;
 * Enter previews one whole with its numbered parameters marked. They are
 * sent from a WhatsApp chat (Ctrl+T, or r once 24 hours have passed since
 * the customer wrote), which asks for the parameters.
 */
export function TemplatesPage({ width, height }: { width: number; height: number }) {
  const theme = useTheme();
  const { client } = useApp();
  const store = useStore(client);
  const all = templatesOf(store.catalog);
  const [preview, setPreview] = useState<CatalogTemplate | null>(null);
  const list = useSearchableList((q) => templateMatches(all, q), Math.max(1, height - 4));
  const { query, searching, rows, selected, current } = list;
  useCommands('templates', { ...list.commands, 'template.preview': current && !searching ? () => setPreview(current) : undefined }, { priority: PRIORITY.section, active: !preview });
  // The agent's own keys: preview while a template is selected, and the chat keys that send one.
  const previewHint = useBoundHint([{ ids: ['template.preview'], label: 'preview' }]);
  const sendKey = keyHint(command('composer.template'));
  const replyKey = keyHint(command('conversation.reply'));

  if (preview)
    return (
      <Dialog
        title={`${preview.name} · ${preview.language} · ${preview.category.toLowerCase()}`}
        message={`${templatePreview(preview.body)}\n\n${preview.params === 0 ? 'No parameters.' : `Parameters [1]..[${preview.params}] are asked for when it is sent.`}`}
        confirmLabel="Close"
        width={Math.min(width, 76)}
        onConfirm={() => setPreview(null)}
      />
    );

  const wide = width >= 120;
  // Narrower than the columns, the language gives way, then the category.
  const columns: Column<CatalogTemplate>[] = [
    { title: 'Name', width: wide ? 28 : 20, cell: (t) => t.name },
    { title: 'Language', width: 8, drop: 1, cell: (t) => t.language },
    { title: 'Category', width: wide ? 14 : 9, drop: 2, cell: (t) => t.category.toLowerCase() },
    { title: 'Body', width: 12, flex: true, cell: (t) => oneLine(templatePreview(t.body)) },
  ];
  return (
    <Box flexDirection="column" width={width} paddingX={1}>
      <SearchField {...list.field} width={width - 2} what="by name, language, category and text" count={`${rows.length} of ${all.length}`} />
      <DataTable
        columns={columns}
        rows={rows}
        rowKey={(t) => `${t.name}:${t.language}`}
        selected={rows.length ? selected : null}
        height={height - 3}
        width={width - 2}
        empty={query ? `No template matches "${query}".` : 'No WhatsApp templates are configured on this server (whatsapp.templates).'}
      />
      {/* The key after 24 hours whole or not at all: cut, at 60 columns the line ended "Ctrl+T (or…". */}
      <Text color={theme.muted} wrap="truncate">
        {fitParts([`${previewHint ? `${previewHint} · ` : ''}sent from a WhatsApp chat with ${sendKey}`, `(or ${replyKey} after 24 hours)`], width - 2, ' ')}
      </Text>
    </Box>
  );
}
