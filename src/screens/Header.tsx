import { Box, Text, type DOMElement } from 'ink';
import React, { useRef } from 'react';
import stringWidth from 'string-width';
import type { Agent } from '../core/protocol/model.js';
import type { ClientStore } from '../client/store.js';
import { formatDuration, padEndColumns } from '../ui/format.js';
import { LiveLine, spansOf, useLiveSpans, type LinePart } from '../ui/live-clock.js';
import { useTheme } from '../ui/ThemeContext.js';
import { command, keyHint } from '../keys/registry.js';
import { useBoundKeys } from '../ui/bound-hint.js';
import { chatsIndicator } from './chats/chats-indicator.js';
import { emailIndicator } from './email/email-indicator.js';
import { myCalls, owed } from './calls/calls.js';
import { activityHeadline, statusWord } from './agent-state-words.js';
import { sessionLineLayout } from './session-line.js';

/**
 * Who, in what state for how long, working how: the two lines an agent reads
 * most. Working-mode indicators show the strategy (IN / OUT / BLEND) with the
 * mode currently worked highlighted.
 */
export function Header({ agent, store, width, connection }: { agent: Agent; store: ClientStore; width: number; connection: string }) {
  const theme = useTheme();
  const headline = activityHeadline(agent, store.list('call'));
  const sinceStatus = (t: number) => formatDuration(store.serverNow(t) - agent.statusSince);
  const sinceActivity = (t: number) => formatDuration(store.serverNow(t) - agent.activitySince);
  const headlineSince = headline?.since;
  const sinceHeadline = headlineSince === undefined ? sinceActivity : (t: number) => formatDuration(store.serverNow(t) - headlineSince);
  const statusColor = agent.status === 'available' ? theme.success : agent.status === 'paused' ? theme.warning : theme.danger;
  const state: LinePart[] = [
    ...(headline
      ? // "ON CALL 1:02  available 5:40": the activity's time first, then the status's.
        [
          { text: headline.word, style: { bold: true, color: theme[headline.tone], inverse: !theme.color } },
          { text: ' ' },
          { text: sinceHeadline, style: { bold: true } },
          { text: '  ' },
          { text: statusWord(agent.status).toLowerCase(), style: { color: statusColor } },
          { text: ' ' },
          { text: sinceStatus, style: { color: theme.muted } },
        ]
      : // "AVAILABLE 5:40  idle 5:40".
        [
          { text: statusWord(agent.status), style: { bold: true, color: statusColor, inverse: !theme.color && agent.status !== 'available' } },
          { text: ' ' },
          { text: sinceStatus },
          { text: '  ' },
          { text: 'idle ', style: { color: theme.muted } },
          { text: sinceActivity, style: { color: theme.muted } },
        ]),
  ];
  const who: LinePart = { text: agent.name, style: { bold: true } };
  const withNumber: LinePart[] = [who, { text: ` ${agent.id}  `, style: { color: theme.muted } }, ...state];
  const withName: LinePart[] = [who, { text: '  ' }, ...state];
  const session = agent.session;
  const strategy = session?.strategy;
  const mode = session?.mode;
  const chip = (label: string, on: boolean): LinePart => ({ text: ` ${label} `, style: { inverse: on, bold: on, color: on ? theme.accent : theme.muted } });
  const chips = [chip('IN', strategy !== 'blended' && mode === 'inbound'), chip('OUT', strategy !== 'blended' && mode === 'outbound'), chip('BLEND', strategy === 'blended')];
  const counts = [...chatsIndicator(store, agent.id, width, theme), ...emailIndicator(store, agent.id, width, theme)];
  const online: LinePart = { text: ` ${connection === 'online' ? '●' : '○'}`, style: { color: connection === 'online' ? theme.success : theme.danger } };
  // What gives way when the line is short of columns, one step at a time: the agent's own number (they know it), the
  // working modes not worked (the chip of the one worked stays), that chip, the chat and email counts (the sections
  // have them), then the name. The state and both its times stay whole ("available 0…" says nothing); the
  // connection's dot, two columns, stays too (a lost connection also has its banner).
  const right = (modes: LinePart[], withCounts: boolean): LinePart[] => [...(withCounts ? counts : []), ...(modes.length ? [{ text: ' ' }, ...modes] : []), online];
  const steps: Array<[LinePart[], LinePart[]]> = [
    [withNumber, right(chips, true)],
    [withName, right(chips, true)],
    [withName, right(chips.filter((c) => c.style?.inverse), true)],
    [withName, right([], true)],
    [withName, right([], false)],
    [state, right([], false)],
  ];
  const columnsOf = (parts: LinePart[]) => stringWidth(parts.map((p) => (typeof p.text === 'function' ? p.text(Date.now()) : p.text)).join(''));
  // The right side starts with one space of its own; one more between the sides, so "idle 0:02  Chats 0" reads as at
  // any width (the state running into the counts, "0:02 Chats", was one step short of giving way).
  const GUTTER = 1;
  const [line, rightParts] = steps.find(([l, r]) => columnsOf(l) + GUTTER + columnsOf(r) <= width) ?? steps.at(-1)!;
  // The two running times are kept current between renders (see ui/live-clock).
  const left = useRef<DOMElement>(null);
  const now = useLiveSpans(left, (t) => spansOf(line, t));
  const campaign = session?.campaign ? (store.catalog?.campaigns.find((c) => c.id === session.campaign)?.name ?? session.campaign) : 'None';
  // In wrap-up the agent gets no new queue call (working a campaign: no lead) until what is owed is in: say what that is.
  const owes = agent.activity === 'wrap-up' ? [...new Set(myCalls(store.list('call'), agent.id).flatMap(owed))] : [];
  const blended = strategy === 'blended' ? `Blended, now ${mode}${session?.modeReason ? `: ${session.modeReason}` : ''}` : null;
  const voiceQueues = session?.voiceQueues.length ?? 0;
  const messagingQueues = session?.messagingQueues.length ?? 0;
  const layout = sessionLineLayout({ campaign, blended, voiceQueues, messagingQueues }, width);
  return (
    <Box flexDirection="column" width={width}>
      <Box justifyContent="space-between" width={width} height={1} overflow="hidden">
        <Box ref={left} flexShrink={1} overflow="hidden">
          <Text wrap="truncate">
            <LiveLine parts={line} now={now} />
          </Text>
        </Box>
        <Box flexShrink={0}>
          <Text>
            <LiveLine parts={rightParts} now={now} />
          </Text>
        </Box>
      </Box>
      {owes.length > 0 ? (
        // What wrap-up waits for matters more than the session summary it replaces for now.
        <Text wrap="truncate" color={theme.warning} bold={!theme.color}>
          Wrap-up: owes {owes.join(' and ')} — no new {mode === 'outbound' ? 'lead' : 'queue call'} until {owes.length > 1 ? 'they are' : 'it is'} in
        </Text>
      ) : (
        <Text wrap="truncate" color={theme.muted}>
          {layout.campaignLabel}
          <Text color={undefined}>{campaign}</Text>
          {/* Blended: why the agent works the mode it does comes before the queue counts, which give way first when the line is tight. */}
          {blended ? (
            <Text color={theme.accent}>
              {'   '}
              {blended}
            </Text>
          ) : null}
          {layout.voiceQueues ? (
            <Text>
              {'   '}Voice queues: <Text color={undefined}>{voiceQueues}</Text>
            </Text>
          ) : null}
          {layout.messagingQueues ? (
            <Text>
              {'   '}Messaging queues: <Text color={undefined}>{messagingQueues}</Text>
            </Text>
          ) : null}
        </Text>
      )}
    </Box>
  );
}

export function PauseBanner({ agent, store, width }: { agent: Agent; store: ClientStore; width: number }) {
  const theme = useTheme();
  const keyOf = useBoundKeys();
  // The running time is kept current between renders (see ui/live-clock); the router's changes render the banner again.
  const box = useRef<DOMElement>(null);
  const lead = ` PAUSED — ${agent.pauseReason ?? 'no reason'} — `;
  const since = (t: number) => formatDuration(store.serverNow(t) - agent.statusSince);
  const style = { backgroundColor: theme.pausedBg, color: theme.pausedFg, inverse: !theme.color, bold: true };
  const now = store.serverNow(useLiveSpans(box, () => [{ offset: stringWidth(lead), value: since, style }]));
  // Offer only a key that works here, the agent's own: in a text box (or a dialog) a letter is not unpause, so leave it first.
  const unpauseKey = keyOf('agent.unpause');
  const how = unpauseKey ? `${unpauseKey} to unpause` : `${keyHint(command('app.back'))}, then ${keyHint(command('agent.unpause'))}, to unpause`;
  const text = `${lead}${formatDuration(now - agent.statusSince)}   (${how}) `;
  return (
    <Box ref={box} width={width}>
      <Text backgroundColor={style.backgroundColor} color={style.color} inverse={style.inverse} bold wrap="truncate">
        {padEndColumns(text, width)}
      </Text>
    </Box>
  );
}
