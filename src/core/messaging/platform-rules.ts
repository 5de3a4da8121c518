import { CoreError } from '../errors.js';
import type { HandlerContext } from '../context.js';
import type { Attachment, Conversation } from '../protocol/model.js';
import { localTime } from '../dialer/local-time.js';
import { replyWindow } from './reply-window.js';

/**
 * What the platforms allow an agent to send, checked by the core whatever
 * the client (the manual's WhatsApp and Facebook Messaging Rules): free text
 * on WhatsApp only within 24 hours of the customer's last message (a
 * template at any time), nothing on Facebook after 7 days. Returns what the
 * outgoing message must carry for its adapter (Facebook's HUMAN_AGENT tag
 * after the first 24 hours).
 */
export function checkReplyRules(ctx: HandlerContext, c: Conversation, template: boolean): Record<string, unknown> {
  if (template && c.channel !== 'whatsapp') throw new CoreError('TEMPLATES_WHATSAPP_ONLY', 'Templates are sent on WhatsApp conversations only; write the message instead.');
  const window = replyWindow(c, ctx.clock.now());
  if (window.kind === 'closed') {
    const details = { lastCustomerAt: window.lastCustomerAt, closedAt: window.closedAt };
    const when = inCenterTime(ctx, window.lastCustomerAt);
    if (window.templatesOnly && !template)
      throw new CoreError(
        'WHATSAPP_WINDOW_CLOSED',
        `The customer last wrote ${when}, more than 24 hours ago: WhatsApp takes only an approved template until they write again.`,
        details,
      );
    if (!window.templatesOnly)
      throw new CoreError('FACEBOOK_WINDOW_CLOSED', `The customer last wrote ${when}, more than 7 days ago: Facebook lets the page write again only after they do.`, details);
  }
  return window.kind === 'open' && window.tag ? { tag: window.tag } : {};
}

/** The longest text each platform takes in one message (Twilio joins up to 10 segments). */
export const MAX_TEXT: Partial<Record<Conversation['channel'], { chars: number; why: string }>> = {
  sms: { chars: 1600, why: 'An SMS holds at most 1,600 characters (10 segments)' },
  whatsapp: { chars: 4096, why: 'A WhatsApp message holds at most 4,096 characters' },
  facebook: { chars: 2000, why: 'A Messenger message holds at most 2,000 characters' },
};

export function checkTextLength(channel: Conversation['channel'], text: string): void {
  const limit = MAX_TEXT[channel];
  if (limit && [...text].length > limit.chars) throw new CoreError('MESSAGE_TOO_LONG', `${limit.why}; this one has ${[...text].length.toLocaleString('en')}. Shorten it or send it in parts.`);
}

/**
 * How one message of the agent's leaves on the channel, as the provider
 * takes it: WhatsApp carries one file per message (the text as the first
 * file's caption, where the file can have one: not audio), Messenger a text
 * or one file; SMS (MMS) and email everything at once. Each part is a
 * message of its own, with its own outbox item, so each is sent exactly once.
 */
export function messageParts(channel: Conversation['channel'], text: string, attachments: Attachment[]): Array<{ text: string; attachments: Attachment[] }> {
  if (attachments.length === 0 || (channel !== 'whatsapp' && channel !== 'facebook')) return [{ text, attachments }];
  const files = attachments.map((a) => ({ text: '', attachments: [a] }));
  const captioned = channel === 'whatsapp' && !attachments[0]!.type.startsWith('audio/');
  if (captioned) return [{ text, attachments: [attachments[0]!] }, ...files.slice(1)];
  return text.trim() ? [...files, { text, attachments: [] }] : files;
}

/** "on 2026-01-05 at 10:00 (Europe/London)": a moment as the centre's clocks show it. */
function inCenterTime(ctx: HandlerContext, at: number): string {
  const zone = ctx.config.center.timeZone;
  const t = localTime(zone, at);
  return `on ${t.date} at ${t.hhmm} (${zone})`;
}
