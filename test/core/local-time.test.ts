import { afterEach, describe, expect, it, vi } from 'vitest';
import { dayKey, localTime } from '../../src/core/dialer/local-time.js';

/**
 * localTime answers from a memo of the last minute per zone; these check the
 * memo never answers a time the platform's zone database would not, at the
 * instants where a stale answer would show: the clocks going forward and
 * back, and midnight (the metrics' day changes there).
 */

/** What the platform says, asked afresh every time (no memo). */
function platform(zone: string, at: number): { date: string; hhmm: string } {
  const parts = Object.fromEntries(
    referenceFormat(zone)
      .formatToParts(new Date(at))
      .map((p) => [p.type, p.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, hhmm: `${parts.hour}:${parts.minute}` };
}

const references = new Map<string, Intl.DateTimeFormat>();

function referenceFormat(zone: string): Intl.DateTimeFormat {
  let f = references.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    references.set(zone, f);
  }
  return f;
}

/** Instants every `step` ms across [from, to), in order, so most calls are answered by the memo. */
function sweep(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let at = from; at < to; at += step) out.push(at);
  return out;
}

const MINUTE = 60_000;

describe('localTime (memoised per zone and minute)', () => {
  it('Europe/London: the clocks go forward at 01:00 GMT on 29 March 2026', () => {
    const change = Date.UTC(2026, 2, 29, 1, 0, 0);
    expect(localTime('Europe/London', change - 30_000).hhmm).toBe('00:59');
    expect(localTime('Europe/London', change - 1).hhmm).toBe('00:59');
    expect(localTime('Europe/London', change).hhmm).toBe('02:00');
    expect(localTime('Europe/London', change + 59_999).hhmm).toBe('02:00');
    expect(localTime('Europe/London', change + MINUTE).hhmm).toBe('02:01');
  });

  it('Europe/London: the clocks go back at 01:00 GMT on 25 October 2026, and 01:xx comes twice', () => {
    const change = Date.UTC(2026, 9, 25, 1, 0, 0);
    expect(localTime('Europe/London', change - 1)).toMatchObject({ hhmm: '01:59', minutes: 119, date: '2026-10-25' });
    expect(localTime('Europe/London', change)).toMatchObject({ hhmm: '01:00', minutes: 60, date: '2026-10-25' });
    expect(localTime('Europe/London', change + 30_000).hhmm).toBe('01:00');
  });

  it('the day changes at the last millisecond before local midnight, in summer time and out of it', () => {
    const bstMidnight = Date.UTC(2026, 5, 30, 23, 0, 0); // 1 July 00:00 BST
    expect(dayKey('Europe/London', bstMidnight - 1)).toBe('2026-06-30');
    expect(localTime('Europe/London', bstMidnight - 1).hhmm).toBe('23:59');
    expect(dayKey('Europe/London', bstMidnight)).toBe('2026-07-01');
    expect(localTime('Europe/London', bstMidnight).weekday).toBe('wed');

    const gmtMidnight = Date.UTC(2026, 11, 31, 24, 0, 0); // 1 January 2027 00:00 GMT
    expect(dayKey('Europe/London', gmtMidnight - 1)).toBe('2026-12-31');
    expect(dayKey('Europe/London', gmtMidnight)).toBe('2027-01-01');
  });

  it('agrees with the zone database second by second across changes and midnights, several zones interleaved', () => {
    const windows: Array<[string, number]> = [
      ['Europe/London', Date.UTC(2026, 2, 29, 1, 0, 0)],
      ['Europe/London', Date.UTC(2026, 9, 25, 1, 0, 0)],
      ['Europe/London', Date.UTC(2026, 5, 30, 23, 0, 0)],
      ['America/New_York', Date.UTC(2026, 2, 8, 7, 0, 0)],
      ['Australia/Lord_Howe', Date.UTC(2026, 3, 4, 15, 0, 0)], // half an hour back
      ['Asia/Kathmandu', Date.UTC(2026, 0, 1, 18, 15, 0)], // +5:45, midnight
    ];
    for (const [zone, change] of windows) {
      for (const at of sweep(change - 3 * MINUTE, change + 3 * MINUTE, 7_000)) {
        const answer = localTime(zone, at);
        // A second zone asked in between must not disturb the first one's memo.
        localTime('UTC', at);
        expect({ zone, at, date: answer.date, hhmm: answer.hhmm }).toEqual({ zone, at, ...platform(zone, at) });
      }
    }
  });

  it('is exact where a zone was once off UTC by minutes and seconds (Monrovia until 1972: -0:44:30)', () => {
    const noon = Date.UTC(1960, 0, 1, 12, 0, 0);
    for (const at of sweep(noon, noon + 2 * MINUTE, 15_000)) {
      const answer = localTime('Africa/Monrovia', at);
      expect({ at, hhmm: answer.hhmm }).toEqual({ at, hhmm: platform('Africa/Monrovia', at).hhmm });
    }
  });

  it('answers the same minute from the memo without letting a caller change it', () => {
    const at = Date.UTC(2026, 6, 1, 9, 30, 0);
    const first = localTime('Europe/Paris', at);
    expect(() => {
      (first as { hhmm: string }).hhmm = '00:00';
    }).toThrow();
    expect(localTime('Europe/Paris', at + 10_000).hhmm).toBe('11:30');
  });

  afterEach(() => vi.restoreAllMocks());

  it('asks the zone database once for a burst of transactions in one minute', () => {
    const read = vi.spyOn(Intl.DateTimeFormat.prototype, 'formatToParts');
    const start = Date.UTC(2026, 6, 1, 14, 5, 0);
    for (let i = 0; i < 1000; i++) {
      dayKey('Europe/Berlin', start + i * 50);
      localTime('Europe/Berlin', start + i * 50);
    }
    expect(read).toHaveBeenCalledTimes(1);
  });
});
