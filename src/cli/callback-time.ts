/**
 * The callback time a script gives `switchboard dispose`: `--callback-at`
 * (a date and time, or HH:MM) or `--callback-in` (a delay). Without either a
 * Callback got the campaign's retry delay, whatever the customer was promised.
 *
 * A time without an offset is read on this machine's clock (TZ), as the
 * panel's callback question reads "14:30" on the agent's own clock; with an
 * offset (Z, +01:00) it is that instant wherever the script runs. Whether the
 * campaign may call then (its calling window, in the lead's time) is the
 * server's to say: it refuses with CALLBACK_OUTSIDE_CALLING_WINDOW.
 */

export type CallbackTime = { at: number } | { error: string };

const EXAMPLE_AT = 'give a date and time such as 2026-12-05T14:30 (this machine\'s clock), 2026-12-05T14:30Z, or 14:30';
const EXAMPLE_IN = 'give a delay such as 90m, 2h or 1h30m (a bare number is minutes)';

/** Either option, or neither (undefined: the server's default); both at once is a mistake. */
export function callbackTimeOf(opts: { callbackAt?: string; callbackIn?: string }, now: number): CallbackTime | undefined {
  if (opts.callbackAt !== undefined && opts.callbackIn !== undefined) return { error: 'Give --callback-at or --callback-in, not both.' };
  if (opts.callbackAt !== undefined) return parseCallbackAt(opts.callbackAt, now);
  if (opts.callbackIn !== undefined) return parseCallbackIn(opts.callbackIn, now);
  return undefined;
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:?\d{2})?$/i;
const TIME_OF_DAY = /^(\d{1,2}):(\d{2})$/;

export function parseCallbackAt(text: string, now: number): CallbackTime {
  const t = text.trim();
  const time = TIME_OF_DAY.exec(t);
  if (time) return nextTimeOfDay(t, Number(time[1]), Number(time[2]), now);
  const m = DATE_TIME.exec(t);
  if (!m) return { error: `--callback-at ${JSON.stringify(text)} is not a time; ${EXAMPLE_AT}.` };
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map((v) => Number(v ?? 0)) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return { error: `--callback-at ${t}: no such date or time; ${EXAMPLE_AT}.` };
  let at: number;
  if (m[7]) {
    const offset = offsetMinutes(m[7]);
    if (Math.abs(offset) > 14 * 60 || Number(m[7].slice(-2)) > 59) return { error: `--callback-at ${t}: ${m[7]} is not a time zone offset (-12:00 to +14:00).` };
    const utc = Date.UTC(year, month - 1, day, hour, minute, second);
    if (new Date(utc).getUTCDate() !== day) return { error: `--callback-at ${t}: no such date (${year}-${m[2]} has no day ${day}).` };
    at = utc - offset * 60_000;
  } else {
    const local = new Date(year, month - 1, day, hour, minute, second);
    if (local.getDate() !== day) return { error: `--callback-at ${t}: no such date (${year}-${m[2]} has no day ${day}).` };
    // 02:30 on the night the clocks go forward does not exist here: Date would quietly make it 03:30.
    if (local.getHours() !== hour || local.getMinutes() !== minute)
      return { error: `--callback-at ${t}: this machine's clock skips that time (daylight saving); give another, or an offset such as Z.` };
    at = local.getTime();
  }
  return later(`--callback-at ${t}`, at, now);
}

/** "14:30": the next 14:30 on this machine's clock, today or tomorrow (as the panel's question reads it). */
function nextTimeOfDay(t: string, hour: number, minute: number, now: number): CallbackTime {
  if (hour > 23 || minute > 59) return { error: `--callback-at ${t} is not a time of day (00:00 to 23:59).` };
  const d = new Date(now);
  d.setHours(hour, minute, 0, 0);
  if (d.getTime() <= now) d.setDate(d.getDate() + 1);
  return { at: d.getTime() };
}

function offsetMinutes(offset: string): number {
  if (offset.toUpperCase() === 'Z') return 0;
  const sign = offset.startsWith('-') ? -1 : 1;
  const digits = offset.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
}

const DELAY = /^\+?\s*(?:(\d{1,5})\s*h(?:ours?)?)?\s*(?:(\d{1,5})\s*m(?:in(?:utes?)?)?)?$/i;

export function parseCallbackIn(text: string, now: number): CallbackTime {
  const t = text.trim();
  const minutesOnly = /^\+?\s*(\d{1,5})$/.exec(t);
  const m = minutesOnly ? null : DELAY.exec(t);
  if (!minutesOnly && (!m || (m[1] === undefined && m[2] === undefined))) return { error: `--callback-in ${JSON.stringify(text)} is not a delay; ${EXAMPLE_IN}.` };
  const minutes = minutesOnly ? Number(minutesOnly[1]) : Number(m![1] ?? 0) * 60 + Number(m![2] ?? 0);
  if (minutes === 0) return { error: `--callback-in ${t}: the callback must be later than now; ${EXAMPLE_IN}.` };
  return { at: now + minutes * 60_000 };
}

/** A time already past would be taken as "due now" by the server (which allows it for panels' late deliveries): a script meant something else. */
function later(what: string, at: number, now: number): CallbackTime {
  if (at <= now) return { error: `${what} has passed (it is ${localStamp(now)} here); give a time to come.` };
  return { at };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "2026-12-05T14:30+01:00": this machine's clock, with its offset, so it can be given back to --callback-at as it is. */
export function localStamp(at: number): string {
  const d = new Date(at);
  const offset = -d.getTimezoneOffset();
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
