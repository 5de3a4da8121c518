import { Box } from 'ink';
import React from 'react';
import type { Agent } from '../../core/protocol/model.js';
import { useCommands } from '../../keys/router.js';
import { TabStrip, type TabDef } from '../../ui/TabStrip.js';
import { useApp } from '../app-context.js';
import { useStore } from '../hooks.js';
import { useCalls, type CallsTabId } from '../calls/CallsContext.js';
import { AgentsTab } from './calls/AgentsTab.js';
import { AlertsTab } from './calls/AlertsTab.js';
import { CallbacksTab } from './calls/CallbacksTab.js';
import { CampaignStatus } from './calls/CampaignStatus.js';
import { CallsTab } from './calls/CallsTab.js';
import { QueuesTab } from './calls/QueuesTab.js';
import { callbacksOf, campaignOf, isOverdue } from '../dialer/leads.js';
import { catalogAgent } from '../../core/protocol/catalog.js';
import { useBoundHint } from '../../ui/bound-hint.js';

/** Callbacks last: one ← from Calls reaches it. */
const ORDER: CallsTabId[] = ['calls', 'queues', 'agents', 'alerts', 'callbacks'];

/**
 * The Calls section: tabs Calls, Queues, Agents, Alerts and (for agents with
 * a campaign) Callbacks, switched with ← →. While the agent works a campaign
 * the Calls tab starts with the campaign's status line.
 */
export function CallsSection({ agent, width, height }: { agent: Agent; width: number; height: number }) {
  const { client } = useApp();
  const store = useStore(client);
  const callsState = useCalls();
  const hasCampaigns = Boolean(catalogAgent(store.catalog, agent.id)?.campaigns.length);
  const order = hasCampaigns ? ORDER : ORDER.filter((t) => t !== 'callbacks');
  const step = (n: number) => callsState.setTab(order[(order.indexOf(callsState.tab) + n + order.length) % order.length]!);
  useCommands('tabs', { 'tab.next': () => step(1), 'tab.prev': () => step(-1) });
  // The agent's own keys, and none while a dialog (a transfer) has the keyboard.
  const tabsHint = useBoundHint([{ ids: ['tab.prev', 'tab.next'], label: 'tabs' }]);
  const alerts = store.get('alerts', callsState.me)?.items.length ?? 0;
  const tabs: TabDef<CallsTabId>[] = [
    { id: 'calls', title: 'Calls', badge: callsState.calls.length ? String(callsState.calls.length) : undefined },
    { id: 'queues', title: 'Queues' },
    { id: 'agents', title: 'Agents' },
    { id: 'alerts', title: 'Alerts', badge: alerts ? String(alerts) : undefined },
  ];
  const campaign = agent.session?.campaign ?? null;
  if (hasCampaigns) {
    const now = store.serverNow();
    const callbacks = callbacksOf(store.list('lead'), agent.id, campaign);
    const due = callbacks.filter((l) => isOverdue(l, now)).length;
    tabs.push({ id: 'callbacks', title: 'Callbacks', badge: callbacks.length ? (due ? `${callbacks.length}, ${due} due` : String(callbacks.length)) : undefined });
  }
  const status = callsState.tab === 'calls' && campaign ? 1 : 0;
  const body = height - 1 - status;
  return (
    <Box flexDirection="column" width={width} height={height}>
      <TabStrip tabs={tabs} current={callsState.tab} width={width} hint={tabsHint} />
      {status ? <CampaignStatus campaign={campaignOf(store.catalog, campaign)} stats={store.get('campaignStats', campaign!)} width={width} /> : null}
      {callsState.tab === 'calls' ? (
        <CallsTab agent={agent} width={width} height={body} />
      ) : callsState.tab === 'callbacks' ? (
        <CallbacksTab agent={agent} width={width} height={body} />
      ) : callsState.tab === 'queues' ? (
        <QueuesTab agent={agent} width={width} height={body} />
      ) : callsState.tab === 'agents' ? (
        <AgentsTab agent={agent} width={width} height={body} />
      ) : (
        <AlertsTab width={width} height={body} />
      )}
    </Box>
  );
}
