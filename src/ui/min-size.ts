/**
 * The smallest terminal the panel is drawn in. The panel is designed for
 * 80x24; down to 60x16 the header keeps the agent's state, the navigation, a
 * list with its column heads and a few rows, the pause reasons' dialog, the
 * toast line and the footer still fit. Below it they did not: at 40x10 the
 * header lost the agent's state, a list showed one row under words of another
 * screen, and the frame was as tall as the terminal, which Ink answers by
 * clearing and scrolling the screen. There the panel says how big the
 * terminal is and how big it must be instead (screens/TooSmall.tsx).
 */
export const MIN_COLUMNS = 60;
export const MIN_ROWS = 16;

/** Whether a terminal of this size is too small to draw the panel in. */
export function tooSmall(columns: number, rows: number): boolean {
  return columns < MIN_COLUMNS || rows < MIN_ROWS;
}
