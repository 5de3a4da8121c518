/**
 * Which key hints the footer shows when not all fit its one line. The most
 * important are kept first (the registry's footerRank: answering a ringing
 * call, the disposition keys, help), then the screen's own before the
 * panel's, then what is left only where there is room; a hint too long for
 * the room left does not stop a shorter one after it. What is kept is drawn
 * in the order the hints came (the screen's, then the panel's, help last),
 * so a hint never changes place when another comes or goes.
 */
export interface FooterHint {
  key: string;
  label: string;
  rank: 'first' | 'normal' | 'last';
}

const RANK_ORDER = { first: 0, normal: 1, last: 2 } as const;

/** Columns a hint takes: its key, a space, its label and two spaces before the next. */
export const hintColumns = (h: Pick<FooterHint, 'key' | 'label'>) => h.key.length + 1 + h.label.length + 2;

/** The hints that fit in `width` columns, in their given order. */
export function fitFooterHints<T extends FooterHint>(hints: readonly T[], width: number): T[] {
  const byImportance = hints.map((h, i) => ({ h, i })).sort((a, b) => RANK_ORDER[a.h.rank] - RANK_ORDER[b.h.rank] || a.i - b.i);
  const kept = new Set<number>();
  let used = 0;
  for (const { h, i } of byImportance) {
    const size = hintColumns(h);
    if (used + size > width) continue;
    used += size;
    kept.add(i);
  }
  return hints.filter((_, i) => kept.has(i));
}
