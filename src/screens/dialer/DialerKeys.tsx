import { useCommands } from '../../keys/router.js';
import { useApp } from '../app-context.js';
import { useStore } from '../hooks.js';
import { useDialer } from './DialerContext.js';
import { catalogAgent } from '../../core/protocol/catalog.js';

/**
 * The working-mode key, from every section of the panel (the IN / OUT /
 * BLEND indicators are in the header, always in view). Offered only to an
 * agent who has a campaign: without one there is nothing to switch to.
 */
export function DialerKeys() {
  const { client } = useApp();
  const store = useStore(client);
  const dialer = useDialer();
  const me = store.myAgent();
  const campaigns = catalogAgent(store.catalog, me?.id)?.campaigns.length ?? 0;
  useCommands('panel', { 'agent.mode': me?.session && campaigns > 0 && !dialer.modeOpen ? () => dialer.setModeOpen(true) : undefined });
  return null;
}
