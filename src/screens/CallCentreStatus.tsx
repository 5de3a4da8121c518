import { Text } from 'ink';
import React from 'react';
import type { ClientStore } from '../client/store.js';
import { useCommands } from '../keys/router.js';
import { useBoundKeys } from '../ui/bound-hint.js';
import { Dialog } from '../ui/Dialog.js';
import { useTheme } from '../ui/ThemeContext.js';
import { useApp } from './app-context.js';
import { useCalls } from './calls/CallsContext.js';
import { myCalls } from './calls/calls.js';
import { useDrafts } from './drafts.js';
import { forgetPlace } from './where-i-was.js';

/** The manual's Call Centre Status: the telephony side (the SIP server, say) is not ready, and its words. */
export function callCentreDown(store: ClientStore): string | null {
  const telephony = store.get('service', 'telephony');
  if (!telephony || telephony.ready) return null;
  return telephony.reason ?? 'Call center module is not ready.';
}

/**
 * The banner under the navigation while the call centre module is not ready.
 * As in the manual, acting on it logs the agent out and hangs up their calls:
 * Enter does (where no section uses Enter) and so does L, log out, while the
 * banner shows; both ask first. The banner names the key that works where
 * the agent is.
 */
export function CallCentreBanner({ reason, onAsk }: { reason: string; onAsk: () => void }) {
  const theme = useTheme();
  const keyOf = useBoundKeys();
  useCommands('panel', { 'service.logout': onAsk });
  // Enter is the sections' first (open, show...): where a section has it, log out's key (L) asks the same.
  // Either is the agent's own key, and named only where it reaches us.
  const key = keyOf('service.logout') ?? keyOf('session.logout');
  return (
    <Text color={theme.danger} bold inverse={!theme.color} wrap="truncate">
      {' '}
      {reason} {key ? <Text bold={false}>({key}: log out and hang up)</Text> : null}
    </Text>
  );
}

/** Asked before logging out on the banner's word: how many calls end, and what happens to dispositions owed. */
export function CallCentreLogoutDialog({ width, onClose }: { width: number; onClose: () => void }) {
  const { client, toast } = useApp();
  const drafts = useDrafts();
  const calls = useCalls();
  const live = myCalls(calls.calls, calls.me).filter((c) => c.state !== 'ended').length;
  const what = live === 0 ? 'You have no call to hang up.' : `${live} call${live === 1 ? '' : 's'} will be hung up.`;
  return (
    <Dialog
      title="Call center module is not ready"
      message={`Log out and hang up all your calls? ${what} A call that owes its disposition keeps it for your next login.`}
      confirmLabel="Log out and hang up"
      tone="danger"
      width={width}
      onCancel={onClose}
      onConfirm={() => {
        onClose();
        forgetPlace(drafts);
        client.logout({ hangUp: true }).then(
          (n) => toast(n > 0 ? `Logged out; ${n} call${n === 1 ? '' : 's'} hung up.` : 'Logged out.', 'success'),
          (e: Error) => toast(e.message, 'error'),
        );
      }}
    />
  );
}
