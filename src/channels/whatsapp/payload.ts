import { z } from 'zod';

/**
 * The parts of the WhatsApp Business Cloud API's webhook notification
 * ("messages" field) that switchboard reads: customers' messages with their
 * contact (profile name), and statuses of the messages we sent. Anything
 * else in the notification is ignored; a notification without this shape is
 * refused (400). Its messages are read one by one (read-notification.ts), so
 * one that does not fit waMessage does not refuse the others.
 */
const id = z.string().min(1).max(300);
const media = z.object({ id, mime_type: z.string().max(200).optional(), caption: z.string().max(4096).optional(), filename: z.string().max(300).optional() });

export const waMessage = z.object({
  from: z.string().regex(/^\d{5,20}$/),
  id,
  timestamp: z.string().max(20).optional(),
  type: z.string().max(40),
  // Not refused when long (Meta would post it again for days): cut when kept (provider/draft-text.ts).
  text: z.object({ body: z.string() }).optional(),
  image: media.optional(),
  video: media.optional(),
  audio: media.optional(),
  document: media.optional(),
  sticker: media.optional(),
  location: z
    .object({ latitude: z.number(), longitude: z.number(), name: z.string().max(1000).optional(), address: z.string().max(1000).optional() })
    .optional(),
  contacts: z
    .array(
      z.object({
        name: z.object({ formatted_name: z.string().max(500).optional() }).optional(),
        phones: z.array(z.object({ phone: z.string().max(100).optional(), wa_id: z.string().max(100).optional() })).max(20).optional(),
        emails: z.array(z.object({ email: z.string().max(300).optional() })).max(20).optional(),
      }),
    )
    .max(50)
    .optional(),
  button: z.object({ text: z.string().max(1000).optional() }).optional(),
  interactive: z
    .object({
      button_reply: z.object({ title: z.string().max(1000) }).optional(),
      list_reply: z.object({ title: z.string().max(1000), description: z.string().max(1000).optional() }).optional(),
    })
    .optional(),
  reaction: z.object({ emoji: z.string().max(50).optional() }).optional(),
});

/** What a message must have to be kept at all, even unread: who sent it and its id (a retry's is the same). */
export const waMessageHead = z.object({
  from: waMessage.shape.from,
  id,
  type: z.string().max(40).optional().catch(undefined),
  timestamp: z.string().max(20).optional().catch(undefined),
});
export type WaMessageHead = z.infer<typeof waMessageHead>;

export const waStatus = z.object({
  id,
  status: z.string().max(40),
  recipient_id: z.string().max(40).optional(),
  biz_opaque_callback_data: z.string().max(1000).optional(),
  errors: z
    .array(z.object({ code: z.number().optional(), title: z.string().max(1000).optional(), message: z.string().max(1000).optional(), error_data: z.object({ details: z.string().max(2000).optional() }).optional() }))
    .max(10)
    .optional(),
});

export const waNotification = z.object({
  object: z.literal('whatsapp_business_account'),
  entry: z
    .array(
      z.object({
        id: z.string().max(100).optional(),
        changes: z
          .array(
            z.object({
              field: z.string().max(100),
              value: z.object({
                messaging_product: z.literal('whatsapp').optional(),
                metadata: z.object({ display_phone_number: z.string().max(40).optional(), phone_number_id: z.string().max(40) }).optional(),
                contacts: z.array(z.object({ wa_id: z.string().max(40), profile: z.object({ name: z.string().max(500).optional() }).optional() })).max(100).optional(),
                // Each message is read on its own (read-notification.ts): one customer's message the
                // schema does not fit (a shared contact card with 21 numbers) must not refuse the others.
                messages: z.array(z.unknown()).max(100).optional(),
                statuses: z.array(waStatus).max(1000).optional(),
              }),
            }),
          )
          .max(100),
      }),
    )
    .max(100),
});

export type WaNotification = z.infer<typeof waNotification>;
export type WaMessage = z.infer<typeof waMessage>;
export type WaStatus = z.infer<typeof waStatus>;
