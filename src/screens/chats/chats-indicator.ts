import type { ClientStore } from '../../client/store.js';
import type { LinePart } from '../../ui/live-clock.js';
import type { Theme } from '../../ui/theme.js';
import { chatFigures } from './chats.js';
import { waitingIn } from './waiting.js';

const notEmail = (c: { channel: string }) => c.channel !== 'email';

/**
 * The header's chat count: "Chats 2", then unread messages and chats waiting
 * unassigned in my queues only when there are any, so the usual case costs
 * eight columns of the header's first line. Narrow, unread is the lists' red
 * "●3" ("Chats 2 ●3 1 waiting" leaves the agent's state and timers whole at
 * 80 columns); from 100 columns, "Chats 2 · 3 new · 1 waiting". Nothing for an
 * agent in no messaging queue. As parts, so the header can measure it before
 * it decides what gives way.
 */
export function chatsIndicator(store: ClientStore, me: string, width: number, theme: Theme): LinePart[] {
  const queues = store.myAgent()?.session?.messagingQueues ?? [];
  if (queues.length === 0) return [];
  const { assigned, unread, waiting } = chatFigures(store.list('conversation'), me, queues, waitingIn(store, notEmail), notEmail);
  const wide = width >= 100;
  return [
    { text: ' Chats ', style: { color: theme.muted } },
    { text: String(assigned), style: { bold: true } },
    ...(unread > 0 ? [{ text: wide ? ` · ${unread} new` : ` ●${unread}`, style: { color: theme.danger, bold: true } }] : []),
    ...(waiting > 0 ? [{ text: `${wide ? ' ·' : ''} ${waiting} waiting`, style: { color: theme.warning, bold: !theme.color } }] : []),
  ];
}
