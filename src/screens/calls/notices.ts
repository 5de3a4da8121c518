import { useRef } from 'react';
import { useOnChange } from '../hooks.js';
import type { VoiceSettings } from '../../client/settings.js';
import type { Catalog } from '../../core/protocol/catalog.js';
import type { AlertList, Call } from '../../core/protocol/model.js';
import { useTerminal } from '../../ui/terminal-host.js';
import { useAppSettings } from '../settings/AppSettingsContext.js';
import { useAnnounce } from '../announce.js';
import { useApp } from '../app-context.js';
import { callerLabel, ringingForMe } from './calls.js';
import type { ScreenPopLoader } from './screen-pop-loader.js';

/**
 * What reaches the agent wherever they are in the panel: a call ringing for
 * them (toast, bell, desktop notification), a new voice alert (toast and bell
 * when "Show popup for alerts" is on), and, with screen pop set to "browser",
 * the page of a newly answered call opened in the system browser.
 */
export function useCallNotices({
  me,
  calls,
  settings,
  alerts,
  catalog,
  pop,
}: {
  me: string;
  calls: Call[];
  settings: VoiceSettings;
  alerts: AlertList | undefined;
  catalog: Catalog | null;
  pop: ScreenPopLoader;
}): void {
  const { toast } = useApp();
  const announce = useAnnounce('call');
  const alertNotice = useAppSettings().settings.notices.alert;
  const terminal = useTerminal();

  const rung = useRef(new Set<string>());
  const ringing = calls.filter((c) => ringingForMe(c, me));
  const ringingKey = ringing.map((c) => c.id).join(',');
  useOnChange(ringingKey, () => {
    for (const call of ringing) {
      if (rung.current.has(call.id)) continue;
      rung.current.add(call.id);
      const who = callerLabel(call);
      const queue = call.queue ? (catalog?.voiceQueues.find((q) => q.number === call.queue)?.name ?? call.queue) : call.direction === 'internal' ? 'internal call' : 'direct call';
      // The ring group the caller rang tells the agent how to greet them.
      const text = `Incoming call from ${who} — ${queue}${call.erg ? ` via ${call.erg}` : ''}`;
      announce(text);
    }
  });

  // Alerts already there at login were seen before; only new ones pop up.
  const seenAlerts = useRef<Set<string> | null>(null);
  const alertKey = alerts?.items.map((i) => i.id).join(',') ?? '';
  useOnChange(alertKey, () => {
    const items = alerts?.items ?? [];
    if (seenAlerts.current === null) {
      seenAlerts.current = new Set(items.map((i) => i.id));
      return;
    }
    const fresh = items.filter((i) => !seenAlerts.current!.has(i.id));
    for (const i of fresh) seenAlerts.current.add(i.id);
    if (fresh.length === 0 || !settings.alerts.popup) return;
    const text = `Alert: ${fresh[0]!.text}${fresh.length > 1 ? ` (+${fresh.length - 1} more)` : ''}`;
    toast(text, 'warning');
    if (alertNotice.bell) terminal.bell();
    if (alertNotice.desktop) terminal.notify(text);
  });

  const opened = useRef(new Set<string>());
  const popKey = calls.filter((c) => c.screenPopUrl && c.agent === me).map((c) => `${c.id} ${c.screenPopUrl}`).join(',');
  useOnChange(`${popKey}|${settings.screenPop}`, () => {
    if (settings.screenPop !== 'browser') return;
    for (const call of calls) {
      if (!call.screenPopUrl || call.agent !== me || opened.current.has(call.id)) continue;
      opened.current.add(call.id);
      const url = pop.addressOf(call.screenPopUrl);
      const how = terminal.openInBrowser(url, (reason) => toast(reason, 'warning'));
      // One line: the URL last, where the terminal may cut it.
      toast(how === 'opened' ? `Screen pop opened in the browser — ${url}` : `Screen pop: no browser here, URL copied — ${url}`, 'info');
    }
  });
}
