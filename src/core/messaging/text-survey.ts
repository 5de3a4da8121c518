import type { HandlerContext } from '../context.js';
import type { Attachment, Conversation, Message } from '../protocol/model.js';
import { close, latestCustomerAt } from './conversation.js';
import { postMessage } from './messages.js';

/** "8", "8/10", "10 great help", "7 - slow at first": the score first, the rest is the comment. */
export function readScore(text: string): { score: number; comment: string } | null {
  const m = /^\s*(10|[1-9])(?!\d|[.,]\d)(?:\s*\/\s*10)?[\s,.:;!-]*([\s\S]*)$/.exec(text);
  if (!m) return null;
  return { score: Number(m[1]), comment: m[2]!.trim().slice(0, 1000) };
}

/**
 * A text survey answered by the customer's next message: when the
 * conversation waits for a rating and the message starts with a score, the
 * message is kept, rated and the conversation closes (closed by the survey).
 * Null when it is no answer (the conversation then opens again, as a
 * customer writing to a solved ticket does).
 */
export function answerBySurvey(
  ctx: HandlerContext,
  c: Conversation,
  text: string,
  attachments: Attachment[],
  externalId: string | null,
  /** When the customer sent the answer (customer-sent-at.ts): the reply window runs from it. */
  sentAt?: number,
): { conversation: Conversation; message: Message } | null {
  if (c.status !== 'solved' || !c.surveyPending || c.channel === 'livechat') return null;
  const answer = readScore(text);
  if (!answer) return null;
  const message = postMessage(ctx, c, 'customer', text, { attachments, externalId });
  const rated = ctx.tx.put(
    'conversation',
    { ...c, customerAt: latestCustomerAt(c, sentAt ?? message.at), lastMessageAt: message.at, survey: { score: answer.score, comment: answer.comment, at: message.at } },
    'survey',
  );
  return { conversation: close(ctx, rated, { kind: 'survey', id: c.customer.id }), message };
}
