import React, { createContext, useContext, useMemo, useState } from 'react';
import type { FilterValues } from './filters.js';

export type DashboardTab = 'agents' | 'queues' | 'performance';
export type ConversationsTab = 'active' | 'closed';

export interface DashboardApi {
  tab: DashboardTab;
  setTab(tab: DashboardTab): void;
  agentFilters: FilterValues;
  setAgentFilters(f: FilterValues): void;
  queueFilters: FilterValues;
  setQueueFilters(f: FilterValues): void;
  conversationsTab: ConversationsTab;
  setConversationsTab(tab: ConversationsTab): void;
  conversationFilters: Record<ConversationsTab, FilterValues>;
  setConversationFilters(tab: ConversationsTab, f: FilterValues): void;
}

const Ctx = createContext<DashboardApi | null>(null);

/**
 * What the Dashboard and Conversations sections remember while the agent is
 * elsewhere in the panel: the tab shown and the filters applied. Leaving for
 * a call and coming back finds the view as it was.
 */
export function DashboardProvider({ children }: { children: React.ReactNode }) {
  const [tab, setTab] = useState<DashboardTab>('agents');
  const [agentFilters, setAgentFilters] = useState<FilterValues>({});
  const [queueFilters, setQueueFilters] = useState<FilterValues>({});
  const [conversationsTab, setConversationsTab] = useState<ConversationsTab>('active');
  const [conversationFilters, setAll] = useState<Record<ConversationsTab, FilterValues>>({ active: {}, closed: {} });
  const api = useMemo<DashboardApi>(
    () => ({
      tab,
      setTab,
      agentFilters,
      setAgentFilters,
      queueFilters,
      setQueueFilters,
      conversationsTab,
      setConversationsTab,
      conversationFilters,
      setConversationFilters: (t, f) => setAll((all) => ({ ...all, [t]: f })),
    }),
    [tab, agentFilters, queueFilters, conversationsTab, conversationFilters],
  );
  return <Ctx.Provider value={api}>{children}</Ctx.Provider>;
}

export function useDashboard(): DashboardApi {
  const api = useContext(Ctx);
  if (!api) throw new Error('useDashboard outside DashboardProvider');
  return api;
}
