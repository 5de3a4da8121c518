import type { HintPart } from '../../../ui/bound-hint.js';

/**
 * The line under a Settings page's rows while the agent is in them (Voice
 * settings, Application), read from the commands bound: the agent's own keys
 * to move, change a value, choose a custom list (only on such a row) and leave.
 * Moving is named by the keys it has left (↓ alone on the first row, ↑ on the last).
 */
export const ROWS_HINT: readonly HintPart[] = [
  { ids: ['list.up', 'list.down'], label: 'move', any: true },
  { ids: ['form.left', 'form.right'], label: 'change' },
  { ids: ['settings.choose'], label: 'choose' },
  { ids: ['settings.done'], label: 'done' },
];
