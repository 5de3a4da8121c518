import { z } from 'zod';

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
        messaging: z.array(fbEvent).max(1000).optional(),
      }),
    )
    .max(100),
});

export type FbNotification = z.infer<typeof fbNotification>;
export type FbEvent = z.infer<typeof fbEvent>;
export type FbAttachment = z.infer<typeof attachment>;
