import { useLayoutEffect, useRef } from 'react';

/**
 * Keep the selection on the row the user chose while a live list moves under
 * it. Conversations > Active is fetched again whenever a conversation starts
 * or ends, and a new one comes in at the top: kept by position, the selection
 * slid to the next conversation down, and a supervisor's Enter, assign or
 * close then acted on one they had not chosen.
 *
 * The chosen row is the one at the selection when the user last moved it
 * (or a filter reset it). When the row there changes without a move, the
 * chosen one is looked for among the rows loaded and the selection goes to
 * it; a row that left the list (closed, filtered out) leaves the selection
 * where it was, on what is there now. A layout effect, so the frame with the
 * wrong row selected is never drawn and no key reaches it.
 */
export function useSelectionFollowsRow(
  selected: number,
  setSelected: (index: number) => void,
  idAt: (index: number) => string | undefined,
  indexOf: (id: string) => number,
): void {
  const chosen = useRef<{ at: number; id: string | undefined }>({ at: selected, id: undefined });
  useLayoutEffect(() => {
    const here = idAt(selected);
    const { at, id } = chosen.current;
    // A move by the user, or the chosen row's page has just arrived: this row is the chosen one.
    if (at !== selected || id === undefined) {
      chosen.current = { at: selected, id: here };
      return;
    }
    // Unchanged, or its page is being fetched again: nothing to follow yet.
    if (here === id || here === undefined) return;
    const moved = indexOf(id);
    if (moved >= 0) {
      chosen.current = { at: moved, id };
      setSelected(moved);
    } else chosen.current = { at: selected, id: here };
  });
}
