import { Text } from 'ink';
import React from 'react';
import { PRIORITY, useCommands } from '../keys/router.js';
import { useBoundHint } from './bound-hint.js';
import { fit } from './format.js';
import { useLineTyping } from './line-editing.js';
import { useTheme } from './ThemeContext.js';

/**
 * A one-line search: `/` opens it (bound by the list that owns it), typing
 * filters at once, Enter keeps the filter and returns to the list, Esc clears
 * it. While open it takes printable keys, digits included, before any command.
 */
export function SearchField({
  query,
  onChange,
  open,
  onOpenChange,
  width,
  what,
  count,
}: {
  query: string;
  onChange: (q: string) => void;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  width: number;
  /** "by name or number" */
  what: string;
  /** "3 of 10" */
  count: string;
}) {
  const theme = useTheme();
  const text = useLineTyping(query, onChange);
  useCommands(
    'search',
    {
      'search.done': () => onOpenChange(false),
      'field.clear': query ? () => onChange('') : undefined,
      'search.clear': () => {
        onChange('');
        onOpenChange(false);
      },
    },
    { priority: PRIORITY.field, active: open, text },
  );
  // A kept filter can be cleared from the list too.
  useCommands('search', { 'search.clear': query ? () => onChange('') : undefined }, { priority: PRIORITY.section, active: !open });
  // The agent's own keys, each while it does something here (none of the list's under a dialog).
  const openHint = useBoundHint([{ ids: ['search.open'], label: `search ${what}` }]);
  const keysHint = useBoundHint([
    { ids: ['search.done'], label: 'done' },
    { ids: ['search.open'], label: 'change' },
    { ids: ['search.clear'], label: 'clear' },
  ]);
  if (!open && !query)
    return (
      <Text color={theme.muted} wrap="truncate">
        {openHint || `Search ${what}`}
        <Text>{count ? `   ${count}` : ''}</Text>
      </Text>
    );
  return (
    <Text wrap="truncate">
      <Text bold color={open ? theme.accent : undefined}>
        Search:{' '}
      </Text>
      <Text inverse={open} underline={!open}>
        {fit(query, Math.max(5, width - 40))}
        {open ? ' ' : ''}
      </Text>
      <Text color={theme.muted}>
        {'  '}
        {count}
        {keysHint ? ` · ${keysHint}` : ''}
      </Text>
    </Text>
  );
}
