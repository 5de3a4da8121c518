import { Box, Text, type DOMElement } from 'ink';
import React, { useRef } from 'react';
import stringWidth from 'string-width';
import type { Agent } from '../core/model.js';
import type { ClientStore } from '../client/store.js';
import { formatDuration } from '../ui/format.js';
import { useLiveSpans } from '../ui/live-clock.js';
import { useTheme } from '../ui/ThemeContext.js';
import { ChatsIndicator } from './chats/ChatsIndicator.js';
import { myCalls, owed } from './voice/calls.js';

const STATUS_WORD: Record<Agent['status'], string> = { 'logged-out': 'LOGGED OUT', available: 'AVAILABLE', paused: 'PAUSED' };
const ACTIVITY_WORD: Record<Agent['activity'], string> = {
  idle: 'idle',
  ringing: 'ringing',
  'on-call': 'on call',
  'wrap-up': 'wrap-up',
  previewing: 'previewing',
};

/**
 * Who, in what state for how long, working how: the two lines an agent reads
 * most. Working-mode indicators show the strategy (IN / OUT / BLEND) with the
 * mode currently worked highlighted.
 */
export function Header({ agent, store, width, connection }: { agent: Agent; store: ClientStore; width: number; connection: string }) {
  const theme = useTheme();
  // The two running times are kept current between renders (see ui/live-clock).
  const left = useRef<DOMElement>(null);
  const activityStyle = { color: agent.activity === 'wrap-up' ? theme.warning : theme.muted, bold: agent.activity === 'wrap-up' && !theme.color };
  const lead = stringWidth(`${agent.name} ${agent.id}  ${STATUS_WORD[agent.status]} `);
  const sinceStatus = (t: number) => formatDuration(store.serverNow(t) - agent.statusSince);
  const sinceActivity = (t: number) => formatDuration(store.serverNow(t) - agent.activitySince);
  const now = store.serverNow(
    useLiveSpans(left, (t) => [
      { offset: lead, value: sinceStatus },
      { offset: lead + stringWidth(`${sinceStatus(t)}  ${ACTIVITY_WORD[agent.activity]} `), value: sinceActivity, style: activityStyle },
    ]),
  );
  const session = agent.session;
  const statusColor = agent.status === 'available' ? theme.success : agent.status === 'paused' ? theme.warning : theme.danger;
  const campaign = session?.campaign ? (store.catalog?.campaigns.find((c) => c.id === session.campaign)?.name ?? session.campaign) : 'None';
  const indicator = (label: string, on: boolean) => (
    <Text inverse={on} bold={on} color={on ? theme.accent : theme.muted}>
      {` ${label} `}
    </Text>
  );
  const mode = session?.mode;
  // In wrap-up the agent gets no new queue call until what is owed is in: say what that is.
  const owes = agent.activity === 'wrap-up' ? [...new Set(myCalls(store.list('call'), agent.id).flatMap(owed))] : [];
  const strategy = session?.strategy;
  return (
    <Box flexDirection="column" width={width}>
      <Box justifyContent="space-between" width={width} height={1} overflow="hidden">
        <Box ref={left} flexShrink={1} overflow="hidden">
          <Text wrap="truncate">
            <Text bold>{agent.name}</Text>
            <Text color={theme.muted}> {agent.id}  </Text>
            <Text bold color={statusColor} inverse={!theme.color && agent.status !== 'available'}>
              {STATUS_WORD[agent.status]}
            </Text>
            <Text> {formatDuration(now - agent.statusSince)}  </Text>
            <Text color={activityStyle.color} bold={activityStyle.bold}>
              {ACTIVITY_WORD[agent.activity]} {formatDuration(now - agent.activitySince)}
            </Text>
          </Text>
        </Box>
        <Box flexShrink={0}>
          <Text>
            <ChatsIndicator store={store} me={agent.id} width={width} />
            {indicator('IN', strategy !== 'blended' ? mode === 'inbound' : false)}
            {indicator('OUT', strategy !== 'blended' ? mode === 'outbound' : false)}
            {indicator('BLEND', strategy === 'blended')}
            <Text color={connection === 'online' ? theme.success : theme.danger}> {connection === 'online' ? '●' : '○'}</Text>
          </Text>
        </Box>
      </Box>
      {owes.length > 0 ? (
        // What wrap-up waits for matters more than the session summary it replaces for now.
        <Text wrap="truncate" color={theme.warning} bold={!theme.color}>
          Wrap-up: owes {owes.join(' and ')} — no new queue call until {owes.length > 1 ? 'they are' : 'it is'} in
        </Text>
      ) : (
        <Text wrap="truncate" color={theme.muted}>
          Current campaign: <Text color={undefined}>{campaign}</Text>
          {/* Blended: why the agent works the mode it does comes before the queue counts, which may be cut at 80 columns. */}
          {strategy === 'blended' ? (
            <Text color={theme.accent}>
              {'   '}Blended, now {mode}
              {session?.modeReason ? `: ${session.modeReason}` : ''}
            </Text>
          ) : null}
          {'   '}Voice queues: <Text color={undefined}>{session?.voiceQueues.length ?? 0}</Text>   Messaging queues:{' '}
          <Text color={undefined}>{session?.messagingQueues.length ?? 0}</Text>
        </Text>
      )}
    </Box>
  );
}

export function PauseBanner({ agent, store, width }: { agent: Agent; store: ClientStore; width: number }) {
  const theme = useTheme();
  const box = useRef<DOMElement>(null);
  const lead = ` PAUSED — ${agent.pauseReason ?? 'no reason'} — `;
  const since = (t: number) => formatDuration(store.serverNow(t) - agent.statusSince);
  const style = { backgroundColor: theme.pausedBg, color: theme.pausedFg, inverse: !theme.color, bold: true };
  const now = store.serverNow(useLiveSpans(box, () => [{ offset: stringWidth(lead), value: since, style }]));
  const text = `${lead}${formatDuration(now - agent.statusSince)}   (u to unpause) `;
  return (
    <Box ref={box} width={width}>
      <Text backgroundColor={style.backgroundColor} color={style.color} inverse={style.inverse} bold wrap="truncate">
        {text.padEnd(width)}
      </Text>
    </Box>
  );
}
