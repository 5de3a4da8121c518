import { Box, Text } from 'ink';
import React from 'react';
import stringWidth from 'string-width';
import type { ClientStore } from '../../client/store.js';
import type { Agent } from '../../core/protocol/model.js';
import { useBoundHint, type HintPart } from '../../ui/bound-hint.js';
import { formatClock, formatDuration } from '../../ui/format.js';
import { useNow } from '../../ui/hooks.js';
import { LabelledRows } from '../../ui/LabelledRows.js';
import { Meter } from '../../ui/Meter.js';
import { useTheme } from '../../ui/ThemeContext.js';
import { ScrolledPage } from './ScrolledPage.js';
import { activityHeadline, sentenceCase, statusWord } from '../agent-state-words.js';

/** Whether the agent's deskphone is registered with the SIP side (unknown under the simulator). */
function deskphone(agent: Agent): string {
  const d = agent.deviceRegistered;
  if (!d) return 'not tracked (simulated phones)';
  if (d.registered) return d.detail ? `registered (${d.detail})` : 'registered';
  return d.detail ? `not registered (${d.detail})` : 'not registered';
}

/** What Profile offers, read from the commands bound: the agent's own keys, unpause only while paused. */
const PROFILE_HINT: readonly HintPart[] = [
  { ids: ['agent.pause'], label: 'pause' },
  { ids: ['agent.unpause'], label: 'unpause' },
  { ids: ['session.logout'], label: 'log out' },
  { ids: ['app.exit'], label: 'exit (session stays)' },
];

/** "1 call", "2 calls". */
const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

/**
 * Profile: who the agent is and how they are logged in; pause, exit, log out.
 * Taller than a short terminal's body (60x16 under a banner), it scrolls
 * (ScrolledPage): cut at the bottom, its keys were out of reach.
 */
export function ProfileSection({ store, agent, width, height }: { store: ClientStore; agent: Agent; width: number; height: number }) {
  const theme = useTheme();
  const hint = useBoundHint(PROFILE_HINT);
  const now = store.serverNow(useNow(1000));
  const s = agent.session;
  const catalog = store.catalog;
  const voice = (s?.voiceQueues ?? []).map((n) => `${catalog?.voiceQueues.find((q) => q.number === n)?.name ?? n} (${n})`);
  const messaging = (s?.messagingQueues ?? []).map((id) => catalog?.messagingQueues.find((q) => q.id === id)?.name ?? id);
  const campaign = s?.campaign ? (catalog?.campaigns.find((c) => c.id === s.campaign)?.name ?? s.campaign) : 'None';
  // The header's words: on a call it said ON CALL while this row said "Available".
  const status = `${sentenceCase(statusWord(agent.status))}${agent.status === 'paused' ? ` (${agent.pauseReason ?? 'no reason'})` : ''} for ${formatDuration(now - agent.statusSince)}`;
  const headline = activityHeadline(agent, store.list('call'));
  const state = headline
    ? `${sentenceCase(headline.word)} for ${formatDuration(now - (headline.since ?? agent.activitySince))} · ${status.charAt(0).toLowerCase()}${status.slice(1)}`
    : status;
  const rows: Array<[string, string]> = [
    ['Name', agent.name],
    ['Agent number', agent.id],
    ['Role', agent.role === 'supervisor' ? 'Supervisor' : 'Agent'],
    ['State', state],
    ['Strategy', s ? `${s.strategy}${s.strategy === 'blended' ? ` (now ${s.mode})` : ''}` : '—'],
    ['Device', s?.device ?? '—'],
    ['Deskphone', deskphone(agent)],
    ['Campaign', campaign],
    ['Voice queues', voice.length ? voice.join(', ') : 'None'],
    ['Messaging queues', messaging.length ? messaging.join(', ') : 'None'],
    ['Logged in since', s ? formatClock(s.loginAt, store.serverNow()) : '—'],
  ];
  const lw = 18;
  const load = agent.load;
  const figures = ` ${load?.workload ?? 0}% · ${count(load?.livechat ?? 0, 'chat')}, ${load?.messaging ?? 0} messaging, ${load?.email ?? 0} email, ${count(load?.calls ?? 0, 'call')}`;
  // The title, the rows, the workload, a blank line and the keys.
  const lines = rows.length + 4;
  return (
    <ScrolledPage lines={lines} width={width} height={Math.max(0, height)}>
      <Box flexDirection="column" paddingX={1}>
        <Text bold>Profile</Text>
        <LabelledRows rows={rows} labelWidth={lw} valueWidth={width - lw - 3} />
        {/* The manual's Profile shows the agent's current workload: drawn as My Performance draws it. */}
        <Text wrap="truncate">
          <Text color={theme.muted}>{'Workload'.padEnd(lw)}</Text>
          {/* The figures are what is read: the meter takes the room they leave (at 80 columns it cut the calls off). */}
          <Meter value={agent.load?.workload ?? 0} max={100} width={Math.max(5, Math.min(30, width - 2 - lw - stringWidth(figures)))} />
          {figures}
        </Text>
        <Text> </Text>
        {/* Written by hand it named p, u, L and Q to an agent who had moved them, and u while not paused. */}
        <Text color={theme.muted}>{hint}</Text>
      </Box>
    </ScrolledPage>
  );
}
