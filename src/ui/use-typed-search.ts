import type { Key } from 'ink';
import { useCallback, useState } from 'react';
import { isPrintable } from '../keys/key-name.js';

/**
 * A list that typing filters at once (the command palette, the disposition
 * and canned-response pickers): every printable key, digits included, goes
 * to the query before any command sees it, and a changed query selects the
 * first match again. `find` gives the matches for a query.
 */
export function useTypedSearch<T>(find: (query: string) => T[]) {
  const [query, setQuery] = useState('');
  const [index, setIndex] = useState(0);
  const matches = find(query);
  const selected = Math.min(index, Math.max(0, matches.length - 1));
  const text = useCallback(
    (input: string, key: Key) => {
      if (key.backspace || key.delete) {
        setQuery((q) => q.slice(0, -1));
        setIndex(0);
        return true;
      }
      if (isPrintable(input, key)) {
        setQuery((q) => q + input);
        setIndex(0);
        return true;
      }
      return false;
    },
    [],
  );
  // For a picker that binds field.clear (Ctrl+U): the query is emptied, the first match selected.
  const clear = useCallback(() => {
    setQuery('');
    setIndex(0);
  }, []);
  return { query, matches, selected, setIndex, text, clear };
}
