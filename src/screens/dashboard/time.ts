import type { QueueHours } from '../../core/protocol/catalog.js';
import { isOpen } from '../../core/messaging/hours.js';

// The day key and the operation hours come from the core's own pure helpers
// (Intl only, no engine), so the panel draws open / closed exactly as the
// server assigns conversations, on the client's idea of the server's clock.
export { dayKey } from '../../core/dialer/local-time.js';

export type Hours = QueueHours | null;

/** Within the queue's operation hours at `at`; no schedule: always open. */
export function isOpenAt(hours: Hours, at: number): boolean {
  return isOpen({ hours }, at);
}

/**
 * A date typed in a filter, in the panel's local time: "2026-01-06",
 * "2026-01-06 14:30", "today" or "yesterday". A bare date means the whole day:
 * its start for "from", its last millisecond for "to". Null: not a date.
 */
export function parseDateInput(text: string, end: 'start' | 'end', now: number): number | null {
  const t = text.trim().toLowerCase();
  if (!t) return null;
  let day: Date;
  let time: [number, number] | null = null;
  if (t === 'today' || t === 'yesterday') {
    day = new Date(now);
    if (t === 'yesterday') day.setDate(day.getDate() - 1);
  } else {
    const m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t](\d{1,2}):(\d{2}))?$/.exec(t);
    if (!m) return null;
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    day = new Date(y, mo - 1, d);
    if (day.getFullYear() !== y || day.getMonth() !== mo - 1 || day.getDate() !== d) return null;
    if (m[4] !== undefined) {
      time = [Number(m[4]), Number(m[5])];
      if (time[0] > 23 || time[1] > 59) return null;
    }
  }
  if (time) return new Date(day.getFullYear(), day.getMonth(), day.getDate(), time[0], time[1], end === 'end' ? 59 : 0, end === 'end' ? 999 : 0).getTime();
  return end === 'start'
    ? new Date(day.getFullYear(), day.getMonth(), day.getDate()).getTime()
    : new Date(day.getFullYear(), day.getMonth(), day.getDate() + 1).getTime() - 1;
}
