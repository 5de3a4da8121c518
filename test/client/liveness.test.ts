import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { watchLiveness, type LivenessWatch } from '../../src/client/liveness.js';

/**
 * The timing of watchLiveness on fake timers. Its clock is separate from the
 * timers: a process that was stopped (or a laptop asleep) sees the clock jump
 * while a timer fires only once.
 */
const OPTIONS = { pingEveryMs: 10_000, deadAfterMs: 25_000 };

let clock = 0;
let pings = 0;
let deaths: number[] = [];
let watch: LivenessWatch;

beforeEach(() => {
  vi.useFakeTimers();
  clock = 0;
  pings = 0;
  deaths = [];
  watch = watchLiveness(OPTIONS, () => pings++, (silent) => deaths.push(silent), () => clock);
});
afterEach(() => {
  watch.stop();
  vi.useRealTimers();
});

/** Time passes for the process and its timers alike. */
function pass(ms: number, step = 100): void {
  for (let t = 0; t < ms; t += step) {
    clock += step;
    vi.advanceTimersByTime(step);
  }
}

describe('watchLiveness', () => {
  it('pings every pingEveryMs and calls a server silent for deadAfterMs dead, once, at that moment', () => {
    pass(9_900);
    expect(pings).toBe(0);
    pass(100);
    expect(pings).toBe(1);
    pass(10_000);
    expect(pings).toBe(2);
    pass(4_900);
    expect(deaths).toEqual([]);
    pass(100);
    expect(deaths).toEqual([25_000]);
    pass(60_000);
    expect(deaths).toHaveLength(1);
    expect(pings).toBe(2);
  });

  it('a server that answers, or is busy sending anything, stays alive', () => {
    for (let i = 0; i < 20; i++) {
      pass(10_000);
      // The pong (or any frame) comes back shortly after each ping.
      pass(300);
      watch.heard();
    }
    expect(deaths).toEqual([]);
    expect(pings).toBe(20);
  });

  it('the silence is counted from the last thing heard', () => {
    pass(20_000);
    watch.heard();
    pass(24_900);
    expect(deaths).toEqual([]);
    pass(100);
    expect(deaths).toEqual([25_000]);
  });

  it('after a long gap of its own (the process stopped, the lid closed) it pings and gives the server a full deadAfterMs again', () => {
    pass(5_000);
    // Suspended for an hour: the clock moves on, the timer fires once, late.
    clock += 3_600_000;
    vi.advanceTimersByTime(5_000);
    expect(deaths).toEqual([]);
    expect(pings).toBe(1);
    // The server answers now, and keeps answering: all is well.
    for (let i = 0; i < 6; i++) {
      pass(200);
      watch.heard();
      pass(9_800);
    }
    expect(deaths).toEqual([]);
    expect(pings).toBe(7);
  });

  it('after a long gap a server that still does not answer is called dead deadAfterMs later', () => {
    clock += 3_600_000;
    vi.advanceTimersByTime(10_000);
    expect(deaths).toEqual([]);
    pass(24_900);
    expect(deaths).toEqual([]);
    pass(100);
    expect(deaths).toEqual([25_000]);
  });

  it('stopped, it neither pings nor calls anything dead', () => {
    watch.stop();
    pass(60_000);
    expect(pings).toBe(0);
    expect(deaths).toEqual([]);
  });
});
