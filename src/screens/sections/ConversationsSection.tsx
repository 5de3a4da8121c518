import { Box } from 'ink';
import React, { useState } from 'react';
import type { ConversationRow } from '../../core/protocol/conversation-rows.js';
import type { Agent, Conversation } from '../../core/protocol/model.js';
import { PRIORITY, useCommands } from '../../keys/router.js';
import { TabStrip, type TabDef } from '../../ui/TabStrip.js';
import { useApp } from '../app-context.js';
import { useDashboard, type ConversationsTab } from '../dashboard/DashboardContext.js';
import { activeFilters } from '../dashboard/filters.js';
import { useStore } from '../hooks.js';
import { useCalls } from '../calls/CallsContext.js';
import { ConversationList } from './conversations/ConversationList.js';
import { CallDetails } from './conversations/CallDetails.js';
import { ConversationLog } from './conversations/ConversationLog.js';
import { useRecordingPlayer } from './conversations/useRecordingPlayer.js';
import { SupervisorDialog, supervisorKeys, type SupervisorAct } from './conversations/SupervisorActions.js';
import { notReady, ServiceDialog, ServiceNotice } from './dashboard/ServiceNotice.js';
import { useBoundHint } from '../../ui/bound-hint.js';

/**
 * The Conversations section: Active and Closed, switched with ← →. Both
 * lists live on the server and are read a page at a time; Enter shows the
 * selected conversation's whole log, or for a call (Closed) its details. A
 * recording keeps playing while the agent moves between the list and the
 * details, and stops when the section goes.
 */
export function ConversationsSection({ agent, width, height }: { agent: Agent; width: number; height: number }) {
  const { client } = useApp();
  const store = useStore(client);
  const dash = useDashboard();
  const callsState = useCalls();
  const [showing, setShowing] = useState<ConversationRow | null>(null);
  const [acting, setActing] = useState<{ act: SupervisorAct; conversation: Conversation } | null>(null);
  const supervisor = agent.role === 'supervisor';
  const act = supervisor ? (kind: SupervisorAct, conversation: Conversation) => setActing({ act: kind, conversation }) : undefined;
  const player = useRecordingPlayer();
  const [services, setServices] = useState(false);
  const down = notReady(store.list('service'));
  const overlay = Boolean(showing) || services || Boolean(acting);
  const flip = () => dash.setConversationsTab(dash.conversationsTab === 'active' ? 'closed' : 'active');
  useCommands('tabs', { 'tab.next': flip, 'tab.prev': flip }, { active: !overlay });
  useCommands('dashboard', { 'dash.services': down.length ? () => setServices(true) : undefined }, { priority: PRIORITY.section, active: !overlay });
  const filtered = (t: ConversationsTab) => {
    const n = activeFilters(dash.conversationFilters[t]);
    return n ? `${n}f` : undefined;
  };
  const tabs: TabDef<ConversationsTab>[] = [
    { id: 'active', title: 'Active', badge: filtered('active') },
    { id: 'closed', title: 'Closed', badge: filtered('closed') },
  ];
  const tabsHint = useBoundHint([{ ids: ['tab.prev', 'tab.next'], label: 'tabs' }]);
  const fullHint = useBoundHint([
    { ids: ['tab.prev', 'tab.next'], label: 'tabs' },
    { ids: ['dash.filter'], label: 'filter' },
    { ids: ['conversations.show'], label: 'show' },
  ]);
  const body = height - 1 - (down.length ? 1 : 0);
  // The agent's refresh setting (Settings > Voice settings) paces how often a changed list is fetched again.
  const refreshMs = Math.max(1, callsState.settings.alerts.refreshSeconds) * 1000;
  return (
    <Box flexDirection="column" width={width} height={height}>
      <TabStrip tabs={tabs} current={dash.conversationsTab} width={width} hint={width >= 100 ? fullHint : tabsHint} />
      {down.length ? <ServiceNotice width={width} /> : null}
      {services ? (
        <ServiceDialog services={store.list('service')} width={Math.min(width, 72)} now={store.serverNow()} onClose={() => setServices(false)} />
      ) : null}
      {acting ? (
        <SupervisorDialog
          act={acting.act}
          conversation={store.get('conversation', acting.conversation.id) ?? acting.conversation}
          me={agent.id}
          width={width}
          height={body}
          onClose={() => setActing(null)}
        />
      ) : null}
      {showing && !services && !acting ? (
        showing.channel === 'voice' ? (
          <CallDetails row={showing} width={Math.min(width, 100)} height={body} player={player} onClose={() => setShowing(null)} />
        ) : (
          <ConversationLog
            id={showing.id}
            width={Math.min(width, 100)}
            height={body}
            onClose={() => setShowing(null)}
            live={showing.status !== 'closed'}
            actions={supervisorKeys(store.get('conversation', showing.id) ?? (showing.status !== 'closed' ? showing : null), act)}
          />
        )
      ) : null}
      {
        <ConversationList
          hidden={overlay}
          key={dash.conversationsTab}
          state={dash.conversationsTab}
          me={agent.id}
          supervisor={supervisor}
          width={width}
          height={body}
          refreshMs={refreshMs}
          onShow={setShowing}
          onAct={act}
          player={player}
        />
      }
    </Box>
  );
}
