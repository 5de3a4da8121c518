import { Box, Text } from 'ink';
import React from 'react';
import type { CampaignStats } from '../../../core/protocol/model.js';
import { fit } from '../../../ui/format.js';
import { useTheme } from '../../../ui/ThemeContext.js';
import { campaignFigures, type CatalogCampaign } from '../../dialer/leads.js';

/**
 * The campaign's status line at the top of the Calls tab: abandonment rate
 * against its limit (the law the dialler keeps), leads left, calls in flight,
 * and for power campaigns the power number the dialler uses now (it lowers
 * it by itself to stay under the limit).
 */
export function CampaignStatus({ campaign, stats, width }: { campaign: CatalogCampaign | undefined; stats: CampaignStats | undefined; width: number }) {
  const theme = useTheme();
  const name = campaign?.name ?? 'Campaign';
  const figures = campaignFigures(campaign, stats);
  if (!figures)
    return (
      <Box width={width}>
        <Text wrap="truncate" color={theme.muted}>
          {' '}
          <Text bold>{fit(name, 24)}</Text> — no figures yet
        </Text>
      </Box>
    );
  return (
    <Box width={width}>
      <Text wrap="truncate" color={theme.muted}>
        {' '}
        <Text bold color={undefined}>
          {fit(name, 20)}
        </Text>
        {` ${campaign!.strategy}  `}
        <Text color={figures.over ? theme.danger : undefined} bold={figures.over} inverse={figures.over && !theme.color}>
          abandoned {figures.abandoned} of {figures.limit}
        </Text>
        {`  ${figures.leadsLeft} lead${figures.leadsLeft === 1 ? '' : 's'} left  ${figures.inFlight} in flight`}
        {figures.power ? `  power ${figures.power}` : ''}
      </Text>
    </Box>
  );
}
