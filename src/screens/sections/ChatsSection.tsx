import { Box, Text } from 'ink';
import React from 'react';
import { PRIORITY, useCommands } from '../../keys/router.js';
import { useBoundHint } from '../../ui/bound-hint.js';
import { TabStrip } from '../../ui/TabStrip.js';
import { useTheme } from '../../ui/ThemeContext.js';
import { useApp } from '../app-context.js';
import { customerLabel, unreadCount } from '../chats/chats.js';
import { useChats, type ChatsTab } from '../chats/ChatsContext.js';
import { useStore } from '../hooks.js';
import { ConversationView } from './chats/ConversationView.js';
import { MyChatsList } from './chats/MyChatsList.js';
import { UnassignedList } from './chats/UnassignedList.js';

const LISTS_HINT = [
  { ids: ['tab.prev', 'tab.next'], label: 'lists' },
  { ids: ['chats.open'], label: 'open' },
] as const;

const ORDER: ChatsTab[] = ['mine', 'unassigned'];

/**
 * The Chats section: My Chats and Unassigned Chats (← →), Enter opens the
 * selected conversation in place of the list; Esc comes back to it.
 */
export function ChatsSection({ width, height }: { width: number; height: number }) {
  const theme = useTheme();
  const { client, act } = useApp();
  const store = useStore(client);
  const chats = useChats();
  const openConversation = chats.openId ? store.get('conversation', chats.openId) : undefined;
  const list = chats.tab === 'mine' ? chats.mine : chats.unassigned;
  const chosen = chats.selectedId(chats.tab);
  const index = Math.max(0, list.findIndex((c) => c.id === chosen));
  const current = list[index];
  const pageSize = Math.max(1, height - 4);
  const move = (to: number) => {
    const next = list[Math.max(0, Math.min(list.length - 1, to))];
    if (next) chats.select(chats.tab, next.id);
  };
  const listing = !openConversation;

  // Two lists: either arrow goes to the other one.
  const other = () => chats.setTab(ORDER[(ORDER.indexOf(chats.tab) + 1) % ORDER.length]!);
  useCommands('tabs', { 'tab.next': other, 'tab.prev': other }, { active: listing });
  // The keys that switch lists and, while a row is there to open, the one that opens it (bound-hint.ts).
  const listsHint = useBoundHint(LISTS_HINT);
  useCommands(
    'chats',
    {
      'list.up': index > 0 ? () => move(index - 1) : undefined,
      'list.down': index < list.length - 1 ? () => move(index + 1) : undefined,
      'list.pageUp': index > 0 ? () => move(index - pageSize) : undefined,
      'list.pageDown': index < list.length - 1 ? () => move(index + pageSize) : undefined,
      'chats.open': current ? () => chats.open(current.id) : undefined,
      'chats.assign':
        current && chats.tab === 'unassigned'
          ? () =>
              void act('conversation.assign', { id: current.id }, `${customerLabel(current)}'s chat is yours now.`).then((ok) => {
                // Taken to answer it: straight into the conversation, which is on My Chats from now on.
                if (!ok) return;
                chats.setTab('mine');
                chats.select('mine', current.id);
                chats.open(current.id);
              })
          : undefined,
      'chats.hide':
        current && chats.tab === 'mine' && current.status === 'closed' ? () => void act('conversation.hide', { id: current.id }, 'Hidden from My Chats.') : undefined,
    },
    { priority: PRIORITY.section, active: listing },
  );

  if (openConversation) return <ConversationView conversation={openConversation} width={width} height={height} />;

  const unread = unreadCount(chats.mine);
  const tabs = [
    { id: 'mine' as const, title: 'My Chats', badge: `${chats.mine.filter((c) => c.status !== 'closed').length}${unread ? ` ●${unread}` : ''}` },
    { id: 'unassigned' as const, title: 'Unassigned Chats', badge: chats.waiting ? String(chats.waiting) : undefined },
  ];
  const body = height - 1;
  const inner = width - 2;
  const noQueues = !store.myAgent()?.session?.messagingQueues.length;
  const listHeight = body - (noQueues ? 1 : 0);
  return (
    <Box flexDirection="column" width={width} height={height}>
      <TabStrip tabs={tabs} current={chats.tab} width={width} hint={listsHint} />
      <Box flexDirection="column" paddingX={1} height={body}>
        {noQueues ? (
          <Text color={theme.muted} wrap="truncate">
            You are in no messaging queue this session: no chat comes to you (see Profile).
          </Text>
        ) : null}
        {chats.tab === 'mine' ? (
          <MyChatsList chats={chats.mine} store={store} selected={index} width={inner} height={listHeight} focused />
        ) : (
          <UnassignedList chats={chats.unassigned} store={store} selected={index} width={inner} height={listHeight} focused waitingIn={chats.waitingIn} />
        )}
      </Box>
    </Box>
  );
}
