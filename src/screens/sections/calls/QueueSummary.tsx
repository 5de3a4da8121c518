import React from 'react';
import type { Agent } from '../../../core/protocol/model.js';
import { useNow } from '../../../ui/hooks.js';
import { useApp } from '../../app-context.js';
import { useStore } from '../../hooks.js';
import { useCalls } from '../../calls/CallsContext.js';
import { QueueTable } from './QueueTable.js';

/** With no call on the list, the Calls tab shows how the agent's own queues are doing. */
export function QueueSummary({ agent, width, height }: { agent: Agent; width: number; height: number }) {
  const { client } = useApp();
  const store = useStore(client);
  const callsState = useCalls();
  const mine = new Set(agent.session?.voiceQueues ?? []);
  const queues = (store.catalog?.voiceQueues ?? []).filter((q) => mine.has(q.number));
  // MWT runs only while a caller waits.
  const now = store.serverNow(useNow(1000, undefined, queues.some((q) => (store.get('queueStats', q.number)?.waiting ?? 0) > 0)));
  return (
    <QueueTable
      queues={queues}
      stats={(n) => store.get('queueStats', n)}
      now={now}
      thresholdMinutes={callsState.settings.alerts.mwtThresholdMinutes}
      width={width}
      height={height}
      selected={null}
      empty={`You work no voice queue in this session${agent.session?.campaign ? ' (outbound campaign)' : ''}.`}
    />
  );
}
