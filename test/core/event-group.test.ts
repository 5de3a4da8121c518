import { describe, expect, it } from 'vitest';
import { framesIn, groupedFrames, GROUP_MAX_CHARS } from '../../src/core/protocol/event-group.js';

const event = (seq: number, pad = 0) => JSON.stringify({ v: 1, seq, ev: 'call.updated', at: '2026-12-04T09:00:00.000Z', data: { call: { id: `c${seq}`, pad: 'x'.repeat(pad) } } });

describe("a transaction's events to one connection", () => {
  it('travel alone when alone, together when several, in their order', () => {
    expect(groupedFrames([event(1)])).toEqual([event(1)]);
    const [frame, ...more] = groupedFrames([event(1), event(2), event(3)]);
    expect(more).toEqual([]);
    const parsed = JSON.parse(frame!);
    expect(parsed.v).toBe(1);
    expect(framesIn(parsed).map((e) => (e as { seq: number }).seq)).toEqual([1, 2, 3]);
    expect(groupedFrames([])).toEqual([]);
  });

  it('are cut into frames under the group size, and an event larger than it travels alone', () => {
    const third = Math.floor(GROUP_MAX_CHARS / 3);
    const texts = [event(1, third), event(2, third), event(3, third), event(4, GROUP_MAX_CHARS * 2), event(5), event(6)];
    const frames = groupedFrames(texts);
    const seqs = frames.map((f) => framesIn(JSON.parse(f)).map((e) => (e as { seq: number }).seq));
    expect(seqs.flat()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(frames.filter((f) => f.length > GROUP_MAX_CHARS).map((f) => JSON.parse(f).seq)).toEqual([4]);
    expect(seqs).toEqual([[1, 2], [3], [4], [5, 6]]);
  });

  it('are read back one by one; answers, live batches and single events are read as themselves', () => {
    const answer = { v: 1, re: 'x', ok: true, result: { events: [1] } };
    const batch = { v: 1, ev: 'live.batch', at: 'now', data: { updates: [] } };
    expect(framesIn(answer)).toEqual([answer]);
    expect(framesIn(batch)).toEqual([batch]);
    expect(framesIn(null)).toEqual([null]);
    expect(framesIn(5)).toEqual([5]);
  });
});
