import { useCallback } from 'react';
import type { NoticeKind } from '../client/settings.js';
import { useTerminal } from '../ui/terminal-host.js';
import { useApp } from './app-context.js';
import { useAppSettings } from './settings/AppSettingsContext.js';

/**
 * What must reach the agent wherever they are in the panel (a call ringing, a
 * chat assigned, a colleague's message): a toast, and — as the agent set them
 * for this kind of event (Settings > Application) — the terminal bell and an
 * OSC 9 desktop notification where the terminal supports it.
 */
export function useAnnounce(kind: NoticeKind): (text: string) => void {
  const { toast } = useApp();
  const { notices } = useAppSettings().settings;
  const { bell: ring, desktop } = notices[kind];
  const terminal = useTerminal();
  return useCallback(
    (text: string) => {
      toast(text, 'info');
      if (ring) terminal.bell();
      if (desktop) terminal.notify(text);
    },
    [toast, terminal, ring, desktop],
  );
}
