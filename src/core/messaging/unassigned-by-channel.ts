import { UnassignedOrder } from './unassigned-order.js';

/**
 * Each queue's unassigned conversations split by channel, oldest first on
 * each. A queue that takes chats and email shows them on different desks
 * (Chats, Email): each desk needs its own next few and its own count, and
 * finding the next email behind 20,000 waiting chats must not mean reading
 * past all of them.
 */
export class UnassignedByChannel {
  private readonly queues = new Map<string, Map<string, UnassignedOrder>>();

  add(queue: string, channel: string, id: string, createdAt: number): void {
    let channels = this.queues.get(queue);
    if (!channels) this.queues.set(queue, (channels = new Map()));
    let order = channels.get(channel);
    if (!order) channels.set(channel, (order = new UnassignedOrder()));
    order.add(id, createdAt);
  }

  delete(queue: string, channel: string, id: string): void {
    this.queues.get(queue)?.get(channel)?.delete(id);
  }

  /** The oldest `n` unassigned conversation ids of a queue on each channel that has any waiting. */
  first(queue: string, n: number): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const [channel, order] of this.queues.get(queue) ?? []) if (order.size > 0) out.set(channel, order.first(n));
    return out;
  }

  /** How many wait unassigned in a queue on each channel that has any waiting. */
  counts(queue: string): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [channel, order] of this.queues.get(queue) ?? []) if (order.size > 0) out[channel] = order.size;
    return out;
  }
}
