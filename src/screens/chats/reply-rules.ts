import type { Conversation } from '../../core/protocol/model.js';
import { countSms } from '../../core/protocol/sms-segments.js';
import { replyWindow, timeLeftText } from '../../core/messaging/reply-window.js';
import { formatDateTime } from '../../ui/format.js';

/**
 * The platforms' rules as the panel shows them (the manual's WhatsApp and
 * Facebook Messaging Rules), from the same reply-window helper the core
 * refuses by, on the server's clock as the panel knows it.
 */

/** The My Chats column: time left to reply ("23h", "6d", "41m"), "closed", or '' where there is no window. */
export function windowShort(c: Conversation, now: number): string {
  const w = replyWindow(c, now);
  if (w.kind === 'none' || c.status === 'closed') return '';
  if (w.kind === 'closed') return c.channel === 'whatsapp' ? 'tmpl' : 'shut';
  const left = w.closesAt - now;
  return left >= 24 * 3600_000 ? `${Math.floor(left / (24 * 3600_000))}d` : left >= 3600_000 ? `${Math.floor(left / 3600_000)}h` : `${Math.max(1, Math.floor(left / 60_000))}m`;
}

/** The card's words for the window, or null where the channel has none. */
export function windowText(c: Conversation, now: number): string | null {
  const w = replyWindow(c, now);
  if (w.kind === 'none' || c.status === 'closed') return null;
  if (w.kind === 'open') return `${c.channel === 'whatsapp' ? 'WhatsApp' : 'Facebook'} window ${timeLeftText(w.closesAt - now)} left${w.tag ? ' (HUMAN_AGENT tag)' : ''}`;
  return c.channel === 'whatsapp' ? 'WhatsApp window closed: templates only' : 'Facebook: 7 days passed, cannot reply';
}

export type ComposeRule =
  /** Free text, with what the title adds (an SMS's segments, Facebook's tag). */
  | { kind: 'text'; info: string | null }
  /** WhatsApp after 24 hours: the composer is a template picker. */
  | { kind: 'templates'; why: string }
  /** Facebook after 7 days: nothing may be sent. */
  | { kind: 'closed'; why: string };

/** What the composer of this conversation may send now, and what it says about it. */
export function composeRule(c: Conversation, now: number, draft: string): ComposeRule {
  const w = replyWindow(c, now);
  if (w.kind === 'closed') {
    const when = formatDateTime(w.lastCustomerAt);
    return c.channel === 'whatsapp'
      ? { kind: 'templates', why: `The customer last wrote ${when}, over 24 hours ago: WhatsApp takes only an approved template until they write again.` }
      : { kind: 'closed', why: `The customer last wrote ${when}, over 7 days ago: Facebook lets you write again only after they do.` };
  }
  if (c.channel === 'sms') return { kind: 'text', info: draft ? smsInfo(draft) : 'SMS' };
  if (w.kind === 'open' && w.tag) return { kind: 'text', info: `sent with the HUMAN_AGENT tag · ${timeLeftText(w.closesAt - now)} left` };
  if (w.kind === 'open') return { kind: 'text', info: `${timeLeftText(w.closesAt - now)} left to reply` };
  return { kind: 'text', info: null };
}

/** "2 SMS · 146 left · Unicode": how the draft will be billed. */
export function smsInfo(text: string): string {
  const n = countSms(text);
  return `${n.segments} SMS · ${n.left} left${n.encoding === 'UCS-2' ? ' · Unicode' : ''}`;
}
