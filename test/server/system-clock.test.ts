import { afterEach, describe, expect, it, vi } from 'vitest';
import { CryptoRandom, SystemClock } from '../../src/server/system-clock.js';

afterEach(() => vi.restoreAllMocks());

describe('SystemClock', () => {
  it('never runs a timer before the clock reaches its due time, even when Node wakes it early', async () => {
    const clock = new SystemClock();
    const real = Date.now.bind(Date);
    const due = real() + 20;
    // For 200 ms past the due time the wall clock reads 5 ms short of it, as an early setTimeout would see it;
    // a load that delays the timer beyond that leaves nothing to see, but can never fail the test wrongly.
    const release = due + 200;
    vi.spyOn(Date, 'now').mockImplementation(() => {
      const now = real();
      return now < release ? Math.min(now, due - 5) : now;
    });
    const ranAt: number[] = [];
    clock.setTimer(20, () => ranAt.push(Date.now()));
    for (let waited = 0; ranAt.length === 0 && waited < 5000; waited += 10) await new Promise((r) => setTimeout(r, 10));
    expect(ranAt).toHaveLength(1);
    expect(ranAt[0]!).toBeGreaterThanOrEqual(due);
    clock.clearAll();
  });
});

describe('CryptoRandom ids', () => {
  it('are unique across two cores of the same millisecond, past the point where the random pool is drawn again', () => {
    // Two cores (a standby that has just taken over) with the same counter start.
    const a = new CryptoRandom();
    const b = new CryptoRandom();
    const seen = new Set<string>();
    for (let i = 0; i < 3000; i++) {
      for (const id of [a.id('call'), b.id('call')]) {
        expect(id).toMatch(/^call-[0-9a-z]+[0-9a-f]{4}$/);
        seen.add(id);
      }
    }
    // Each id's random tail is its own: at most a handful of the 6,000 may collide by chance (1 in 65,536 per pair).
    expect(seen.size).toBeGreaterThan(5990);
  });
});
