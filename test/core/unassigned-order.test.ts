import { describe, expect, it } from 'vitest';
import { UnassignedOrder } from '../../src/core/messaging/unassigned-order.js';

/** What the queue's waiting list must always read as: oldest first, then by id. */
const sorted = (waiting: Map<string, number>) => [...waiting].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1)).map(([id]) => id);

describe("a queue's unassigned conversations in order", () => {
  it('reads oldest first as chats come, are taken, come back and arrive out of order', () => {
    const order = new UnassignedOrder();
    for (let i = 0; i < 10; i++) order.add(`c${i}`, 1000 + i);
    order.delete('c0');
    order.delete('c4');
    expect([...order.ids()]).toEqual(['c1', 'c2', 'c3', 'c5', 'c6', 'c7', 'c8', 'c9']);
    // Returned to the queue: back in its place, by when it was created.
    order.add('c4', 1004);
    // Older than the newest (a restart loads in any order), and a tie broken by id.
    order.add('b', 999);
    order.add('c10', 1003);
    expect([...order.ids()]).toEqual(['b', 'c1', 'c2', 'c10', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9']);
    expect(order.first(3)).toEqual(['b', 'c1', 'c2']);
    expect(order.size).toBe(11);
  });

  it('matches a sort of what waits through a long random run of arrivals, assignments and returns', () => {
    const order = new UnassignedOrder();
    const waiting = new Map<string, number>();
    const created = new Map<string, number>();
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let step = 0; step < 5000; step++) {
      const r = random();
      if (r < 0.45 || waiting.size === 0) {
        const id = `n${step}`;
        const at = step - (random() < 0.1 ? Math.floor(random() * 50) : 0);
        created.set(id, at);
        waiting.set(id, at);
        order.add(id, at);
      } else if (r < 0.85) {
        // The oldest is taken most of the time, as assignment does; sometimes any.
        const id = random() < 0.7 ? sorted(waiting)[0]! : [...waiting.keys()][Math.floor(random() * waiting.size)]!;
        waiting.delete(id);
        expect(order.delete(id)).toBe(true);
      } else {
        const gone = [...created.keys()].filter((id) => !waiting.has(id));
        if (gone.length === 0) continue;
        const id = gone[Math.floor(random() * gone.length)]!;
        waiting.set(id, created.get(id)!);
        order.add(id, created.get(id)!);
      }
      if (step % 97 === 0) expect([...order.ids()]).toEqual(sorted(waiting));
    }
    expect([...order.ids()]).toEqual(sorted(waiting));
    expect(order.delete('never-there')).toBe(false);
  });

  it('lets the reader take chats while reading: each waiting one is read once', () => {
    const order = new UnassignedOrder();
    for (let i = 0; i < 100; i++) order.add(`c${String(i).padStart(3, '0')}`, i);
    const read: string[] = [];
    for (const id of order.ids()) {
      read.push(id);
      order.delete(id);
    }
    expect(read).toHaveLength(100);
    expect(order.size).toBe(0);
    expect([...order.ids()]).toEqual([]);
  });
});
