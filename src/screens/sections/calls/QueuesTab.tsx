import { Box } from 'ink';
import React from 'react';
import type { Agent } from '../../../core/protocol/model.js';
import { PRIORITY, useCommands } from '../../../keys/router.js';
import { useNow } from '../../../ui/hooks.js';
import { SearchField } from '../../../ui/SearchField.js';
import { useSearchableList } from '../../../ui/use-searchable-list.js';
import { useApp } from '../../app-context.js';
import { useFollow, useStore } from '../../hooks.js';
import { queueMatches, shownQueues } from '../../calls/queues.js';
import { useCalls } from '../../calls/CallsContext.js';
import { QueueTable } from './QueueTable.js';

const SHOW: Record<string, string> = { mine: 'my queues', all: 'all queues', custom: 'custom list' };

/** The Queues tab: the queues Voice settings choose, searchable by name or number. */
export function QueuesTab({ agent, width, height }: { agent: Agent; width: number; height: number }) {
  const { client } = useApp();
  const store = useStore(client);
  const callsState = useCalls();
  // MWT is drawn from the statistics events; the agent's refresh setting paces how often it is redrawn.
  const now = store.serverNow(useNow(callsState.settings.alerts.refreshSeconds * 1000));
  const all = shownQueues(store.catalog, callsState.settings, agent.session?.voiceQueues ?? []);
  // The panel follows its own queues' figures anyway; others only while this tab shows them.
  const others = callsState.settings.queues.show === 'mine' ? [] : all.map((q) => q.number);
  useFollow(client, 'stats', others.length ? { view: 'queues-tab', voiceQueues: others } : null);
  const list = useSearchableList((q) => all.filter((queue) => queueMatches(queue, q)), Math.max(1, height - 4));
  const { query, rows: queues, selected } = list;
  useCommands('queues', list.commands, { priority: PRIORITY.section });
  return (
    <Box flexDirection="column" width={width} paddingX={1}>
      <SearchField
        {...list.field}
        width={width - 2}
        what="by queue name or number"
        count={[`${queues.length} of ${all.length}`, SHOW[callsState.settings.queues.show], `MWT red from ${callsState.settings.alerts.mwtThresholdMinutes} min`]}
      />
      <QueueTable
        queues={queues}
        stats={(n) => store.get('queueStats', n)}
        now={now}
        thresholdMinutes={callsState.settings.alerts.mwtThresholdMinutes}
        width={width - 2}
        height={height - 2}
        selected={selected}
        empty={query ? `No queue matches "${query}".` : 'No queues to show: see Settings > Voice settings > Queues.'}
      />
    </Box>
  );
}
