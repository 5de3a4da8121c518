import { Text } from 'ink';
import React from 'react';
import { PRIORITY, useCommands } from '../keys/router.js';
import { useBoundHint, useBoundHintParts } from './bound-hint.js';
import { fit, fitParts, textWidth } from './format.js';
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
  /** "3 of 10", or its parts most important first ("3 of 10", "my queues"): those the line has no room for are left out whole. */
  count: string | readonly string[];
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
  const openHint = useBoundHint([{ ids: ['search.open'], label: `search ${what}` }]) || `Search ${what}`;
  // Where "by queue name or number" leaves no room for the count, the key alone says how to search.
  const shortOpenHint = useBoundHint([{ ids: ['search.open'], label: 'search' }]) || 'Search';
  const keysHint = useBoundHintParts([
    { ids: ['search.done'], label: 'done' },
    { ids: ['search.open'], label: 'change' },
    { ids: ['search.clear'], label: 'clear' },
  ]);
  const counts = typeof count === 'string' ? [count] : count;
  // Cut, the line lost its end mid-word ("my queues · M…"): parts that do not fit are left out whole.
  const after = (used: number, parts: readonly string[]) => fitParts(parts, width - used);
  if (!open && !query) {
    const first = counts.find(Boolean) ?? '';
    const hint = !first || textWidth(openHint) + 3 + textWidth(first) <= width ? openHint : shortOpenHint;
    const rest = after(textWidth(hint) + 3, counts);
    return (
      <Text color={theme.muted} wrap="truncate">
        {hint}
        <Text>{rest ? `   ${rest}` : ''}</Text>
      </Text>
    );
  }
  const shownQuery = fit(query, Math.max(5, width - 40));
  return (
    <Text wrap="truncate">
      <Text bold color={open ? theme.accent : undefined}>
        Search:{' '}
      </Text>
      <Text inverse={open} underline={!open}>
        {shownQuery}
        {open ? ' ' : ''}
      </Text>
      <Text color={theme.muted}>
        {'  '}
        {after('Search: '.length + textWidth(shownQuery) + (open ? 1 : 0) + 2, [...counts, ...keysHint])}
      </Text>
    </Text>
  );
}
