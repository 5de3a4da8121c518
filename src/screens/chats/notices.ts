import { useEffect, useRef } from 'react';
import type { Conversation, Message } from '../../core/protocol/model.js';
import { useAnnounce } from '../announce.js';
import { useApp } from '../app-context.js';
import { useOnChange, useStore } from '../hooks.js';
import { agentName, customerLabel, queueName } from './chats.js';
import { INACTIVE_WORDS, inactiveReturnOf } from './inactive-return.js';
import { useNamedNotices } from './named-notices.js';
import { channelNoun, queueTransferOf } from './queue-transfer.js';

/** The manual's sentences. */
export const NEW_ASSIGNED_CHAT = 'You have a new assigned chat.';
export const NEW_MESSAGE = 'You have a new message';

/** What a desk's notices say: the manual words chats and emails apart. */
export interface DeskWords {
  assigned: string;
  message: string;
  /** One item newly waiting in a queue (its name), from a customer. */
  waitingOne: (queue: string, customer: string) => string;
  waitingMany: (n: number) => string;
  /** One of mine moved away by someone else (`by`, when a person did it) to an agent or a queue (`to`). */
  takenAway: (customer: string, to: string, by: string | null) => string;
  /** One transferred to me by someone else (`by`), from the agent or queue that had it (`from`; null: `by` had it). */
  transferredIn: (customer: string, by: string, from: string | null) => string;
  /**
   * One assigned to me from a queue someone else (`by`) transferred it to:
   * whose it is, its channel (`what`: "WhatsApp chat"), who had it (`from`; null: `by` had it) and the queue.
   */
  viaQueue: (customer: string, what: string, by: string, from: string | null, queue: string) => string;
  /** One assigned to me after its agent (`agent`) went inactive (`how`: "logged out") and it went back to its queue: whose it is and why it came. */
  returned: (customer: string, what: string, agent: string, queue: string, how: string) => string;
}

const movedAway = (noun: string) => (customer: string, to: string, by: string | null) =>
  `${by ? `${by} moved ${customer}'s ${noun} to ${to}` : `${customer}'s ${noun} is now with ${to}`}; it is no longer yours.`;

/** The manual's sentence, then whose it is and who transferred it: "You have a new assigned chat." alone did not say. */
export const transferredIn = (assigned: string, noun: string) => (customer: string, by: string, from: string | null) =>
  `${assigned.replace(/\.$/, ':')} ${by} transferred ${customer}'s ${noun} to you${from ? ` from ${from}` : ''}.`;

/** The manual's sentence, then whose it is, its channel, who transferred it and to which queue: the sentence alone did not say. */
export const viaQueue = (assigned: string) => (customer: string, what: string, by: string, from: string | null, queue: string) =>
  `${assigned.replace(/\.$/, ':')} ${customer}'s ${what}, which ${by} transferred${from ? ` from ${from}` : ''} to queue ${queue}.`;

/** The manual's sentence, then whose it is and why it came: its agent went inactive, and the bare sentence read as a new customer. */
export const returned = (assigned: string) => (customer: string, what: string, agent: string, queue: string, how: string) =>
  `${assigned.replace(/\.$/, ':')} ${customer}'s ${what}, returned to ${queue} when ${agent} ${how}.`;

export const CHAT_WORDS: DeskWords = {
  assigned: NEW_ASSIGNED_CHAT,
  message: NEW_MESSAGE,
  waitingOne: (queue, customer) => `New unassigned chat in ${queue}: ${customer}`,
  waitingMany: (n) => `${n} new unassigned chats in your queues`,
  takenAway: movedAway('chat'),
  transferredIn: transferredIn(NEW_ASSIGNED_CHAT, 'chat'),
  viaQueue: viaQueue(NEW_ASSIGNED_CHAT),
  returned: returned(NEW_ASSIGNED_CHAT),
};

export const EMAIL_TAKEN_AWAY = movedAway('email');

/**
 * A chat that is auto-assigned the moment it starts passes through
 * "unassigned" in the same burst of events; wait this long before saying
 * that a chat waits, so only those still waiting are announced.
 */
const WAITING_SETTLE_MS = 400;

/**
 * The chat notices that reach the agent wherever they are in the panel, as a
 * toast, the terminal bell and an OSC 9 desktop notification: a chat newly
 * assigned or transferred to them (not one they took themselves), a customer
 * message in one of their chats other than the one on screen, and a chat
 * newly waiting unassigned in one of their queues. What is there at login was
 * seen before: only what arrives afterwards is announced.
 */
export function useChatNotices({
  me,
  mine,
  unassigned,
  openId,
  active,
  include,
  words,
}: {
  me: string;
  mine: Conversation[];
  unassigned: Conversation[];
  openId: string | null;
  active: boolean;
  /** The desk's conversations: a message elsewhere is the other desk's to announce. */
  include: (c: Conversation) => boolean;
  words: DeskWords;
}): void {
  const { client } = useApp();
  const store = useStore(client);
  // Read through refs: the event listener below is made once, the agent's notice settings change any time.
  const notify = useRef({ assigned: (_: string) => {}, message: (_: string) => {}, waiting: (_: string) => {} });
  notify.current = { assigned: useAnnounce('chatAssigned'), message: useAnnounce('chatMessage'), waiting: useAnnounce('chatWaiting') };
  const said = useRef(words);
  said.current = words;
  const tellNamed = useNamedNotices();

  const assigned = useRef<Set<string> | null>(null);
  const assignedNow = mine.filter((c) => c.status !== 'closed');
  const assignedKey = assignedNow.map((c) => c.id).join(',');
  useOnChange(assignedKey, () => {
    if (assigned.current === null) {
      assigned.current = new Set(assignedNow.map((c) => c.id));
      return;
    }
    const fresh = assignedNow.filter((c) => !assigned.current!.has(c.id));
    assigned.current = new Set(assignedNow.map((c) => c.id));
    // "Assign to me" is the agent's own doing: nothing to announce.
    const news = fresh.filter((c) => !(c.assignment?.rule === 'manual' && c.assignment.by === me));
    // One someone transferred to me says whose it is and who moved it, as the conversation's own notice does.
    const transferred = news.filter((c) => c.assignment?.rule === 'direct-transfer' && c.assignment.by && c.assignment.by !== me);
    // One a colleague moved to a queue, then given to me there: said as whose, which channel and who moved it, not the bare sentence.
    const queued = news.filter((c) => !transferred.includes(c) && queueTransferOf(c, me));
    // One whose agent went inactive, given to me from its queue: said as whose and why it came.
    const returnedIn = news.filter((c) => !transferred.includes(c) && !queued.includes(c) && inactiveReturnOf(c, me));
    if (news.length > transferred.length + queued.length + returnedIn.length) notify.current.assigned(said.current.assigned);
    tellNamed([
      ...returnedIn.map((c) => {
        const t = inactiveReturnOf(c, me)!;
        return {
          agents: [t.by],
          say: () =>
            notify.current.assigned(
              said.current.returned(customerLabel(c), channelNoun(c), agentName(store, t.by, me), queueName(store.catalog, t.toQueue), INACTIVE_WORDS[t.inactive]),
            ),
        };
      }),
      ...queued.map((c) => {
        const t = queueTransferOf(c, me)!;
        const fromAgent = t.fromAgent === t.by ? null : t.fromAgent;
        return {
          agents: [t.by, fromAgent],
          say: () =>
            notify.current.assigned(
              said.current.viaQueue(customerLabel(c), channelNoun(c), agentName(store, t.by, me), fromAgent ? agentName(store, fromAgent, me) : null, queueName(store.catalog, t.toQueue)),
            ),
        };
      }),
      ...transferred.map((c) => {
        const by = c.assignment!.by!;
        const last = c.transfers.at(-1);
        // Who had it: said unless it is the one who transferred it (an agent passing on their own chat).
        const fromAgent = last?.fromAgent ?? null;
        return {
          agents: [by, fromAgent],
          say: () =>
            notify.current.assigned(
              said.current.transferredIn(
                customerLabel(c),
                agentName(store, by, me),
                fromAgent === by ? null : fromAgent ? agentName(store, fromAgent, me) : `queue ${queueName(store.catalog, last?.fromQueue ?? c.queue)}`,
              ),
            ),
        };
      }),
    ]);
  });

  const waiting = useRef<Set<string> | null>(null);
  const timers = useRef(new Set<NodeJS.Timeout>());
  useEffect(() => () => timers.current.forEach(clearTimeout), []);
  const waitingKey = unassigned.map((c) => c.id).join(',');
  useOnChange(waitingKey, () => {
    if (waiting.current === null) {
      waiting.current = new Set(unassigned.map((c) => c.id));
      return;
    }
    const fresh = unassigned.filter((c) => !waiting.current!.has(c.id)).map((c) => c.id);
    waiting.current = new Set(unassigned.map((c) => c.id));
    if (fresh.length === 0) return;
    const timer = setTimeout(() => {
      timers.current.delete(timer);
      const still = fresh.map((id) => store.get('conversation', id)).filter((c): c is Conversation => Boolean(c && c.agent === null && (c.status === 'open' || c.status === 'waiting')));
      if (still.length === 0) return;
      const first = still[0]!;
      notify.current.waiting(still.length === 1 ? said.current.waitingOne(queueName(store.catalog, first.queue), customerLabel(first)) : said.current.waitingMany(still.length));
    }, WAITING_SETTLE_MS);
    timers.current.add(timer);
  });

  // A customer writes in one of my chats that is not the one in front of me.
  const onScreen = useRef({ openId, active, include });
  onScreen.current = { openId, active, include };
  useEffect(
    () =>
      client.onEvent((event) => {
        if (event.ev !== 'message.created') return;
        const m = event.data.message as Message;
        if (m.author !== 'customer') return;
        const c = client.store.get('conversation', m.conversation);
        if (!c || c.agent !== me || !onScreen.current.include(c)) return;
        // A machine's mail (an auto-reply) is not a customer waiting for an answer.
        if (m.mail?.automatic) return;
        if (onScreen.current.active && onScreen.current.openId === c.id) return;
        notify.current.message(said.current.message);
      }),
    [client, me],
  );
}
