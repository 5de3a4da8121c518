import { Box, Text } from 'ink';
import React from 'react';
import type { Call } from '../../core/protocol/model.js';
import { PRIORITY, useCommands } from '../../keys/router.js';
import { useBoundKeys } from '../../ui/bound-hint.js';
import { formatDuration, pad, textWidth } from '../../ui/format.js';
import { useNow } from '../../ui/hooks.js';
import { useTheme } from '../../ui/ThemeContext.js';
import { useApp } from '../app-context.js';
import { useStore } from '../hooks.js';
import { ringingForMe, ringingFrom } from './calls.js';
import { useCalls } from './CallsContext.js';
import { declinedMessage } from './decline-outcome.js';

/**
 * A call ringing for the agent is the loudest thing on every screen: a
 * full-width bar under the navigation with the caller, the queue (and ring
 * group) and the keys, whatever section, dialog or text box the agent is in.
 * Its keys sit above every other layer, dialogs included; a focused text box
 * still takes `a` and `x`, so the bar then offers Ctrl+Y and Ctrl+X, which it
 * does not take.
 */
export function RingingBar({ width }: { width: number }) {
  const { client, act } = useApp();
  const store = useStore(client);
  const callsState = useCalls();
  const theme = useTheme();
  const ringing = callsState.calls.filter((c) => ringingForMe(c, callsState.me));
  // The one the agent chose in the Calls tab, when it rings for them; else the first to ring.
  const call: Call | undefined = callsState.selected && ringingForMe(callsState.selected, callsState.me) ? callsState.selected : ringing[0];
  // The ring time runs only while something rings: a bar that shows nothing must not render each second.
  const now = store.serverNow(useNow(1000, undefined, call !== undefined));
  useCommands(
    'ringing',
    {
      'call.answer': call ? () => void act('call.answer', { callId: call.id }) : undefined,
      'call.decline': call ? () => void act('call.hangup', { callId: call.id }, declinedMessage(call, store.catalog)) : undefined,
    },
    { priority: PRIORITY.urgent },
  );
  // The agent's own keys, as the footer names them: in a focused text box the ones it does not type (Ctrl+Y, Ctrl+X).
  const keyOf = useBoundKeys();
  if (!call) return null;
  const { who, queue } = ringingFrom(call, store.catalog);
  const more = ringing.length > 1 ? ` (+${ringing.length - 1} more)` : '';
  const answerKey = keyOf('call.answer');
  const declineKey = keyOf('call.decline');
  const keys = ` ${[answerKey ? `${answerKey} answer` : '', declineKey ? `${declineKey} decline` : ''].filter(Boolean).join('  ')} `;
  const ringTime = formatDuration(now - (call.offers.find((o) => o.agent === callsState.me)?.at ?? call.arrivedAt));
  const lead = ` ☎ RINGING ${ringTime}  ${who}`;
  const room = Math.max(0, width - textWidth(keys));
  // Short of room, the ring group goes first, then the queue, each whole: cut, they read "→ Suppo…" and "Sales…".
  // Then the word RINGING (the header says it too, the ☎ and the bar's colour stay): who calls and the keys
  // stay, and only a caller too long for the bar even so is cut.
  const via = call.erg ? ` via ${call.erg}` : '';
  const shortest = ` ☎ ${ringTime}  ${who}`;
  const info = [`${lead} → ${queue}${via}${more}`, `${lead} → ${queue}${more}`, `${lead}${more}`, lead, `${shortest}${more}`].find((text) => textWidth(text) <= room) ?? shortest;
  // Cut and filled by terminal columns: a caller's name in Japanese takes two a character.
  const left = pad(info, room);
  return (
    <Box width={width} height={1}>
      <Text backgroundColor={theme.danger} color={theme.color ? 'white' : undefined} inverse={!theme.color} bold wrap="truncate">
        {left}
        <Text underline={!theme.color}>{keys}</Text>
      </Text>
    </Box>
  );
}
