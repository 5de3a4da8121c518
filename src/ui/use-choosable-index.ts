import { useState } from 'react';

/**
 * The selection in a list where only some items can be chosen (agents who can
 * take a transfer now): it starts on the first that can, ↑↓ step over the
 * others, and when the one chosen can no longer be chosen it falls back to the
 * first that can. -1 when none can.
 */
export function useChoosableIndex<T>(items: T[], choosable: (item: T) => boolean): { index: number; first: number; move: (step: number) => void } {
  const [chosen, setChosen] = useState<number | null>(null);
  const first = items.findIndex(choosable);
  const index = chosen !== null && items[chosen] && choosable(items[chosen]!) ? chosen : first;
  const move = (step: number) => {
    if (first < 0) return;
    let i = index;
    for (let n = 0; n < items.length; n++) {
      i = (i + step + items.length) % items.length;
      if (choosable(items[i]!)) break;
    }
    setChosen(i);
  };
  return { index, first, move };
}
