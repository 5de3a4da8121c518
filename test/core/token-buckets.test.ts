import { describe, expect, it } from 'vitest';
import { TokenBuckets } from '../../src/core/token-buckets.js';

describe('token buckets', () => {
  it('give a burst at once, then refill at the sustained rate up to the burst and no further', () => {
    const buckets = new TokenBuckets({ burst: 3, perSecond: 2 });
    const takes = (n: number, now: number) => Array.from({ length: n }, () => buckets.take('k', now));
    expect(takes(4, 0)).toEqual([true, true, true, false]);
    expect(takes(2, 500)).toEqual([true, false]);
    expect(takes(4, 60_000)).toEqual([true, true, true, false]);
  });

  it('keep each key apart, and `has` takes nothing', () => {
    const buckets = new TokenBuckets({ burst: 1, perSecond: 1 });
    expect(buckets.has('a', 0)).toBe(true);
    expect(buckets.take('a', 0)).toBe(true);
    expect(buckets.has('a', 0)).toBe(false);
    expect(buckets.take('b', 0)).toBe(true);
  });

  it('refill nothing when the clock goes back', () => {
    const buckets = new TokenBuckets({ burst: 1, perSecond: 1 });
    expect(buckets.take('k', 10_000)).toBe(true);
    expect(buckets.take('k', 0)).toBe(false);
  });

  it('keep at most so many keys, dropping the least recently used', () => {
    const buckets = new TokenBuckets({ burst: 1, perSecond: 1 }, 2);
    buckets.take('a', 0);
    buckets.take('b', 0);
    buckets.take('c', 0);
    expect(buckets.size).toBe(2);
    // 'a' was dropped: a full bucket again; 'c' was kept: still empty.
    expect(buckets.has('a', 0)).toBe(true);
    expect(buckets.has('c', 0)).toBe(false);
  });
});
