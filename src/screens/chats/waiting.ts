import type { ClientStore } from '../../client/store.js';
import type { Conversation } from '../../core/protocol/model.js';

/**
 * How many wait unassigned in a messaging queue on the channels a desk counts
 * (`include`: chats, or email): the sum of the queue's counts per channel,
 * which its waiting preview carries. The panel holds only the next few of
 * each channel, so the conversations it has are not the count.
 *
 * A preview kept from before it carried counts (a server not yet refreshed)
 * falls back to the queue's figure (mqueueStats) when the desk counts all its
 * channels, else to the conversations the preview lists.
 */
export function waitingIn(store: ClientStore, include: (c: Conversation) => boolean): (queue: string) => number {
  const counts = (channel: string) => include({ channel } as Conversation);
  return (queue) => {
    const preview = store.get('mqueueWaiting', queue);
    if (preview?.countByChannel) return Object.entries(preview.countByChannel).reduce((n, [channel, k]) => n + (counts(channel) ? k : 0), 0);
    const channels = store.catalog?.messagingQueues.find((q) => q.id === queue)?.channels ?? [];
    const counted = channels.filter(counts);
    if (counted.length === 0) return 0;
    if (counted.length === channels.length) return store.get('mqueueStats', queue)?.waiting ?? 0;
    return (preview?.conversations ?? []).filter(include).length;
  };
}
