import { Box, Text } from 'ink';
import React from 'react';
import type { ClientStore } from '../client/store.js';
import type { Agent } from '../core/protocol/model.js';
import { useCommands } from '../keys/router.js';
import { formatDuration } from '../ui/format.js';
import { useNow } from '../ui/hooks.js';
import { useTheme } from '../ui/ThemeContext.js';
import { useApp } from './app-context.js';

/** Lines the banner takes while the agent's phone is marked unreachable (none otherwise). */
export function deviceBannerLines(agent: Agent): number {
  return agent.deviceUnreachable ? 2 : 0;
}

/**
 * The agent's phone could not be reached when a call was offered to it (the
 * SIP side had no answer from it at all): calls go to other agents, and
 * offers to this phone wait, longer after each failure. Says why, how long
 * until the next try, and binds T to try now.
 */
export function DeviceBanner({ agent, store, width }: { agent: Agent; store: ClientStore; width: number }) {
  const theme = useTheme();
  const { act } = useApp();
  const mark = agent.deviceUnreachable;
  // The countdown runs only while there is one: a banner that shows nothing must not render each second.
  const now = store.serverNow(useNow(1000, undefined, Boolean(mark && mark.waitUntil !== null)));
  useCommands('panel', {
    'device.retry': mark ? () => void act('device.retry', {}, 'Your phone will be offered the next call.') : undefined,
  });
  if (!mark) return null;
  const phone = agent.session?.device ?? 'phone';
  // The key comes before the countdown: at 80 columns the end of the line may be cut.
  const next = mark.waitUntil !== null && mark.waitUntil > now ? `T tries now, or in ${formatDuration(mark.waitUntil - now)}` : 'T or the next call tries it';
  return (
    <Box flexDirection="column" width={width}>
      <Text color={theme.danger} bold wrap="truncate">
        {` Your ${phone} cannot be reached: calls go to others. ${next}`}
      </Text>
      <Text color={theme.danger} wrap="truncate">
        {` Why: ${mark.reason}`}
      </Text>
    </Box>
  );
}
