import { Box, Text } from 'ink';
import React, { useEffect, useState } from 'react';
import { contactName, type Contact } from '../../../core/protocol/contacts.js';
import { PRIORITY, useCommands } from '../../../keys/router.js';
import { fit } from '../../../ui/format.js';
import { useLineTyping } from '../../../ui/line-editing.js';
import { QueryPrompt } from '../../../ui/QueryPrompt.js';
import { scrollOffset } from '../../../ui/scroll.js';
import { useTheme } from '../../../ui/ThemeContext.js';
import { useApp } from '../../app-context.js';

export type PickerItem<A extends string> = { action: A; label: string } | { contact: Contact; suggested: boolean };

/**
 * Choose a contact: actions first (create, unlink...), then suggestions (the
 * same email, number or page id), then what the typed words find in the
 * directory (contacts.search, by any name, email or number). Typing goes
 * into the search; ↑ ↓ choose; Enter takes; Esc closes.
 */
export function ContactPicker<A extends string>({
  title,
  actions = [],
  suggestions = [],
  exclude,
  width,
  height,
  onChoose,
  onCancel,
}: {
  title: string;
  actions?: Array<{ action: A; label: string }>;
  suggestions?: Contact[];
  exclude?: string;
  width: number;
  height: number;
  onChoose: (item: PickerItem<A>) => void;
  onCancel: () => void;
}) {
  const theme = useTheme();
  const { client } = useApp();
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<Contact[]>([]);
  const [index, setIndex] = useState(0);
  const typed = (q: string) => {
    setQuery(q);
    setIndex(0);
  };
  const text = useLineTyping(query, typed);
  useEffect(() => {
    let live = true;
    if (!query.trim()) return setFound([]);
    client.send('contacts.search', { query, limit: 20 }).then(
      (r) => live && setFound(r.rows),
      () => live && setFound([]),
    );
    return () => {
      live = false;
    };
  }, [client, query]);
  const suggestedIds = new Set(suggestions.map((s) => s.id));
  const items: PickerItem<A>[] = [
    ...actions,
    ...suggestions.filter((c) => c.id !== exclude).map((contact) => ({ contact, suggested: true })),
    ...found.filter((c) => c.id !== exclude && !suggestedIds.has(c.id)).map((contact) => ({ contact, suggested: false })),
  ];
  const sel = Math.min(index, Math.max(0, items.length - 1));
  useCommands(
    'picker',
    {
      'list.choose': items[sel] ? () => onChoose(items[sel]!) : undefined,
      'list.cancel': onCancel,
      'field.clear': query ? () => typed('') : undefined,
      'list.up': sel > 0 ? () => setIndex(sel - 1) : undefined,
      'list.down': sel < items.length - 1 ? () => setIndex(sel + 1) : undefined,
    },
    { priority: PRIORITY.overlay, modal: true, text },
  );
  const rows = Math.max(1, height - 5);
  const offset = scrollOffset(sel, rows, items.length);
  const label = (i: PickerItem<A>) =>
    'action' in i ? i.label : `${contactName(i.contact)}${i.contact.company ? ` (${i.contact.company})` : ''} · ${[...i.contact.emails, ...i.contact.phones].slice(0, 2).join(' · ')}${i.suggested ? '  ★ suggested' : ''}`;
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={theme.accent} paddingX={1} width={width}>
      <Text bold wrap="truncate">
        {title}
      </Text>
      <Text wrap="truncate">
        <QueryPrompt label="Search" query={query} room={Math.max(10, width - 40)} />
        <Text color={theme.muted}>{query ? '' : '  any name, email or number'}</Text>
      </Text>
      {items.length === 0 ? <Text color={theme.muted}>{query ? 'No contact found.' : 'No suggestion: type to search.'}</Text> : null}
      {items.slice(offset, offset + rows).map((item, i) => (
        <Text key={'action' in item ? item.action : item.contact.id} inverse={offset + i === sel} bold={'action' in item} wrap="truncate">
          {fit(label(item), width - 4)}
        </Text>
      ))}
    </Box>
  );
}
