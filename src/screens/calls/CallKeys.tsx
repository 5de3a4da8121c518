import { useApp } from '../app-context.js';
import { useStore } from '../hooks.js';
import { PRIORITY, useCommands, type Applies } from '../../keys/router.js';
import { hotkeyTarget, outcomesOf } from './calls.js';
import { useCalls } from './CallsContext.js';
import { useDialer } from '../dialer/DialerContext.js';
import { offeredDispositions, whyNotOffered } from './offered-dispositions.js';

/**
 * Keys that work wherever the agent is in the panel: the disposition hotkeys
 * and the HK list. A hotkey is bound only while an answered or ended
 * queue/dialer call owes a disposition (the manual: otherwise nothing
 * happens), and acts on the selected call if it owes one, else the oldest.
 */
export function CallKeys() {
  const { client } = useApp();
  const store = useStore(client);
  const callsState = useCalls();
  const { hotkey, applies } = useDispositionHotkey();
  const hasContext = Boolean(callsState.selected?.queue || callsState.selected?.campaign || store.myAgent()?.session?.voiceQueues.length || store.myAgent()?.session?.campaign);
  useCommands(
    'calls',
    {
      'disposition.hotkey': hotkey,
      'call.hotkeys': hasContext ? () => callsState.setHotkeysOpen(true) : undefined,
    },
    // Above the panel's own keys (so the footer offers hotkeys first), below any section's.
    { priority: PRIORITY.screen + 5, applies },
  );
  return null;
}

/**
 * What a disposition hotkey does now: submit the disposition of that digit
 * for the call that owes one, or undefined while no call does (the key is
 * then not bound). The HK list binds it too, since it tells the agent a
 * digit submits. `applies` gives the digits of the dispositions offered for
 * that call (the rule the chips and the HK list follow), so the footer and
 * help offer those and not 0-9; the other digits only say why they do nothing.
 */
export function useDispositionHotkey(): { hotkey: ((key?: string) => void) | undefined; applies: Applies | undefined } {
  const { client, toast } = useApp();
  const store = useStore(client);
  const callsState = useCalls();
  const dialer = useDialer();
  const target = hotkeyTarget(callsState.calls, callsState.selected?.id ?? null);
  const outcomes = target ? outcomesOf(store.catalog, target) : null;
  if (!target || !outcomes || outcomes.dispositions.length === 0) return { hotkey: undefined, applies: undefined };
  const digits = offeredDispositions(outcomes).flatMap((d) => (d.hotkey ? [d.hotkey] : []));
  const applies: Applies = { 'disposition.hotkey': digits };
  const hotkey = (key?: string) => {
    if (!key) return;
    const chosen = outcomes.dispositions.find((d) => d.hotkey === key);
    if (!chosen) {
      toast(`No disposition has hotkey ${key} in ${outcomes.name}.`, 'warning');
      return;
    }
    // The server would refuse it (a queue call has no lead to call back or dial again): say why now, send nothing.
    const refusal = whyNotOffered(outcomes, chosen);
    if (refusal) {
      toast(refusal.message, 'warning');
      return;
    }
    // A dialer call's callback asks for its time, DNC for confirmation, before it is sent.
    dialer.dispose({ call: target }, chosen, { hotkey: key });
  };
  return { hotkey, applies };
}

/** What the HK list shows: the selected call's queue or campaign, or else every queue and campaign of the session. */
export function hotkeyGroups(store: ReturnType<typeof useStore>, selected: ReturnType<typeof useCalls>['selected']) {
  if (selected && (selected.queue || selected.campaign)) return [outcomesOf(store.catalog, selected)];
  const session = store.myAgent()?.session;
  const groups = (session?.voiceQueues ?? []).map((q) => outcomesOf(store.catalog, { queue: q, campaign: null, direction: 'inbound' }));
  if (session?.campaign) groups.push(outcomesOf(store.catalog, { queue: null, campaign: session.campaign, direction: 'outbound' }));
  return groups;
}
