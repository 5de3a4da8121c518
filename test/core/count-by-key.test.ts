import { describe, expect, it } from 'vitest';
import { CountByKey } from '../../src/core/limits/count-by-key.js';

describe('CountByKey', () => {
  it('refuses one more past the limit, and takes one again once one is closed', () => {
    const held = new CountByKey(2);
    expect(held.add('203.0.113.5')).toBe(true);
    expect(held.add('203.0.113.5')).toBe(true);
    expect(held.isFull('203.0.113.5')).toBe(true);
    expect(held.add('203.0.113.5')).toBe(false);
    expect(held.count('203.0.113.5')).toBe(2);
    // Another key is not held back by the first.
    expect(held.add('198.51.100.7')).toBe(true);
    held.remove('203.0.113.5');
    expect(held.add('203.0.113.5')).toBe(true);
  });

  it('forgets a key whose count falls to zero', () => {
    const held = new CountByKey();
    held.add('a');
    held.add('b');
    held.remove('a');
    expect([...held.keys()]).toEqual(['b']);
    held.remove('b');
    expect(held.size).toBe(0);
    // Removing what is not held leaves nothing behind either.
    held.remove('c');
    expect(held.count('c')).toBe(0);
    expect(held.size).toBe(0);
  });

  it('takes a limit per call where each key has its own', () => {
    const busy = new CountByKey<string>();
    expect(busy.add('sms', 1)).toBe(true);
    expect(busy.isFull('sms', 1)).toBe(true);
    expect(busy.add('sms', 1)).toBe(false);
    expect(busy.isFull('sms', 4)).toBe(false);
  });
});
