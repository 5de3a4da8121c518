import { useEffect } from 'react';
import { PASTE_MODE_OFF, PASTE_MODE_ON } from '../keys/bracketed-paste.js';
import { useTerminalHost } from './terminal-host.js';

/**
 * While the panel is drawn, its terminal marks what is pasted (see
 * keys/bracketed-paste), and stops when the panel ends, so that the shell the
 * agent returns to gets pastes as before.
 */
export function BracketedPasteMode(): null {
  const { write } = useTerminalHost();
  useEffect(() => {
    write(PASTE_MODE_ON);
    return () => write(PASTE_MODE_OFF);
  }, [write]);
  return null;
}
