import { Box, Text } from 'ink';
import React from 'react';
import type { ServiceState } from '../../../core/protocol/model.js';
import { PRIORITY, useCommands } from '../../../keys/router.js';
import { formatClock, wrapLines } from '../../../ui/format.js';
import { useTheme } from '../../../ui/ThemeContext.js';
import { CloseHint } from '../../../ui/CloseHint.js';

/** The manual's sentence, word for word. */
export const PARTIAL_SERVICE = 'Dashboard functionality may be affected due to partial service readiness.';

export function notReady(services: ServiceState[]): ServiceState[] {
  return services.filter((s) => !s.ready).sort((a, b) => a.id.localeCompare(b.id));
}

/** One warning line while some part of the server is not ready; the reason is behind `!`. */
export function ServiceNotice({ width }: { width: number }) {
  const theme = useTheme();
  return (
    <Text color={theme.warning} bold wrap="truncate">
      {width >= PARTIAL_SERVICE.length + 2 ? '⚠ ' : ''}
      {PARTIAL_SERVICE}
    </Text>
  );
}

const NAMES: Record<string, string> = { metrics: 'Daily statistics', telephony: 'Telephony' };

/** Which services are not ready, since when, and why (the manual's hover over the warning). */
export function ServiceDialog({ services, width, now, onClose }: { services: ServiceState[]; width: number; now: number; onClose: () => void }) {
  const theme = useTheme();
  useCommands('dialog', { 'dialog.close': onClose }, { priority: PRIORITY.overlay, modal: true });
  const down = notReady(services);
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={theme.warning} paddingX={1} width={width}>
      <Text bold>Service readiness</Text>
      {down.length === 0 ? <Text color={theme.success}>Every service is ready again.</Text> : null}
      {down.map((s) => (
        <Box key={s.id} flexDirection="column">
          <Text bold color={theme.warning} wrap="truncate">
            ⚠ {NAMES[s.id] ?? s.id} — not ready since {formatClock(s.since, now)}
          </Text>
          {wrapLines([s.reason ?? 'No reason was given.'], Math.max(10, width - 6)).map((l, i) => (
            <Text key={i}>
              {'  '}
              {l}
            </Text>
          ))}
        </Box>
      ))}
      {services
        .filter((s) => s.ready)
        .map((s) => (
          <Text key={s.id} color={theme.muted} wrap="truncate">
            ✓ {NAMES[s.id] ?? s.id} ready
          </Text>
        ))}
      <CloseHint />
    </Box>
  );
}
