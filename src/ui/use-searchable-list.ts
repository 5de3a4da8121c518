import { useState } from 'react';
import type { Handlers } from '../keys/router.js';

/**
 * A table with a `/` search above it (agents, queues, canned responses): the
 * query and whether the search field is open, the rows that match and the
 * selected one. `field` goes to the SearchField; `commands` (/ and the ↑↓
 * PgUp PgDn moves, bound only where they would move) go into the owner's own
 * useCommands with its other keys. A changed query selects the first row.
 */
export function useSearchableList<T>(find: (query: string) => T[], pageSize: number) {
  const [query, setQuery] = useState('');
  const [searching, setSearching] = useState(false);
  const [index, setIndex] = useState(0);
  const rows = find(query);
  const selected = Math.min(index, Math.max(0, rows.length - 1));
  const last = rows.length - 1;
  const commands: Handlers = {
    'search.open': searching ? undefined : () => setSearching(true),
    'list.up': selected > 0 ? () => setIndex(selected - 1) : undefined,
    'list.down': selected < last ? () => setIndex(selected + 1) : undefined,
    'list.pageUp': selected > 0 ? () => setIndex(Math.max(0, selected - pageSize)) : undefined,
    'list.pageDown': selected < last ? () => setIndex(Math.min(last, selected + pageSize)) : undefined,
  };
  const field = {
    query,
    onChange: (q: string) => {
      setQuery(q);
      setIndex(0);
    },
    open: searching,
    onOpenChange: setSearching,
  };
  return { query, searching, rows, selected, current: rows[selected] as T | undefined, commands, field };
}
