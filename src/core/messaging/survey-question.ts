import type { HandlerContext } from '../context.js';
import type { Conversation } from '../protocol/model.js';
import { replyWindow } from './reply-window.js';

export const LIVECHAT_SURVEY = 'How would you rate this conversation, from 1 to 10? You can add a comment.';
export const TEXT_SURVEY = 'How would you rate this conversation, from 1 to 10? Reply with the number, and a comment if you like.';

/**
 * The survey question a solved conversation asks, when its channel can carry
 * it now: live chat (its page has the form), SMS, and WhatsApp and Facebook
 * while their reply windows let us write (Facebook after 24 hours with the
 * CUSTOMER_FEEDBACK tag, which Messenger allows for a survey within 7 days).
 * Null: the conversation closes without one.
 */
export function surveyQuestion(ctx: HandlerContext, c: Conversation): { text: string; outbound: Record<string, unknown> } | null {
  if (c.channel === 'livechat') return { text: LIVECHAT_SURVEY, outbound: {} };
  if (c.channel === 'sms') return { text: TEXT_SURVEY, outbound: {} };
  if (c.channel !== 'whatsapp' && c.channel !== 'facebook') return null;
  const window = replyWindow(c, ctx.clock.now());
  if (window.kind !== 'open') return null;
  return { text: TEXT_SURVEY, outbound: window.tag ? { tag: 'CUSTOMER_FEEDBACK' } : {} };
}
