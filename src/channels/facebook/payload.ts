import { z } from 'zod';
import { formatPath } from '../../core/protocol/path.js';

/**
 * The parts of a Messenger Platform webhook (object "page") that switchboard
 * reads: messages (the customer's, and the page's own as echoes with
 * is_echo), message_reads and message_deliveries. Other events are ignored.
 */
const id = z.string().min(1).max(200);
const attachment = z.object({
  type: z.string().max(40),
  payload: z
    .object({
      url: z.string().max(4000).optional(),
      title: z.string().max(1000).optional(),
      coordinates: z.object({ lat: z.number(), long: z.number() }).optional(),
    })
    .nullish(),
});

export const fbEvent = z.object({
  sender: z.object({ id }),
  recipient: z.object({ id }),
  timestamp: z.number().optional(),
  message: z
    .object({
      mid: id,
      // Not refused when long (Meta would post it again for days): cut when kept (provider/draft-text.ts).
      text: z.string().optional(),
      attachments: z.array(attachment).max(20).optional(),
      is_echo: z.boolean().optional(),
      app_id: z.union([z.number(), z.string().max(40)]).optional(),
      metadata: z.string().max(2000).optional(),
    })
    .optional(),
  read: z.object({ watermark: z.number() }).optional(),
  delivery: z.object({ mids: z.array(z.string().max(200)).max(1000).optional(), watermark: z.number().optional() }).optional(),
});

export const fbNotification = z.object({
  object: z.literal('page'),
  entry: z
    .array(
      z.object({
        id,
        time: z.number().optional(),
        // Each event is read on its own (readEvents): one customer's message the schema does not
        // fit (a shared link longer than 4,000 characters) must not refuse the others.
        messaging: z.array(z.unknown()).max(1000).optional(),
      }),
    )
    .max(100),
});

export type FbNotification = z.infer<typeof fbNotification>;
export type FbEvent = z.infer<typeof fbEvent>;
export type FbAttachment = z.infer<typeof attachment>;

/** What an event must have to be kept at all, even unread: who wrote to whom, and the message's id (a retry's is the same). */
const fbEventHead = z.object({
  sender: z.object({ id }),
  recipient: z.object({ id }),
  timestamp: z.number().optional().catch(undefined),
  message: z.object({ mid: id, is_echo: z.boolean().optional().catch(undefined) }).optional(),
});

/** An event as read: `unreadable` says why the schema did not fit it, and then only its head was read. */
export type ReadEvent = FbEvent & { unreadable: string | null };

/**
 * The events of one entry, each read on its own: one that does not fit is
 * kept by its head (a customer's message then shows that it could not be
 * read); one without even a sender and recipient is dropped, with why.
 */
export function readEvents(raw: unknown[] | undefined): { events: ReadEvent[]; dropped: string[] } {
  const events: ReadEvent[] = [];
  const dropped: string[] = [];
  for (const [i, item] of (raw ?? []).entries()) {
    const full = fbEvent.safeParse(item);
    if (full.success) {
      events.push({ ...full.data, unreadable: null });
      continue;
    }
    const issue = full.error.issues[0]!;
    const why = `${formatPath(issue.path) || '(the event)'}: ${issue.message}`;
    const head = fbEventHead.safeParse(item);
    if (head.success) events.push({ ...head.data, unreadable: why });
    else dropped.push(`event ${i}: ${why}`);
  }
  return { events, dropped };
}
