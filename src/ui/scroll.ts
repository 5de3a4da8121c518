/**
 * The first of `rows` visible lines of a list of `total` that keeps `selected`
 * in view: the list scrolls only once the selection passes the last line
 * shown, and never past its end.
 */
export function scrollOffset(selected: number, rows: number, total: number): number {
  return Math.max(0, Math.min(selected - rows + 1, total - rows));
}
