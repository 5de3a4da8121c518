import { Box, Text } from 'ink';
import React from 'react';
import type { ClientStore } from '../../client/store.js';
import type { Agent } from '../../core/model.js';
import { fit, formatDuration } from '../../ui/format.js';
import { useNow } from '../../ui/hooks.js';
import { useTheme } from '../../ui/ThemeContext.js';

/** Calls: the agent's calls, and how the agent's queues are doing right now. */
export function CallsSection({ store, agent, width }: { store: ClientStore; agent: Agent; width: number }) {
  const theme = useTheme();
  const now = store.serverNow(useNow(1000));
  const calls = store.list('call').filter((c) => c.agent === agent.id && c.state !== 'ended');
  const mine = new Set(agent.session?.voiceQueues ?? []);
  const queues = (store.catalog?.voiceQueues ?? []).filter((q) => mine.has(q.number));
  const nameWidth = Math.max(12, width - 46);
  return (
    <Box flexDirection="column" paddingX={1}>
      <Text bold>Calls</Text>
      {calls.length === 0 ? (
        <Text color={theme.muted}>No calls right now. Calls offered to you appear here, then their dispositions.</Text>
      ) : (
        calls.map((c) => (
          <Text key={c.id}>
            {c.direction === 'inbound' ? '↙' : '↗'} {fit(c.caller.name ?? c.caller.number, nameWidth)} {c.state}
          </Text>
        ))
      )}
      <Text> </Text>
      {queues.length === 0 ? (
        <Text color={theme.muted}>You work no voice queue in this session{agent.session?.campaign ? ' (outbound campaign)' : ''}.</Text>
      ) : (
        <>
          <Text bold>
            {'My queues'.padEnd(nameWidth + 2)}
            {'Waiting'.padStart(8)}
            {'MWT'.padStart(8)}
            {'Idle'.padStart(6)}
            {'Busy'.padStart(6)}
            {'Paused'.padStart(8)}
          </Text>
          {queues.map((q) => {
            const s = store.get('queueStats', q.number);
            const mwt = s?.oldestWaitingSince ? formatDuration(now - s.oldestWaitingSince) : '—';
            return (
              <Text key={q.number}>
                {fit(`${q.name} (${q.number})`, nameWidth).padEnd(nameWidth + 2)}
                <Text color={s && s.waiting > 0 ? theme.warning : undefined}>{String(s?.waiting ?? 0).padStart(8)}</Text>
                {mwt.padStart(8)}
                {String(s?.idle ?? 0).padStart(6)}
                {String(s?.busy ?? 0).padStart(6)}
                {String(s?.paused ?? 0).padStart(8)}
              </Text>
            );
          })}
        </>
      )}
    </Box>
  );
}
