import { useCallback } from 'react';
import { useTerminal } from '../ui/terminal-host.js';
import { useApp } from './app-context.js';

/**
 * What must reach the agent wherever they are in the panel (a call ringing, a
 * chat assigned, a colleague's message): a toast, the terminal bell and an
 * OSC 9 desktop notification where the terminal supports it.
 */
export function useAnnounce(): (text: string) => void {
  const { toast } = useApp();
  const terminal = useTerminal();
  return useCallback(
    (text: string) => {
      toast(text, 'info');
      terminal.bell();
      terminal.notify(text);
    },
    [toast, terminal],
  );
}
