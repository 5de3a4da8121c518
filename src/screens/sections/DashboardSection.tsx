import { Box } from 'ink';
import React, { useState } from 'react';
import type { Agent } from '../../core/protocol/model.js';
import { PRIORITY, useCommands } from '../../keys/router.js';
import { useNow } from '../../ui/hooks.js';
import { TabStrip, type TabDef } from '../../ui/TabStrip.js';
import { useApp } from '../app-context.js';
import { useDashboard, type DashboardTab } from '../dashboard/DashboardContext.js';
import { activeFilters } from '../dashboard/filters.js';
import { useStore } from '../hooks.js';
import { AgentsDashboard } from './dashboard/AgentsDashboard.js';
import { MyPerformance } from './dashboard/MyPerformance.js';
import { QueuesDashboard } from './dashboard/QueuesDashboard.js';
import { notReady, ServiceDialog, ServiceNotice } from './dashboard/ServiceNotice.js';
import { useBoundHint } from '../../ui/bound-hint.js';

const ORDER: DashboardTab[] = ['agents', 'queues', 'performance'];

/**
 * The Dashboard section: Agents, Queues and My Performance, switched with
 * ← →. Everything on it is drawn from the store, which events keep live; the
 * clock only advances the timers (time in state, MWT) once a second.
 */
export function DashboardSection({ agent, width, height }: { agent: Agent; width: number; height: number }) {
  const { client } = useApp();
  const store = useStore(client);
  const dash = useDashboard();
  const now = store.serverNow(useNow(1000));
  const [services, setServices] = useState(false);
  const down = notReady(store.list('service'));
  const step = (n: number) => dash.setTab(ORDER[(ORDER.indexOf(dash.tab) + n + ORDER.length) % ORDER.length]!);
  useCommands('tabs', { 'tab.next': () => step(1), 'tab.prev': () => step(-1) }, { active: !services });
  useCommands('dashboard', { 'dash.services': down.length ? () => setServices(true) : undefined }, { priority: PRIORITY.section, active: !services });
  const supervisor = agent.role === 'supervisor';
  const filtered = (n: number) => (n ? `${n}f` : undefined);
  const tabs: TabDef<DashboardTab>[] = [
    { id: 'agents', title: 'Agents', badge: filtered(activeFilters(dash.agentFilters)) },
    { id: 'queues', title: 'Queues', badge: filtered(activeFilters(dash.queueFilters)) },
    { id: 'performance', title: 'My Performance' },
  ];
  // My Performance binds neither f nor i, so the line offers them only on Agents and Queues.
  const tabsHint = useBoundHint([{ ids: ['tab.prev', 'tab.next'], label: 'tabs' }]);
  const fullHint = useBoundHint([
    { ids: ['tab.prev', 'tab.next'], label: 'tabs' },
    { ids: ['dash.filter'], label: 'filter' },
    { ids: ['dash.columnInfo'], label: 'columns' },
  ]);
  const body = height - 1 - (down.length ? 1 : 0);
  const props = { me: agent.id, supervisor, width, height: body, now };
  return (
    <Box flexDirection="column" width={width} height={height}>
      <TabStrip tabs={tabs} current={dash.tab} width={width} hint={width >= 100 ? fullHint : tabsHint} />
      {down.length ? <ServiceNotice width={width} /> : null}
      {services ? (
        <ServiceDialog services={store.list('service')} width={Math.min(width, 72)} now={now} onClose={() => setServices(false)} />
      ) : dash.tab === 'agents' ? (
        <AgentsDashboard {...props} />
      ) : dash.tab === 'queues' ? (
        <QueuesDashboard {...props} />
      ) : (
        <MyPerformance me={agent.id} width={width} height={body} now={now} />
      )}
    </Box>
  );
}
