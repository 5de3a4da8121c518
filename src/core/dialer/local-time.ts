/**
 * Wall-clock time in a time zone, from the platform's time-zone database
 * (Intl), so daylight saving is right wherever the lead lives.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      weekday: 'short',
    });
    formatters.set(zone, f);
  }
  return f;
}

export function isTimeZone(zone: string): boolean {
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

export interface LocalTime {
  date: string;
  hhmm: string;
  minutes: number;
  weekday: string;
}

/**
 * The last answer per zone, with the span of instants its local minute
 * covers: the metrics ask for every transaction, and a burst of them in one
 * minute then asks Intl once (formatToParts is slow). The span is measured
 * from the local seconds, not the UTC minute, because a zone's offset once
 * had seconds in it (Monrovia -0:44:30 until 1972), and offsets change only
 * at a local minute's start, so an answer holds for all of its span. It is
 * frozen: a caller changing it would change every answer in that minute.
 */
const lastByZone = new Map<string, { from: number; until: number; time: LocalTime }>();

export function localTime(zone: string, at: number): LocalTime {
  const last = lastByZone.get(zone);
  if (last && at >= last.from && at < last.until) return last.time;
  const { time, second } = readLocalTime(zone, at);
  const from = at - second * 1000 - (((at % 1000) + 1000) % 1000);
  lastByZone.set(zone, { from, until: from + 60_000, time });
  return time;
}

function readLocalTime(zone: string, at: number): { time: LocalTime; second: number } {
  const parts = Object.fromEntries(formatter(zone).formatToParts(new Date(at)).map((p) => [p.type, p.value]));
  const hhmm = `${parts.hour}:${parts.minute}`;
  const time = Object.freeze({
    date: `${parts.year}-${parts.month}-${parts.day}`,
    hhmm,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
    weekday: String(parts.weekday).toLowerCase().slice(0, 3),
  });
  return { time, second: Number(parts.second) };
}

export function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
}

/** Whether local time is inside [start, end); a window may run past midnight. */
export function insideWindow(minutes: number, start: string, end: string): boolean {
  const s = minutesOf(start);
  const e = minutesOf(end);
  return s <= e ? minutes >= s && minutes < e : minutes >= s || minutes < e;
}

/**
 * The next instant (after `from`) at which local time in `zone` enters the
 * window, found by stepping minute boundaries: exact across DST changes.
 */
export function nextWindowOpening(zone: string, start: string, end: string, from: number): number {
  let at = Math.ceil(from / 60_000) * 60_000;
  // At most two days of minutes; a window that never opens is a config error caught elsewhere.
  for (let i = 0; i < 2 * 24 * 60; i += 15) {
    if (insideWindow(localTime(zone, at).minutes, start, end)) {
      // Step back minute by minute to the exact opening.
      while (insideWindow(localTime(zone, at - 60_000).minutes, start, end) && at - 60_000 > from) at -= 60_000;
      return at;
    }
    at += 15 * 60_000;
  }
  return at;
}

/** The server's calendar day for daily figures, e.g. "2026-11-27". */
export function dayKey(zone: string, at: number): string {
  return localTime(zone, at).date;
}

/** The instant local midnight began the day that contains `at`, in `zone`. */
export function startOfDay(zone: string, at: number): number {
  const t = localTime(zone, at);
  let start = Math.floor(at / 60_000) * 60_000 - t.minutes * 60_000;
  // Across a daylight-saving change the guess is an hour off: step to the real midnight.
  for (let i = 0; i < 3 && localTime(zone, start).date !== t.date; i++) start += 60 * 60_000;
  for (let i = 0; i < 3 && localTime(zone, start - 60 * 60_000).date === t.date; i++) start -= 60 * 60_000;
  return start;
}
