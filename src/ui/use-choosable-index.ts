import { useState } from 'react';

/**
 * The selection in a list where only some items can be chosen (agents who can
 * take a transfer now): it starts on the first that can, ↑↓ step over the
 * others, and when the one chosen can no longer be chosen it falls back to the
 * first that can. -1 when none can. The choice is kept by key, not by place:
 * the lists are live and sorted (logged-in or free agents first), so an agent
 * logging in or taking a call moved everyone below them, and a kept place then
 * pointed at someone else, who Enter would have transferred to.
 */
export function useChoosableIndex<T>(items: T[], choosable: (item: T) => boolean, keyOf: (item: T) => string): { index: number; first: number; move: (step: number) => void } {
  const [chosen, setChosen] = useState<string | null>(null);
  const first = items.findIndex(choosable);
  const at = chosen === null ? -1 : items.findIndex((item) => keyOf(item) === chosen);
  const index = at >= 0 && choosable(items[at]!) ? at : first;
  const move = (step: number) => {
    if (first < 0) return;
    let i = index;
    for (let n = 0; n < items.length; n++) {
      i = (i + step + items.length) % items.length;
      if (choosable(items[i]!)) break;
    }
    setChosen(keyOf(items[i]!));
  };
  return { index, first, move };
}
