import { useStdout } from 'ink';
import { useEffect, useState } from 'react';
import { useTicker } from './ticker.js';

/** The current time, refreshed every `ms` (on the panel's one ticker where there is one), for running timers. */
export function useNow(ms = 1000, clock: () => number = Date.now): number {
  const [now, setNow] = useState(clock);
  const ticker = useTicker();
  useEffect(() => {
    if (ticker) return ticker.subscribe(ms, () => setNow(clock()));
    const t = setInterval(() => setNow(clock()), ms);
    return () => clearInterval(t);
  }, [ms, clock, ticker]);
  return now;
}

/** Terminal size, following resizes. */
export function useTerminalSize(): { columns: number; rows: number } {
  const { stdout } = useStdout();
  const read = () => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
  const [size, setSize] = useState(read);
  useEffect(() => {
    const onResize = () => setSize(read());
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [stdout]);
  return size;
}
