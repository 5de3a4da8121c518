import React, { createContext, useContext } from 'react';
import type { Conversation } from '../../core/protocol/model.js';
import { useDesk, type ChatsApi } from '../chats/ChatsContext.js';
import { EMAIL_TAKEN_AWAY, returned, transferredIn, viaQueue, type DeskWords } from '../chats/notices.js';

/** The manual's sentences for email. */
const NEW_ASSIGNED_EMAIL = 'You have a new assigned email.';

export const EMAIL_WORDS: DeskWords = {
  assigned: NEW_ASSIGNED_EMAIL,
  message: 'You have a new email',
  waitingOne: (queue, customer) => `New unassigned email in ${queue}: ${customer}`,
  waitingMany: (n) => `${n} new unassigned emails in your queues`,
  takenAway: EMAIL_TAKEN_AWAY,
  transferredIn: transferredIn(NEW_ASSIGNED_EMAIL, 'email'),
  viaQueue: viaQueue(NEW_ASSIGNED_EMAIL),
  returned: returned(NEW_ASSIGNED_EMAIL),
};

export const isEmail = (c: Conversation) => c.channel === 'email';

const Ctx = createContext<ChatsApi | null>(null);

export function useEmail(): ChatsApi {
  const api = useContext(Ctx);
  if (!api) throw new Error('useEmail outside EmailProvider');
  return api;
}

/**
 * The email desk, kept while the agent moves between sections like the
 * chats': My Emails and Unassigned Emails, the open email, drafts, and the
 * notices (a new assigned email, a new email in a thread of mine, one newly
 * waiting in my queues) that reach the agent wherever they are.
 */
export function EmailProvider({ me, active, children }: { me: string; active: boolean; children: React.ReactNode }) {
  return <Ctx.Provider value={useDesk({ desk: 'email', me, active, include: isEmail, words: EMAIL_WORDS })}>{children}</Ctx.Provider>;
}
