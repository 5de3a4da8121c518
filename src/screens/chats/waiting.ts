import type { ClientStore } from '../../client/store.js';
import type { Conversation } from '../../core/protocol/model.js';

/**
 * How many wait unassigned in a messaging queue on the channels a header
 * counts (`include`: chats, or email). A queue whose channels are all
 * counted, or none, gives its figure (mqueueStats) or nothing; a queue that
 * mixes chat and email has one figure for both, so its waiting preview
 * (the next few) is what can be split by channel.
 */
export function waitingIn(store: ClientStore, include: (c: Conversation) => boolean): (queue: string) => number {
  return (queue) => {
    const channels = store.catalog?.messagingQueues.find((q) => q.id === queue)?.channels ?? [];
    const counted = channels.filter((channel) => include({ channel } as Conversation));
    if (counted.length === 0) return 0;
    if (counted.length === channels.length) return store.get('mqueueStats', queue)?.waiting ?? 0;
    return (store.get('mqueueWaiting', queue)?.conversations ?? []).filter(include).length;
  };
}
