import { Box, Text } from 'ink';
import React from 'react';
import type { ClientStore } from '../../client/store.js';
import type { Agent } from '../../core/protocol/model.js';
import { wrapLines } from '../../ui/format.js';
import { useTheme } from '../../ui/ThemeContext.js';

export const CHANNEL_LIMIT_TEXT = 'Dialer channel limit reached. Please contact your Administrator.';

/**
 * What the panel must say under the campaign label: the manual's warning when
 * the agent was removed from the campaign while online, and the dialler's
 * channel limit. Wrapped to the width (the warning is a long sentence), so the
 * panel knows how many lines to take from the section.
 */
export function campaignNotices(agent: Agent, store: ClientStore, width: number): Array<{ text: string; first: boolean }> {
  const s = agent.session;
  if (!s?.campaign) return [];
  const notices: string[] = [];
  if (s.campaignWarning) notices.push(s.campaignWarning);
  if (store.get('campaignStats', s.campaign)?.channelLimitReached) notices.push(CHANNEL_LIMIT_TEXT);
  return notices.flatMap((n) => wrapLines([n], Math.max(20, width - 4)).map((text, i) => ({ text, first: i === 0 })));
}

export function CampaignNotices({ lines, width }: { lines: Array<{ text: string; first: boolean }>; width: number }) {
  const theme = useTheme();
  return (
    <Box flexDirection="column" width={width}>
      {lines.map((line, i) => (
        <Text key={i} wrap="truncate" color={theme.warning} bold inverse={!theme.color}>
          {line.first ? ' ⚠ ' : '   '}
          {line.text}
        </Text>
      ))}
    </Box>
  );
}
