import type { AgentLoad, Conversation } from '../../core/protocol/model.js';
import { itemWord } from './chats.js';

/**
 * A colleague's load as the transfer dialog lists it: how many of what is
 * being transferred they hold (emails for an email, chats of every chat
 * channel for a chat), then their workload. One sum called "chats" counted
 * their emails as chats, and gave an email's transfer a figure in chats.
 */
export function transferLoadText(load: AgentLoad, c: Conversation): string {
  return `${transferHeldText(load, c)} · ${load.workload}%`;
}

/** The first part of transferLoadText alone ("chats 2"), for a row with no room for the workload. */
export function transferHeldText(load: AgentLoad, c: Conversation): string {
  const held = c.channel === 'email' ? load.email : load.livechat + load.messaging;
  return `${itemWord(c)}s ${held}`;
}
