import { Box } from 'ink';
import React from 'react';
import type { Agent } from '../../core/model.js';
import { useCommands } from '../../keys/router.js';
import { TabStrip, type TabDef } from '../../ui/TabStrip.js';
import { useApp } from '../app-context.js';
import { useStore } from '../hooks.js';
import { useVoice, type CallsTabId } from '../voice/VoiceContext.js';
import { AgentsTab } from './calls/AgentsTab.js';
import { AlertsTab } from './calls/AlertsTab.js';
import { CallsTab } from './calls/CallsTab.js';
import { QueuesTab } from './calls/QueuesTab.js';

const ORDER: CallsTabId[] = ['calls', 'queues', 'agents', 'alerts'];

/** The Calls section: tabs Calls, Queues, Agents and Alerts, switched with ← →. */
export function CallsSection({ agent, width, height }: { agent: Agent; width: number; height: number }) {
  const { client } = useApp();
  const store = useStore(client);
  const voice = useVoice();
  const step = (n: number) => voice.setTab(ORDER[(ORDER.indexOf(voice.tab) + n + ORDER.length) % ORDER.length]!);
  useCommands('tabs', { 'tab.next': () => step(1), 'tab.prev': () => step(-1) });
  const alerts = store.get('alerts', voice.me)?.items.length ?? 0;
  const tabs: TabDef<CallsTabId>[] = [
    { id: 'calls', title: 'Calls', badge: voice.calls.length ? String(voice.calls.length) : undefined },
    { id: 'queues', title: 'Queues' },
    { id: 'agents', title: 'Agents' },
    { id: 'alerts', title: 'Alerts', badge: alerts ? String(alerts) : undefined },
  ];
  const body = height - 1;
  return (
    <Box flexDirection="column" width={width} height={height}>
      <TabStrip tabs={tabs} current={voice.tab} width={width} hint="← → tabs" />
      {voice.tab === 'calls' ? (
        <CallsTab agent={agent} width={width} height={body} />
      ) : voice.tab === 'queues' ? (
        <QueuesTab agent={agent} width={width} height={body} />
      ) : voice.tab === 'agents' ? (
        <AgentsTab agent={agent} width={width} height={body} />
      ) : (
        <AlertsTab width={width} height={body} />
      )}
    </Box>
  );
}
