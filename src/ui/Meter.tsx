import { Text } from 'ink';
import React from 'react';
import { useTheme } from './ThemeContext.js';

/**
 * A horizontal meter: the used part solid, the rest a light track, so it
 * reads without colour too. Used for workload (used vs remaining units).
 */
export function Meter({ value, max, width, tone = 'danger' }: { value: number; max: number; width: number; tone?: 'danger' | 'warning' | 'accent' | 'success' }) {
  const theme = useTheme();
  const cells = Math.max(1, width);
  const share = max > 0 ? Math.min(1, Math.max(0, value / max)) : 0;
  // Anything above zero shows at least one cell: a little load is not no load.
  const used = value > 0 ? Math.max(1, Math.round(share * cells)) : 0;
  return (
    <Text>
      <Text color={theme[tone]}>{'█'.repeat(used)}</Text>
      <Text color={theme.muted}>{'░'.repeat(cells - used)}</Text>
    </Text>
  );
}
