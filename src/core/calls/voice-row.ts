import type { CallRecord, Conversation, Customer } from '../protocol/model.js';

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

export function voiceRow(r: CallRecord): VoiceRow {
  return {
    id: r.id,
    channel: 'voice',
    queue: r.queue ?? r.campaign ?? '',
    agent: r.agent,
    customer: { id: `phone:${r.caller.number}`, name: r.caller.name ?? r.caller.number, email: null, phone: r.caller.number, ip: null, geo: null },
    // The disposition says what the call was about, as a subject does.
    subject: r.disposition?.name ?? 'Call',
    status: 'closed',
    createdAt: r.arrivedAt,
    closedAt: r.endedAt,
    survey: null,
    call: r,
  };
}
