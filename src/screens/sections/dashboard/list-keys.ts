import { PRIORITY, useCommands } from '../../../keys/router.js';

/**
 * ↑ ↓ PgUp PgDn Home End over a list of `count` rows, bound only where they
 * would move (so the footer and help offer only what works).
 */
export function useListKeys(count: number, selected: number, setIndex: (i: number) => void, pageSize: number, active = true, priority: number = PRIORITY.section): void {
  const page = Math.max(1, pageSize);
  const last = count - 1;
  useCommands(
    'list',
    {
      'list.up': selected > 0 ? () => setIndex(selected - 1) : undefined,
      'list.down': selected < last ? () => setIndex(selected + 1) : undefined,
      'list.pageUp': selected > 0 ? () => setIndex(Math.max(0, selected - page)) : undefined,
      'list.pageDown': selected < last ? () => setIndex(Math.min(last, selected + page)) : undefined,
      'list.home': selected > 0 ? () => setIndex(0) : undefined,
      'list.end': selected < last ? () => setIndex(last) : undefined,
    },
    { priority, active },
  );
}
