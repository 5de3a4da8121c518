/**
 * Semantic colour tokens. With NO_COLOR set (to anything but the empty
 * string) every token is undefined and emphasis falls back to bold, inverse
 * and underline, which work on any terminal.
 */
export interface Theme {
  color: boolean;
  accent?: string;
  muted?: string;
  success?: string;
  warning?: string;
  danger?: string;
  info?: string;
  pausedBg?: string;
  pausedFg?: string;
  selectedBg?: string;
}

const COLOURED: Theme = {
  color: true,
  accent: 'cyan',
  muted: 'gray',
  success: 'green',
  warning: 'yellow',
  danger: 'red',
  info: 'blue',
  pausedBg: 'yellow',
  pausedFg: 'black',
  selectedBg: 'blue',
};

/** No colours: what NO_COLOR asks for, and the agent's monochrome setting. */
export const PLAIN_THEME: Theme = { color: false };

export function themeFor(env: NodeJS.ProcessEnv = process.env): Theme {
  return env.NO_COLOR !== undefined && env.NO_COLOR !== '' ? PLAIN_THEME : COLOURED;
}

/** A disposition's configured colour, if colours are on. */
export function namedColor(theme: Theme, name: string | undefined): string | undefined {
  return theme.color ? name : undefined;
}
