import { afterEach, describe, expect, it, vi } from 'vitest';
import { SystemClock } from '../../src/server/system-clock.js';

afterEach(() => vi.restoreAllMocks());

describe('SystemClock', () => {
  it('never runs a timer before the clock reaches its due time, even when Node wakes it early', async () => {
    const clock = new SystemClock();
    const real = Date.now.bind(Date);
    let lag = 0;
    vi.spyOn(Date, 'now').mockImplementation(() => real() - lag);
    const due = Date.now() + 20;
    const ranAt: number[] = [];
    clock.setTimer(20, () => ranAt.push(Date.now()));
    // From now on the wall clock reads 15 ms behind when the timer fires, as an early setTimeout would see it.
    lag = 15;
    await new Promise((r) => setTimeout(r, 25));
    expect(ranAt).toEqual([]);
    await new Promise((r) => setTimeout(r, 30));
    expect(ranAt).toHaveLength(1);
    expect(ranAt[0]!).toBeGreaterThanOrEqual(due);
    clock.clearAll();
  });
});
