import { useRef } from 'react';
import { useOnChange } from '../hooks.js';
import type { ClientStore } from '../../client/store.js';
import type { Call } from '../../core/protocol/model.js';
import { useApp } from '../app-context.js';
import { shortStamp } from './leads.js';

const OUTCOME: Record<string, string> = { 'no-answer': 'no answer', busy: 'busy', failed: 'the call failed', dropped: 'dropped' };

/**
 * A dialer call the lead never answered leaves the list at once (it owes
 * nothing): say what happened and when the lead is tried again, so the card
 * does not just vanish.
 */
export function useDialerNotices(me: string, calls: Call[], store: ClientStore): void {
  const { toast } = useApp();
  const ringing = calls.filter((c) => c.lead && c.agent === me && c.answeredAt === null && c.state !== 'ended');
  const key = ringing.map((c) => `${c.id}:${c.lead}`).join(',');
  const before = useRef(new Map<string, string>());
  useOnChange(key, () => {
    const now = new Map(ringing.map((c) => [c.id, c.lead!]));
    for (const [callId, leadId] of before.current) {
      if (now.has(callId)) continue;
      if ((store.get('call', callId)?.answeredAt ?? null) !== null) continue;
      const lead = store.get('lead', leadId);
      const outcome = lead ? OUTCOME[lead.status] : undefined;
      if (!lead || !outcome) continue;
      const then = lead.closed ? `not dialled again (${lead.closed})` : `next dial ${shortStamp(lead.nextDialAt, store.serverNow())}`;
      toast(`${lead.name}: ${outcome} — ${then}.`, 'info');
    }
    before.current = now;
  });
}
