import type { QueueHours } from '../protocol/catalog.js';
import { localTime, minutesOf } from '../dialer/local-time.js';

/** A queue, configured or as the catalog has it: only its hours matter here. */
type WithHours = { hours?: QueueHours | null };

/** A queue without a schedule is always open. */
export function isOpen(queue: WithHours, at: number): boolean {
  if (!queue.hours) return true;
  const t = localTime(queue.hours.timeZone, at);
  const range = queue.hours.weekly[t.weekday];
  if (!range) return false;
  const [from, to] = range.split('-') as [string, string];
  return t.minutes >= minutesOf(from) && t.minutes < (to === '24:00' ? 1440 : minutesOf(to));
}

/** The next instant the queue opens, stepping minute boundaries (exact across DST); null if it never does. */
export function nextOpening(queue: WithHours, from: number): number | null {
  if (!queue.hours) return null;
  let at = Math.ceil((from + 1) / 60_000) * 60_000;
  const wasOpen = isOpen(queue, from);
  for (let i = 0; i < 8 * 24 * 4; i++) {
    const open = isOpen(queue, at);
    if (open && !wasOpen) {
      while (isOpen(queue, at - 60_000) && at - 60_000 > from) at -= 60_000;
      return at;
    }
    if (!open && wasOpen) return nextOpening(queue, at);
    at += 15 * 60_000;
  }
  return null;
}
