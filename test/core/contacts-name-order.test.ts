import { describe, expect, it } from 'vitest';
import { idOfKey, nameKey, NameOrder } from '../../src/core/contacts/name-order.js';

/** A deterministic shuffle of n names, as an import brings them. */
const people = (n: number) =>
  Array.from({ length: n }, (_, i) => {
    const k = (i * 7919) % n;
    return { id: `ct-${k}`, last: `last${String(k % 97).padStart(3, '0')}`, first: `first${String(k).padStart(5, '0')}` };
  });

const expected = (list: Array<{ id: string; last: string; first: string }>) => list.map((p) => nameKey(p.last, p.first, p.id)).sort().map(idOfKey);

/** The name order the directory is paged in, and every search bucket reads. */
describe('name order', () => {
  it('keeps single changes in place and a burst (an import) in order once settled, with deletes and renames among them', () => {
    const order = new NameOrder();
    const all = people(2000);
    for (const p of all.slice(0, 10)) order.set(p.id, nameKey(p.last, p.first, p.id));
    expect(order.page(0, 10)).toEqual(expected(all.slice(0, 10)));
    // A burst: far more changes than are placed one by one.
    for (const p of all.slice(10)) order.set(p.id, nameKey(p.last, p.first, p.id));
    order.delete('ct-5');
    // Renamed during the burst, then renamed back: once in the order.
    order.set('ct-7', nameKey('aaa', 'first', 'ct-7'));
    const seven = all.find((p) => p.id === 'ct-7')!;
    order.set('ct-7', nameKey(seven.last, seven.first, 'ct-7'));
    order.set('ct-9', nameKey('zzz', 'last', 'ct-9'));
    order.settle();
    const want = expected(all.filter((p) => p.id !== 'ct-5' && p.id !== 'ct-9')).concat('ct-9');
    expect(order.size).toBe(1999);
    expect(order.page(0, 2000)).toEqual(want);
    // After the burst, one change goes in place again.
    order.set('ct-new', nameKey('aaa', 'first', 'ct-new'));
    order.delete('ct-9');
    expect(order.page(0, 1)).toEqual(['ct-new']);
    expect(order.sortedKeys().map(idOfKey)).toEqual(['ct-new', ...want.slice(0, -1)]);
  });

  it('is in order when read before being settled', () => {
    const order = new NameOrder();
    const all = people(1000);
    for (const p of all) order.set(p.id, nameKey(p.last, p.first, p.id));
    expect(order.page(500, 3)).toEqual(expected(all).slice(500, 503));
  });
});
