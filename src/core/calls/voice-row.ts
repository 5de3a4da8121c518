import type { CallRecord } from '../protocol/model.js';
import type { VoiceRow } from '../protocol/conversation-rows.js';

/** A call record as a row of Conversations > Closed (see VoiceRow). */
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
