import { describe, expect, it } from 'vitest';
import type { CommitUnit } from '../../src/core/ports/store.js';
import { IdFilter } from '../../src/store/id-filter.js';
import { SqliteEventStore } from '../../src/store/sqlite-store.js';
import { scratchDatabases } from '../helpers.js';

/**
 * A command's id is looked up before it runs, so that a retry gets the
 * answer it was first given. The filter in front of that lookup may only
 * ever save reading the table for a new id: a retry it missed would run a
 * panel's command twice.
 */
const scratch = scratchDatabases('id-filter-');
const uuid = (i: number) => `${(i * 2654435761) >>> 0}`.padStart(10, '0') + `-4f9d-a1df-${i.toString(16).padStart(12, '0')}`;

describe('the filter of command ids', () => {
  it('never misses an id it was given, and tells nearly every other id apart', () => {
    const filter = new IdFilter(50_000);
    for (let i = 0; i < 50_000; i++) filter.add(uuid(i));
    for (let i = 0; i < 50_000; i++) expect(filter.mayHave(uuid(i))).toBe(true);
    let perhaps = 0;
    for (let i = 50_000; i < 100_000; i++) if (filter.mayHave(uuid(i))) perhaps++;
    // 10 bits an id and 7 probes give about 0.8%; a poor hash gives far more.
    expect(perhaps / 50_000).toBeLessThan(0.02);
    expect(filter.layerCount).toBe(1);
  });

  it('grows a layer past its capacity, and still never misses an id', () => {
    const filter = new IdFilter(1000);
    for (let i = 0; i < 1000; i++) filter.add(uuid(i));
    expect(filter.layerCount).toBe(1);
    for (let i = 1000; i < 5000; i++) filter.add(uuid(i));
    // 1,000 + 2,000 + 4,000: three layers hold 5,000.
    expect(filter.layerCount).toBe(3);
    for (let i = 0; i < 5000; i++) expect(filter.mayHave(uuid(i))).toBe(true);
    let perhaps = 0;
    for (let i = 5000; i < 55_000; i++) if (filter.mayHave(uuid(i))) perhaps++;
    expect(perhaps / 50_000).toBeLessThan(0.03);
  });

  it("finds every kept answer of a store past its filter's room, and across a reopening", () => {
    const file = scratch();
    const store = new SqliteEventStore(file);
    const unit = (n: number): CommitUnit => ({ events: [], changes: [], command: { id: uuid(n), actor: '1001', cmd: 'agent.status', response: { ok: true, n }, at: n } });
    // 70,000 ids: more than the filter's first layer holds (65,536), so it grew a layer on the way.
    for (let batch = 0; batch < 70; batch++) store.commit(Array.from({ length: 1000 }, (_, i) => unit(batch * 1000 + i)));
    for (const n of [0, 1, 33_333, 65_535, 65_536, 69_999]) expect(store.findCommand(uuid(n))?.response).toEqual({ ok: true, n });
    expect(store.findCommand(uuid(70_000))).toBeUndefined();
    store.close();
    const again = new SqliteEventStore(file);
    expect(again.findCommand(uuid(12_345))?.response).toEqual({ ok: true, n: 12_345 });
    expect(again.findCommand(uuid(70_001))).toBeUndefined();
    again.close();
  });
});
