import { useStdout } from 'ink';
import { useEffect, useState } from 'react';
import { useTicker } from './ticker.js';

/**
 * The current time, refreshed every `ms` (on the panel's one ticker where
 * there is one), for running timers. `active` false while nothing on screen
 * shows a running time: no timer runs, so an idle screen does not redraw.
 */
export function useNow(ms = 1000, clock: () => number = Date.now, active = true): number {
  const [now, setNow] = useState(clock);
  const ticker = useTicker();
  useEffect(() => {
    if (!active) return;
    setNow(clock());
    if (ticker) return ticker.subscribe(ms, () => setNow(clock()));
    const t = setInterval(() => setNow(clock()), ms);
    return () => clearInterval(t);
  }, [ms, clock, ticker, active]);
  return active ? now : clock();
}

/** Terminal size, following resizes. */
export function useTerminalSize(): { columns: number; rows: number } {
  const { stdout } = useStdout();
  const [size, setSize] = useState(() => sizeOf(stdout));
  useEffect(() => {
    // The same size again (a resize is told twice, ui/resize-redraw) renders nothing.
    const onResize = () => setSize((was) => sameSizeOr(was, sizeOf(stdout)));
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return size;
}

function sameSizeOr(was: { columns: number; rows: number }, now: { columns: number; rows: number }) {
  return now.columns === was.columns && now.rows === was.rows ? was : now;
}

function sizeOf(stdout: NodeJS.WriteStream): { columns: number; rows: number } {
  return { columns: stdout.columns || 80, rows: stdout.rows || 24 };
}
