import { z } from 'zod';
import { settingsObject } from './settings-object.js';

/**
 * The configuration of the provider channels switchboard speaks itself:
 * WhatsApp (Business Cloud API), Facebook Messenger and SMS (Twilio's
 * Messaging format). What is here is no secret: access tokens, app secrets
 * and the Twilio auth token come from the environment or a secret file
 * (server/provider-secrets.ts), never from this file or the command line.
 * Each section is optional: a channel without one takes no webhooks and
 * keeps its outgoing messages queued, saying so.
 */

const queueId = z.string({ error: 'expected the id of a messaging queue' }).min(1);
const httpUrl = (what: string) =>
  z
    .string({ error: `expected ${what} as an http(s) address` })
    .refine((u) => URL.canParse(u) && /^https?:$/.test(new URL(u).protocol), { error: `expected ${what} as an http(s) address` })
    .transform((u) => u.replace(/\/+$/, ''));
/** After a restart, how long a message that was being sent waits for the provider's callback before it goes again. */
const unsureGraceSeconds = z.number({ error: 'expected a number of seconds' }).min(0).default(600);
/** At most this many messages of the channel on their way to the provider at once. */
const concurrency = z.number({ error: 'expected a number of requests' }).int().min(1).max(100).default(8);

/** "Hello {{1}}, your order {{2}} ..." : numbered parameters, each used at least once, from 1 up without a gap. */
const templateBody = z
  .string({ error: 'expected the template body as text' })
  .min(1, { error: 'expected a template body that is not empty' })
  .max(1024, { error: 'expected a template body of at most 1,024 characters (WhatsApp\'s limit)' })
  .refine((body) => gapless(templateParamNumbers(body)), { error: 'expected numbered parameters {{1}}, {{2}}, ... without a gap' })
  .refine((body) => !/\{\{(?!\s*\d{1,2}\s*\}\})/.test(body), { error: 'expected only numbered parameters such as {{1}} (WhatsApp fills nothing else)' });

export const WHATSAPP_TEMPLATE_CATEGORIES = ['MARKETING', 'UTILITY', 'AUTHENTICATION'] as const;

export const whatsappTemplateSchema = settingsObject({
  name: z.string().regex(/^[a-z0-9_]{1,512}$/, { error: 'expected a template name of lower-case letters, digits and _ (as approved by WhatsApp)' }),
  language: z.string().regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, { error: 'expected a language code such as en or en_US' }).default('en_US'),
  category: z.enum(WHATSAPP_TEMPLATE_CATEGORIES, { error: `expected one of ${WHATSAPP_TEMPLATE_CATEGORIES.join(', ')}` }).default('UTILITY'),
  body: templateBody,
});

export const whatsappSchema = settingsObject({
  /** The Graph API with its version; tests point it at a fake. */
  apiBase: httpUrl('the WhatsApp API base').default('https://graph.facebook.com/v21.0'),
  /** The business numbers: which queue each one's conversations go to. */
  numbers: z
    .array(
      settingsObject({
        phoneNumberId: z.string().regex(/^\d{5,30}$/, { error: 'expected the phone number id (digits) from WhatsApp Manager' }),
        displayNumber: z.string().min(3, { error: 'expected the number as customers see it, e.g. +44 7700 900100' }),
        queue: queueId,
      }),
    )
    .min(1, { error: 'expected at least one WhatsApp business number' }),
  templates: z.array(whatsappTemplateSchema).default([]),
  unsureGraceSeconds,
  concurrency,
});

export const facebookSchema = settingsObject({
  apiBase: httpUrl('the Graph API base').default('https://graph.facebook.com/v21.0'),
  /** The Facebook pages whose Messenger conversations come here. */
  pages: z
    .array(
      settingsObject({
        id: z.string().regex(/^\d{3,30}$/, { error: 'expected the page id (digits)' }),
        name: z.string().min(1, { error: 'expected the page\'s name' }),
        queue: queueId,
      }),
    )
    .min(1, { error: 'expected at least one Facebook page' }),
  unsureGraceSeconds,
  concurrency,
});

export const smsSchema = settingsObject({
  /** Twilio's REST API (or a provider speaking its Messaging format). */
  apiBase: httpUrl('the SMS provider\'s API base').default('https://api.twilio.com'),
  accountSid: z.string().regex(/^AC[0-9a-zA-Z]{6,40}$/, { error: 'expected the account SID (AC...)' }),
  numbers: z
    .array(
      settingsObject({
        number: z.string().regex(/^\+[1-9]\d{5,14}$/, { error: 'expected the number in E.164 form, e.g. +447700900200' }),
        queue: queueId,
      }),
    )
    .min(1, { error: 'expected at least one SMS number' }),
  unsureGraceSeconds,
  concurrency,
});

/** The address providers reach this server at (Twilio signs the URL it posts to; providers fetch media from it). */
export const publicUrlSchema = httpUrl('the public address').optional();

export type WhatsappConfig = z.infer<typeof whatsappSchema>;
export type WhatsappTemplateConfig = z.infer<typeof whatsappTemplateSchema>;
export type FacebookConfig = z.infer<typeof facebookSchema>;
export type SmsConfig = z.infer<typeof smsSchema>;

/** The parameter numbers a template body uses ({{1}} ... {{n}}), sorted, each once. */
export function templateParamNumbers(body: string): number[] {
  return [...new Set([...body.matchAll(/\{\{\s*(\d{1,2})\s*\}\}/g)].map((m) => Number(m[1])))].sort((a, b) => a - b);
}

function gapless(numbers: number[]): boolean {
  return numbers.every((n, i) => n === i + 1);
}

interface ProviderSections {
  messagingQueues: Array<{ id: string; channels: string[] }>;
  whatsapp?: WhatsappConfig;
  facebook?: FacebookConfig;
  sms?: SmsConfig;
}

/** Queues that exist and take the channel; numbers, pages and templates named once. */
export function crossCheckProviders(config: ProviderSections, add: (path: string, message: string) => void): void {
  const queue = (path: string, id: string, channel: string) => {
    const q = config.messagingQueues.find((m) => m.id === id);
    if (!q) add(path, `no messaging queue with id ${id}`);
    else if (!q.channels.includes(channel)) add(path, `queue ${id} does not take ${channel} (add it to the queue's channels)`);
  };
  const once = (seen: Set<string>, key: string, path: string, what: string) => {
    if (seen.has(key)) add(path, `${what} is named twice`);
    seen.add(key);
  };
  const ids = new Set<string>();
  config.whatsapp?.numbers.forEach((n, i) => {
    queue(`whatsapp.numbers[${i}].queue`, n.queue, 'whatsapp');
    once(ids, n.phoneNumberId, `whatsapp.numbers[${i}].phoneNumberId`, `phone number id ${n.phoneNumberId}`);
  });
  const templates = new Set<string>();
  config.whatsapp?.templates.forEach((t, i) => once(templates, `${t.name}:${t.language}`, `whatsapp.templates[${i}]`, `template ${t.name} (${t.language})`));
  const pages = new Set<string>();
  config.facebook?.pages.forEach((p, i) => {
    queue(`facebook.pages[${i}].queue`, p.queue, 'facebook');
    once(pages, p.id, `facebook.pages[${i}].id`, `page ${p.id}`);
  });
  const numbers = new Set<string>();
  config.sms?.numbers.forEach((n, i) => {
    queue(`sms.numbers[${i}].queue`, n.queue, 'sms');
    once(numbers, n.number, `sms.numbers[${i}].number`, `number ${n.number}`);
  });
}
