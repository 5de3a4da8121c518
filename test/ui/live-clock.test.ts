import { describe, expect, it } from 'vitest';
import { LiveClock, type LiveField } from '../../src/ui/live-clock.js';
import { Ticker } from '../../src/ui/ticker.js';

/** A ticker whose intervals the test fires by hand. */
class HandTicker extends Ticker {
  listeners = new Set<() => void>();
  override subscribe(_ms: number, fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
  fire(): void {
    for (const fn of this.listeners) fn();
  }
}

function field(overrides: Partial<LiveField> & { value: LiveField['value'] }): LiveField {
  return { row: 0, column: 10, paint: (t) => t, rerender: () => {}, ...overrides };
}

describe('the live clock (running times kept current without a render)', () => {
  it('writes only a time that changed, at its place counted up from the bottom of the frame, and puts the cursor back', () => {
    const ticker = new HandTicker();
    const written: string[] = [];
    const clock = new LiveClock((d) => written.push(d), ticker);
    let text = '0:05';
    clock.place({}, [field({ row: 2, column: 17, value: () => text, paint: (t) => `[${t}]` })], ['0:05'], 23);
    ticker.fire();
    expect(written).toEqual([]);
    text = '0:06';
    ticker.fire();
    // 23 lines of frame, the cursor on the line below: up 21 to row 2, column 18 (1-based), back down.
    expect(written).toEqual(['\u001b[21A\u001b[18G[0:06]\u001b[21B\u001b[1G']);
  });

  it('a time that grows (9:59 to 10:00) asks its owner to render again and writes nothing', () => {
    const ticker = new HandTicker();
    const written: string[] = [];
    let renders = 0;
    const clock = new LiveClock((d) => written.push(d), ticker);
    clock.place({}, [field({ value: () => '10:00', rerender: () => renders++ })], ['9:59'], 23);
    ticker.fire();
    expect(renders).toBe(1);
    expect(written).toEqual([]);
  });

  it('runs an interval only while some time is on screen', () => {
    const ticker = new Ticker();
    const clock = new LiveClock(() => {}, ticker);
    const owner = {};
    expect(ticker.running()).toBe(0);
    clock.place(owner, [field({ value: () => '0:01' })], ['0:01'], 23);
    expect(ticker.running()).toBe(1);
    clock.place(owner, [], [], 0);
    expect(ticker.running()).toBe(0);
  });
});
