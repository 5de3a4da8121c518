import type { HandlerContext } from '../context.js';
import type { Conversation, WaitingPreview } from '../protocol/model.js';

/**
 * How many of a queue's waiting conversations its preview carries on each
 * channel (Unassigned Chats and Emails, the login snapshot). Per channel, not
 * per queue: a desk shows one kind of work, and five chats ahead of an email
 * must not hide the email from Unassigned Emails.
 */
export const WAITING_PREVIEW = 5;

/** A queue's waiting preview as it is now: the next few on each channel, oldest first, and each channel's count. */
export function waitingPreviewOf(ctx: HandlerContext, queue: string): WaitingPreview {
  const ids = [...ctx.conversations.firstUnassignedPerChannel(queue, WAITING_PREVIEW).values()].flat();
  const conversations = ids.map((id) => ctx.state.get('conversation', id)!).sort(oldestFirst);
  return { id: queue, conversations, countByChannel: ctx.conversations.unassignedCountPerChannel(queue) };
}

/** Whether a new preview says nothing the shown one does not (conversations are never changed in place: the same objects are the same preview). */
export function samePreview(shown: WaitingPreview, next: WaitingPreview): boolean {
  return (
    shown.conversations.length === next.conversations.length &&
    shown.conversations.every((c, i) => c === next.conversations[i]) &&
    sameCounts(shown.countByChannel, next.countByChannel)
  );
}

function sameCounts(a: Record<string, number> | undefined, b: Record<string, number> | undefined): boolean {
  if (!a || !b) return a === b;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

/** The queue's own order (UnassignedOrder): creation time, then id. */
function oldestFirst(a: Conversation, b: Conversation): number {
  return a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
