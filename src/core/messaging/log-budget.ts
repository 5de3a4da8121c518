/**
 * How much of a conversation's log one answer carries: its latest messages,
 * up to this many characters of JSON (at most about 6 MB of UTF-8), well
 * inside the 16 MiB a panel's socket may have queued. A customer who sends
 * thousands of 20,000-character messages must not make the chat impossible
 * to open (an answer past the limit cuts the panel, which asks again).
 */
export const LOG_ANSWER_CHARS = 2_000_000;

/**
 * The latest items that together take at most `maxChars` characters of JSON,
 * in their order, with how many earlier ones are left out and the characters
 * used.
 */
export function latestWithin<T>(items: readonly T[], maxChars: number): { items: T[]; omitted: number; used: number } {
  let used = 0;
  let first = items.length;
  while (first > 0) {
    const size = JSON.stringify(items[first - 1]).length;
    if (used + size > maxChars) break;
    used += size;
    first--;
  }
  return { items: items.slice(first), omitted: first, used };
}
