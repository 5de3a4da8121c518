import stringWidth from 'string-width';

/** 7 -> "07": clocks and dates write hours, minutes, seconds, months and days with two digits. */
export function twoDigits(n: number): string {
  return String(n).padStart(2, '0');
}

/** 0:45, 12:03, 1:02:03 — the timers agents read at a glance. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = h > 0 ? twoDigits(m) : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${twoDigits(s)}`;
}

/**
 * How the panel writes times of day: one format everywhere, the agent's
 * (Settings > Application): 24-hour "14:05" or 12-hour "2:05 PM". A setting
 * of the whole panel, so it is kept here rather than passed to every drawing.
 */
let hour12 = false;

export function setTimeFormat(format: '24h' | '12h'): void {
  hour12 = format === '12h';
}

/** Columns a time of day takes at most, for tables that line times up. */
export function clockWidth(seconds = false): number {
  return (hour12 ? 8 : 5) + (seconds ? 3 : 0);
}

/** A time of day as hours and minutes (0-23, 0-59) in the agent's format. */
export function hoursMinutes(h: number, m: number, s?: number): string {
  const sec = s === undefined ? '' : `:${twoDigits(s)}`;
  return hour12 ? `${h % 12 || 12}:${twoDigits(m)}${sec} ${h < 12 ? 'AM' : 'PM'}` : `${twoDigits(h)}:${twoDigits(m)}${sec}`;
}

/** "14:05" (or "14:05" read off a clock elsewhere, the lead's) in the agent's format. */
export function formatHhmm(hhmm: string): string {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  return m ? hoursMinutes(Number(m[1]), Number(m[2])) : hhmm;
}

/** The time of day in the panel's local time, in the agent's format: "14:05" (or "14:05:09" with seconds). */
export function timeOfDay(at: number, seconds = false): string {
  const d = new Date(at);
  return hoursMinutes(d.getHours(), d.getMinutes(), seconds ? d.getSeconds() : undefined);
}

/** The month and day in the panel's local time: "01-06". */
export function monthDay(at: number): string {
  const d = new Date(at);
  return `${twoDigits(d.getMonth() + 1)}-${twoDigits(d.getDate())}`;
}

/** "2026-01-06 14:03" in the panel's local time, as the Conversations lists show dates. */
export function formatDateTime(at: number): string {
  return `${new Date(at).getFullYear()}-${monthDay(at)} ${timeOfDay(at)}`;
}

/** "01-06 14:03": the short form for narrow terminals. */
export function formatShortDateTime(at: number): string {
  return formatDateTime(at).slice(5);
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Printable ASCII, one column a character: most text, measured by its length. */
const NARROW = /^[\x20-\x7e]*$/;

/**
 * Text cut to a number of terminal columns, with … where it was cut. Columns,
 * not characters: wide CJK and most emoji take two, so a customer's name in
 * Japanese would otherwise push every cell after it off the row. Cut between
 * characters as a reader sees them (graphemes), never inside one.
 */
export function fit(text: string, columns: number): string {
  if (columns <= 0) return '';
  if (NARROW.test(text)) return text.length <= columns ? text : columns === 1 ? '…' : `${text.slice(0, columns - 1)}…`;
  if (stringWidth(text) <= columns) return text;
  let out = '';
  let used = 0;
  for (const { segment } of graphemes.segment(text)) {
    const w = stringWidth(segment);
    if (used + w > columns - 1) break;
    out += segment;
    used += w;
  }
  return `${out}…`;
}

/**
 * A text in `columns`, cut between words and never inside one: "Agents of
 * my…", not "Agents of m…". Only when not even the first word fits is it cut
 * where the columns end (fit), so it is never empty for want of room.
 */
export function fitWords(text: string, columns: number): string {
  if (textWidth(text) <= columns) return text;
  const words = text.split(' ');
  for (let n = words.length - 1; n > 0; n--) {
    const kept = `${words.slice(0, n).join(' ')}…`;
    if (textWidth(kept) <= columns) return kept;
  }
  return fit(text, columns);
}

/** What separates the parts of a summary line: "2 of 2 · my queues · MWT red from 2 min". */
export const PART_SEPARATOR = ' · ';

/**
 * A summary line of parts, most important first, in `columns`: a part that
 * does not fit is left out whole, never cut ("MWT red from 2 min" or
 * nothing, not "M…"), and a shorter part after it may still be kept. Only
 * when not even one part fits is the first cut (fit), so the line is never
 * empty for want of room.
 */
export function fitParts(parts: readonly string[], columns: number, separator = PART_SEPARATOR): string {
  const kept: string[] = [];
  let used = 0;
  for (const part of parts) {
    if (!part) continue;
    const size = textWidth(part) + (kept.length ? separator.length : 0);
    if (used + size > columns) continue;
    kept.push(part);
    used += size;
  }
  return kept.length || !parts.length ? kept.join(separator) : fit(parts.find(Boolean) ?? '', columns);
}

/**
 * Parts laid on as many lines of `columns` as they need, in their order,
 * broken between parts and never inside one: "abandoned 0" moves to the next
 * line whole instead of ending the first as "abandoned 0 · d…". The lines
 * after the first start with `indent`; a part wider than a line is cut (fit).
 */
export function flowParts(parts: readonly string[], columns: number, indent = '  ', separator = PART_SEPARATOR): string[] {
  const lines: string[] = [];
  let line = '';
  for (const part of parts) {
    if (!part) continue;
    const joined = line ? `${line}${separator}${part}` : part;
    if (!line || textWidth(joined) <= columns) {
      line = joined;
      continue;
    }
    lines.push(line);
    line = `${indent}${part}`;
  }
  if (line) lines.push(line);
  return lines.map((l) => fit(l, columns));
}

/** Terminal columns a text takes (two for a wide CJK character or most emoji). */
export function textWidth(text: string): number {
  return NARROW.test(text) ? text.length : stringWidth(text);
}

/** Text cut or filled with spaces to exactly a number of terminal columns; `right` puts the spaces before it. */
export function pad(text: string, columns: number, align: 'left' | 'right' = 'left'): string {
  const cut = fit(text, columns);
  const fill = ' '.repeat(Math.max(0, columns - textWidth(cut)));
  return align === 'right' ? fill + cut : cut + fill;
}

/**
 * Text followed by spaces up to a number of terminal columns, and whole when
 * it is longer: String.prototype.padEnd for what a terminal shows, where a
 * name in Japanese takes two columns a character.
 */
export function padEndColumns(text: string, columns: number): string {
  return text + ' '.repeat(Math.max(0, columns - textWidth(text)));
}

/**
 * The end of a text that fits in a number of terminal columns, cut between
 * characters as a reader sees them: a one-line field keeps what is being
 * typed in view, and Japanese takes two columns a character.
 */
export function tailColumns(text: string, columns: number): string {
  if (columns <= 0) return '';
  if (NARROW.test(text)) return text.slice(Math.max(0, text.length - columns));
  const parts = [...graphemes.segment(text)].map((g) => g.segment);
  let from = parts.length;
  let used = 0;
  while (from > 0 && used + stringWidth(parts[from - 1]!) <= columns) used += stringWidth(parts[--from]!);
  return parts.slice(from).join('');
}

/** Text on one line: each run of white space (new lines included) as one space, so a row of a list or table stays one row. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ');
}

/** A timestamp as an agent reads it: the time today, the date and time otherwise (hours and minutes, as every time the panel shows). */
export function formatClock(at: number, now: number = Date.now()): string {
  const d = new Date(at);
  const time = timeOfDay(at);
  const today = new Date(now);
  if (d.toDateString() === today.toDateString()) return time;
  return `${d.getFullYear()}-${monthDay(at)} ${time}`;
}

/** Word-wrap lines to a width in terminal columns; a word longer than the width is cut. */
export function wrapLines(lines: string[], width: number): string[] {
  const out: string[] = [];
  for (const line of lines) {
    if (!NARROW.test(line)) {
      out.push(...wrappedWide(line, width));
      continue;
    }
    if (line.length <= width) {
      out.push(line);
      continue;
    }
    let rest = line;
    while (rest.length > width) {
      const cut = rest.lastIndexOf(' ', width);
      const at = cut > width / 3 ? cut : width;
      out.push(rest.slice(0, at));
      rest = rest.slice(at).trimStart();
    }
    if (rest) out.push(rest);
  }
  return out;
}

/** Long wide lines already wrapped, by width and text, the latest last (see wrappedWide). */
const wideWrapped = new Map<string, string[]>();
const WIDE_WRAPPED_KEPT = 64;
/** Lines shorter than this are wrapped again each time: it costs less than keeping them. */
const WIDE_WRAPPED_FROM = 1000;

/**
 * wrapWide, remembered for long lines. A view draws its log again at every
 * key typed in its composer: a customer's 20,000 characters of Japanese,
 * measured again each time, made every key the agent typed wait.
 */
function wrappedWide(line: string, width: number): string[] {
  if (line.length < WIDE_WRAPPED_FROM) return wrapWide(line, width);
  const key = `${width}\n${line}`;
  const known = wideWrapped.get(key);
  if (known) return known;
  const lines = wrapWide(line, width);
  wideWrapped.set(key, lines);
  if (wideWrapped.size > WIDE_WRAPPED_KEPT) wideWrapped.delete(wideWrapped.keys().next().value!);
  return lines;
}

/**
 * wrapLines for a line with wide characters (Japanese, emoji take two
 * columns): measured grapheme by grapheme, broken at the last space that fits
 * past a third of the width, else cut where the width is full. Text in
 * Japanese has no spaces between words, so it is mostly cut at the width.
 * The line is split into graphemes and measured once: measuring what was
 * left again for every line drawn took 10 s for a customer's 4,000
 * characters of Japanese, and froze the panel for minutes at the 20,000 a
 * message may have.
 */
function wrapWide(line: string, width: number): string[] {
  const parts = Array.from(graphemes.segment(line), ({ segment, index }) => ({ segment, index, width: stringWidth(segment) }));
  // Columns from each grapheme to the end of the line.
  const left = new Array<number>(parts.length + 1).fill(0);
  for (let i = parts.length - 1; i >= 0; i--) left[i] = left[i + 1]! + parts[i]!.width;
  const startOf = (i: number) => (i < parts.length ? parts[i]!.index : line.length);
  const out: string[] = [];
  let i = 0;
  while (left[i]! > width) {
    let used = 0;
    let end = i;
    let space = -1;
    let spaceAt = 0;
    for (; end < parts.length; end++) {
      const part = parts[end]!;
      if (part.segment === ' ' && used <= width) {
        space = end;
        spaceAt = used;
      }
      if (used + part.width > width) break;
      used += part.width;
    }
    // At least one character a line, even one wider than the width: the loop always moves on.
    const at = space > i && spaceAt > width / 3 ? space : Math.max(end, i + 1);
    out.push(line.slice(startOf(i), startOf(at)));
    // The next line starts after the white space it was broken at.
    for (i = at; i < parts.length && /^\s+$/.test(parts[i]!.segment); i++);
  }
  if (i < parts.length) out.push(line.slice(startOf(i)));
  return out;
}
