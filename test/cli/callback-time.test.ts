import { describe, expect, it } from 'vitest';
import { callbackTimeOf, localStamp, parseCallbackAt, parseCallbackIn } from '../../src/cli/callback-time.js';

/**
 * What `switchboard dispose --callback-at / --callback-in` make of what a
 * script types. Times without an offset are on this machine's clock, so they
 * are compared with the Date this machine makes of the same wall time.
 */

const NOW = Date.parse('2026-12-05T08:00:00Z');
const at = (r: ReturnType<typeof parseCallbackAt>) => ('at' in r ? r.at : r.error);

describe('--callback-in', () => {
  it('reads minutes, hours and both, from now', () => {
    expect(at(parseCallbackIn('90', NOW))).toBe(NOW + 90 * 60_000);
    expect(at(parseCallbackIn('+90', NOW))).toBe(NOW + 90 * 60_000);
    expect(at(parseCallbackIn('90m', NOW))).toBe(NOW + 90 * 60_000);
    expect(at(parseCallbackIn('2h', NOW))).toBe(NOW + 2 * 3600_000);
    expect(at(parseCallbackIn('1h30m', NOW))).toBe(NOW + 90 * 60_000);
    expect(at(parseCallbackIn('1 hour 30 minutes', NOW))).toBe(NOW + 90 * 60_000);
  });

  it('refuses what is not a delay, or no delay at all, with a sentence', () => {
    expect(parseCallbackIn('2d', NOW)).toEqual({ error: '--callback-in "2d" is not a delay; give a delay such as 90m, 2h or 1h30m (a bare number is minutes).' });
    expect(parseCallbackIn('', NOW)).toMatchObject({ error: expect.stringContaining('is not a delay') });
    expect(parseCallbackIn('-30m', NOW)).toMatchObject({ error: expect.stringContaining('is not a delay') });
    expect(parseCallbackIn('0h0m', NOW)).toMatchObject({ error: expect.stringContaining('the callback must be later than now') });
  });
});

describe('--callback-at', () => {
  it('with an offset: that instant, wherever the script runs', () => {
    expect(at(parseCallbackAt('2026-12-05T14:30Z', NOW))).toBe(Date.parse('2026-12-05T14:30:00Z'));
    expect(at(parseCallbackAt('2026-12-05T14:30+01:00', NOW))).toBe(Date.parse('2026-12-05T13:30:00Z'));
    expect(at(parseCallbackAt('2026-12-05 14:30-0500', NOW))).toBe(Date.parse('2026-12-05T19:30:00Z'));
  });

  it("without one: this machine's clock, as the panel reads the agent's", () => {
    expect(at(parseCallbackAt('2026-12-06T14:30', NOW))).toBe(new Date(2026, 11, 6, 14, 30).getTime());
    expect(at(parseCallbackAt('2026-12-06 09:05:30', NOW))).toBe(new Date(2026, 11, 6, 9, 5, 30).getTime());
  });

  it('HH:MM is the next such time: today if still to come, else tomorrow', () => {
    const hhmm = (t: number) => `${String(new Date(t).getHours()).padStart(2, '0')}:${String(new Date(t).getMinutes()).padStart(2, '0')}`;
    expect(at(parseCallbackAt(hhmm(NOW + 3600_000), NOW))).toBe(NOW + 3600_000);
    // An hour ago: tomorrow at that time (23 hours on, or so across a change of clocks).
    const tomorrow = at(parseCallbackAt(hhmm(NOW - 3600_000), NOW)) as number;
    expect(hhmm(tomorrow)).toBe(hhmm(NOW - 3600_000));
    expect(tomorrow - NOW).toBeGreaterThan(21 * 3600_000);
    expect(tomorrow - NOW).toBeLessThanOrEqual(24 * 3600_000);
  });

  it('refuses dates that do not exist, times past and words, each with a sentence', () => {
    expect(parseCallbackAt('2026-02-30T10:00', NOW)).toEqual({ error: '--callback-at 2026-02-30T10:00: no such date (2026-02 has no day 30).' });
    expect(parseCallbackAt('2026-02-30T10:00Z', NOW)).toEqual({ error: '--callback-at 2026-02-30T10:00Z: no such date (2026-02 has no day 30).' });
    expect(parseCallbackAt('2026-13-05T10:00', NOW)).toMatchObject({ error: expect.stringContaining('no such date or time') });
    expect(parseCallbackAt('2026-12-05T24:00Z', NOW)).toMatchObject({ error: expect.stringContaining('no such date or time') });
    expect(parseCallbackAt('25:00', NOW)).toEqual({ error: '--callback-at 25:00 is not a time of day (00:00 to 23:59).' });
    expect(parseCallbackAt('2026-12-05T14:30+25:00', NOW)).toMatchObject({ error: expect.stringContaining('is not a time zone offset') });
    expect(parseCallbackAt('tomorrow', NOW)).toMatchObject({ error: expect.stringMatching(/^--callback-at "tomorrow" is not a time; give a date and time such as 2026-12-05T14:30/) });
    // The server would take a time past as "due now": a script meant something else.
    expect(parseCallbackAt('2026-12-05T07:59Z', NOW)).toEqual({ error: `--callback-at 2026-12-05T07:59Z has passed (it is ${localStamp(NOW)} here); give a time to come.` });
  });
});

describe('the two options', () => {
  it('neither leaves the time to the server; both at once is refused', () => {
    expect(callbackTimeOf({}, NOW)).toBeUndefined();
    expect(callbackTimeOf({ callbackIn: '2h' }, NOW)).toEqual({ at: NOW + 2 * 3600_000 });
    expect(callbackTimeOf({ callbackAt: '10:00', callbackIn: '2h' }, NOW)).toEqual({ error: 'Give --callback-at or --callback-in, not both.' });
  });

  it("the time set is printed on this machine's clock with its offset, which --callback-at reads back", () => {
    const stamp = localStamp(Date.parse('2026-12-06T14:30:00Z'));
    expect(stamp).toMatch(/^2026-12-0[67]T\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
    expect(at(parseCallbackAt(stamp, NOW))).toBe(Date.parse('2026-12-06T14:30:00Z'));
  });
});
