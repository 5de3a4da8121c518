/**
 * How much of a conversation's log one answer carries: its latest messages,
 * up to this many characters of JSON (at most about 6 MB of UTF-8), well
 * inside the 16 MiB a panel's socket may have queued. A customer who sends
 * thousands of 20,000-character messages must not make the chat impossible
 * to open (an answer past the limit cuts the panel, which asks again).
 */
export const LOG_ANSWER_CHARS = 2_000_000;

/**
 * The latest of `count` items that together take at most `maxChars`
 * characters of JSON, in their order, with how many earlier ones are left out
 * and the characters used. Items are read newest first and only as far as the
 * budget goes (`itemAt` may read from the store: a long log is not read
 * whole); an undefined item is skipped.
 */
export function latestWithin<T>(count: number, itemAt: (i: number) => T | undefined, maxChars: number): { items: T[]; omitted: number; used: number } {
  let used = 0;
  let first = count;
  const items: T[] = [];
  while (first > 0) {
    const item = itemAt(first - 1);
    if (item !== undefined) {
      const size = JSON.stringify(item).length;
      if (used + size > maxChars) break;
      used += size;
      items.push(item);
    }
    first--;
  }
  return { items: items.reverse(), omitted: first, used };
}
