import type { CallRecord, Conversation, Customer } from './model.js';

/**
 * An answered call as a row of Conversations > Closed: the columns a
 * conversation has (queue, id, channel, agent, customer, date, subject,
 * state; no survey), with the whole call record under `call` for Show
 * conversation and Play recording. Rows that are conversations are sent
 * whole, as before, so a client that knows only conversations still reads
 * every column.
 */
export interface VoiceRow extends Pick<Conversation, 'id' | 'subject' | 'createdAt'> {
  channel: 'voice';
  /** The voice queue's number, or the campaign's id; '' for a call dialled by hand. */
  queue: string;
  agent: string;
  customer: Customer;
  status: 'closed';
  closedAt: number;
  survey: null;
  call: CallRecord;
}

/** A row of the Conversations lists: a conversation, or (Closed) an answered call. */
export type ConversationRow = Conversation | VoiceRow;
