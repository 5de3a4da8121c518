import type { ClientStore } from '../../client/store.js';
import type { LinePart } from '../../ui/live-clock.js';
import type { Theme } from '../../ui/theme.js';
import { chatFigures } from '../chats/chats.js';
import { waitingIn } from '../chats/waiting.js';
import { isEmail } from './EmailContext.js';

/**
 * The header's email count, beside the chats': nothing while there is no
 * email (most of a voice agent's day), else "✉2 ●3 +1" at 80 columns (my
 * emails, the manual's red count of new emails, emails waiting unassigned in
 * my queues) and "Email 2 · 3 new · 1 waiting" from 100 columns. As parts, so
 * the header can measure it before it decides what gives way.
 */
export function emailIndicator(store: ClientStore, me: string, width: number, theme: Theme): LinePart[] {
  const queues = store.myAgent()?.session?.messagingQueues ?? [];
  if (queues.length === 0) return [];
  const { assigned, unread, waiting } = chatFigures(store.list('conversation'), me, queues, waitingIn(store, isEmail), isEmail);
  if (assigned + unread + waiting === 0) return [];
  const wide = width >= 100;
  return [
    { text: wide ? ' Email ' : ' ✉', style: { color: theme.muted } },
    { text: String(assigned), style: { bold: true } },
    ...(unread > 0 ? [{ text: wide ? ` · ${unread} new` : ` ●${unread}`, style: { color: theme.danger, bold: true } }] : []),
    ...(waiting > 0 ? [{ text: wide ? ` · ${waiting} waiting` : ` +${waiting}`, style: { color: theme.warning, bold: !theme.color } }] : []),
  ];
}
