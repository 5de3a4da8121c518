import { Box, Text } from 'ink';
import React from 'react';
import { textWidth } from '../ui/format.js';
import { useTheme } from '../ui/ThemeContext.js';
import { SECTIONS, type SectionId } from './sections.js';

type NavLayout = { short: boolean; gap: 'padded' | 'single' };

/** The names as drawn with a layout: each padded (" Calls  Chats "), or one space apart (" Calls Chats "). */
function navText(layout: NavLayout): string {
  const names = SECTIONS.map((s) => (layout.short && 'short' in s ? s.short : s.title));
  return layout.gap === 'padded' ? names.map((n) => ` ${n} `).join('') : ` ${names.join(' ')} `;
}

/**
 * The bar at a width: the full names from 76 columns; narrower, the long ones
 * shortened (Dash, Convs), then one space apart, so every section, Settings
 * and Profile at the end included, stays in sight down to the panel's minimum
 * width (a bar cut at "S…" hid the section the agent was in).
 */
export function navLayout(width: number): NavLayout {
  const tries: NavLayout[] = [
    { short: false, gap: 'padded' },
    { short: true, gap: 'padded' },
    { short: true, gap: 'single' },
  ];
  return tries.find((t) => textWidth(navText(t)) <= width) ?? tries.at(-1)!;
}

/** The navigation bar: voice, messaging, then settings and profile. */
export function NavBar({ current, width }: { current: SectionId; width: number }) {
  const theme = useTheme();
  const layout = navLayout(width);
  return (
    <Box width={width} borderStyle="single" borderTop={false} borderLeft={false} borderRight={false} borderColor={theme.muted}>
      <Text wrap="truncate">
        {layout.gap === 'single' ? ' ' : null}
        {SECTIONS.map((s, i) => {
          const on = s.id === current;
          const name = layout.short && 'short' in s ? s.short : s.title;
          return (
            <Text key={s.id}>
              {layout.gap === 'single' && i > 0 ? ' ' : null}
              <Text inverse={on} bold={on} color={on ? theme.accent : undefined}>
                {layout.gap === 'padded' ? ` ${name} ` : name}
              </Text>
            </Text>
          );
        })}
      </Text>
    </Box>
  );
}
