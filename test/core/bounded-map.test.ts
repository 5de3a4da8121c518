import { describe, expect, it } from 'vitest';
import { forgetOldest, setNewest } from '../../src/core/bounded-map.js';

/** The two bounds every per-key table of the server is kept within. */
describe('bounded maps', () => {
  it('forgetOldest drops the first keys set until the map holds at most max', () => {
    const map = new Map([['a', 1], ['b', 2], ['c', 3], ['d', 4]]);
    forgetOldest(map, 2);
    expect([...map.keys()]).toEqual(['c', 'd']);
    forgetOldest(map, 5);
    expect([...map.keys()]).toEqual(['c', 'd']);
  });

  it('setNewest moves a key set again last, so the least recently set is the one forgotten', () => {
    const map = new Map<string, number>();
    setNewest(map, 'a', 1, 3);
    setNewest(map, 'b', 2, 3);
    setNewest(map, 'c', 3, 3);
    setNewest(map, 'a', 10, 3);
    setNewest(map, 'd', 4, 3);
    expect([...map]).toEqual([['c', 3], ['a', 10], ['d', 4]]);
  });
});
