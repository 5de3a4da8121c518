import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EntityChange } from '../../src/core/protocol/events.js';
import { LiveHub } from '../../src/server/live-hub.js';

/**
 * The gateway's conflation, on fake timers: what a panel following live
 * topics is sent, and when.
 */
const INTERVAL = 500;
const stats = (id: string, waiting: number): EntityChange => ({ kind: 'queueStats', key: id, value: { id, waiting } as never });
const presence = (id: string, status: string): EntityChange => ({ kind: 'agent', key: id, value: { id, status } as never });

let sent: Array<{ to: string; at: number; updates: Array<{ ev: string; data: Record<string, { id: string }> }> }>;
let hub: LiveHub<string>;

beforeEach(() => {
  vi.useFakeTimers();
  sent = [];
  hub = new LiveHub<string>(INTERVAL, (to, text) => sent.push({ to, at: Date.now(), updates: JSON.parse(text).data.updates }), () => Date.now());
});
afterEach(() => {
  hub.close();
  vi.useRealTimers();
});

describe('live batches', () => {
  it('a change after a quiet interval goes out at once; changes within the interval wait for the next tick after it, the latest of each only', () => {
    hub.follow('ava', ['queueStats:7001']);
    const start = Date.now();
    hub.changes([stats('7001', 1)]);
    vi.advanceTimersByTime(0);
    expect(sent.map((s) => [s.to, s.at - start, s.updates.map((u) => u.data.stats)])).toEqual([['ava', 0, [{ id: '7001', waiting: 1 }]]]);

    // Three changes in the next 100 ms: one batch, at the end of the interval, with the last value.
    for (const n of [2, 3, 4]) {
      vi.advanceTimersByTime(30);
      hub.changes([stats('7001', n)]);
    }
    // They go at the hub's first tick (a multiple of the interval) an interval or more after the first went.
    const tick = Math.ceil((start + INTERVAL) / INTERVAL) * INTERVAL - start;
    vi.advanceTimersByTime(tick - 91);
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sent).toHaveLength(2);
    expect(sent[1]!.at - start).toBe(tick);
    expect(sent[1]!.updates).toEqual([{ ev: 'queue.stats', data: { stats: { id: '7001', waiting: 4 } } }]);
  });

  it('a panel whose topics keep moving gets one frame per interval, with the latest of each', () => {
    hub.follow('ava', ['queueStats:7001', 'queueStats:7002', 'agent:1002']);
    const start = Date.now();
    hub.changes([stats('7001', 1)]);
    vi.advanceTimersByTime(100);
    hub.changes([stats('7002', 1)]);
    vi.advanceTimersByTime(100);
    hub.changes([presence('1002', 'paused'), stats('7001', 2)]);
    vi.advanceTimersByTime(100);
    hub.changes([stats('7002', 3)]);
    vi.advanceTimersByTime(2 * INTERVAL);
    expect(sent.map((s) => s.updates.map((u) => (u.data.stats ? `${u.data.stats.id}=${(u.data.stats as unknown as { waiting: number }).waiting}` : u.ev)).sort())).toEqual([
      ['7001=1'],
      ['7001=2', '7002=3', 'agent.updated'].sort(),
    ]);
    // The second round at the hub's first tick an interval after the first.
    expect(sent[1]!.at - start).toBe(Math.ceil((start + INTERVAL) / INTERVAL) * INTERVAL - start);
  });

  it('sends what is due though the clock moves on while the batch is made (a real clock never stands still)', () => {
    let ticks = 0;
    const moving = new LiveHub<string>(INTERVAL, (to, text) => sent.push({ to, at: Date.now(), updates: JSON.parse(text).data.updates }), () => Date.now() + ++ticks / 1000);
    moving.follow('ava', ['queueStats:7001']);
    moving.changes([stats('7001', 1)]);
    vi.advanceTimersByTime(1);
    expect(sent).toHaveLength(1);
    moving.close();
  });

  it('a panel gets only the topics it follows, all in one frame; unfollowed, nothing', () => {
    hub.follow('ava', ['queueStats:7001', 'agent:1002']);
    hub.follow('ben', ['queueStats:7002']);
    hub.changes([stats('7001', 1), stats('7002', 5), presence('1002', 'paused'), presence('1003', 'paused')]);
    vi.advanceTimersByTime(0);
    const to = (who: string) => sent.filter((s) => s.to === who);
    expect(to('ava')).toHaveLength(1);
    expect(to('ava')[0]!.updates.map((u) => u.ev)).toEqual(['queue.stats', 'agent.updated']);
    expect(to('ben')[0]!.updates.map((u) => u.data.stats?.id)).toEqual(['7002']);

    hub.unfollow('ava', ['agent:1002']);
    vi.advanceTimersByTime(INTERVAL);
    hub.changes([presence('1002', 'available')]);
    vi.advanceTimersByTime(INTERVAL);
    expect(sent).toHaveLength(2);
  });

  it('a topic two views follow stays followed until both let go', () => {
    hub.follow('ava', ['agent:1002']);
    hub.follow('ava', ['agent:1002']);
    hub.unfollow('ava', ['agent:1002']);
    hub.changes([presence('1002', 'paused')]);
    vi.advanceTimersByTime(0);
    expect(sent).toHaveLength(1);
    hub.unfollow('ava', ['agent:1002']);
    vi.advanceTimersByTime(INTERVAL);
    hub.changes([presence('1002', 'available')]);
    vi.advanceTimersByTime(INTERVAL);
    expect(sent).toHaveLength(1);
  });

  it('each changed entity is serialised once per batch, however many panels follow it', () => {
    const panels = Array.from({ length: 50 }, (_, i) => `p${i}`);
    for (const p of panels) hub.follow(p, ['queueStats:7001']);
    const stringify = vi.spyOn(JSON, 'stringify');
    hub.changes([stats('7001', 3)]);
    vi.advanceTimersByTime(0);
    expect(sent).toHaveLength(50);
    expect(stringify).toHaveBeenCalledTimes(1);
    stringify.mockRestore();
  });

  it('panels following the same changed topics are sent one frame made once; others their own', () => {
    const frames: Array<{ to: string; text: string }> = [];
    const hubOfTexts = new LiveHub<string>(INTERVAL, (to, text) => frames.push({ to, text }), () => Date.now());
    for (const p of ['a', 'b', 'c']) hubOfTexts.follow(p, ['queueStats:7001', 'queueStats:7002']);
    hubOfTexts.follow('d', ['queueStats:7002']);
    hubOfTexts.changes([stats('7001', 1), stats('7002', 2)]);
    vi.advanceTimersByTime(0);
    const of = (who: string) => frames.find((f) => f.to === who)!.text;
    expect(frames).toHaveLength(4);
    expect(of('a')).toBe(of('b'));
    expect(of('b')).toBe(of('c'));
    expect(JSON.parse(of('a')).data.updates.map((u: { data: { stats: { id: string } } }) => u.data.stats.id)).toEqual(['7001', '7002']);
    expect(JSON.parse(of('d')).data.updates.map((u: { data: { stats: { id: string } } }) => u.data.stats.id)).toEqual(['7002']);
    hubOfTexts.close();
  });
});
