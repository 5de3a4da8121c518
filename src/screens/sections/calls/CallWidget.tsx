import { Box, Text } from 'ink';
import React from 'react';
import type { Catalog } from '../../../core/protocol/catalog.js';
import type { Call } from '../../../core/protocol/model.js';
import { fit, formatDuration } from '../../../ui/format.js';
import { useTheme } from '../../../ui/ThemeContext.js';
import { holdMs, ringingForMe, statusWord, SURVEY_EXPLANATION, talkMs, waitMs } from '../../calls/calls.js';

/**
 * The call widget: where the call came from (queue, ERG, Post Call Survey),
 * who is on it, and its timers. Two or three lines, so that dispositions, the
 * form and the screen pop fit below it at 80x24.
 */
export function CallWidget({ call, catalog, me, now, width, showSurveyInfo }: { call: Call; catalog: Catalog | null; me: string; now: number; width: number; showSurveyInfo: boolean }) {
  const theme = useTheme();
  const queue = call.queue ? catalog?.voiceQueues.find((q) => q.number === call.queue) : undefined;
  const campaign = call.campaign ? catalog?.campaigns.find((c) => c.id === call.campaign) : undefined;
  const origin = queue ? `${queue.name} (${queue.number})` : campaign ? `Campaign ${campaign.name}` : call.direction === 'internal' ? 'Internal call' : call.direction === 'outbound' ? 'Outbound call' : 'Direct call';
  const survey = call.postCallSurvey ? ' Post Call Survey ' : '';
  const erg = call.erg ? `   ERG: ${call.erg}` : '';
  const rule = Math.max(0, width - origin.length - erg.length - survey.length - 4);
  const talk = talkMs(call, now);
  const hold = holdMs(call, now);
  const held = call.state === 'on-hold' && call.holdStartedAt !== null ? now - call.holdStartedAt : null;
  const status = statusWord(call, me);
  const ringing = ringingForMe(call, me);
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate">
        <Text color={theme.muted}>─ </Text>
        <Text bold>{origin}</Text>
        <Text>{erg}</Text>
        <Text color={theme.muted}> {'─'.repeat(rule)} </Text>
        {survey ? (
          <Text inverse color={theme.info} bold={!theme.color}>
            {survey}
          </Text>
        ) : null}
      </Text>
      <Text wrap="truncate">
        {'  '}
        {/* A caller whose number is a contact's (or linked to one) is that contact, not "Unknown caller". */}
        <Text bold>{fit(call.contact?.name ?? call.caller.name ?? 'Unknown caller', Math.max(8, width - 24))}</Text>
        {'  '}
        {call.caller.number}
      </Text>
      <Text wrap="truncate">
        {'  '}
        <Text bold color={call.state === 'on-hold' || ringing ? theme.warning : call.state === 'on-call' ? theme.success : theme.muted} inverse={!theme.color && (call.state === 'on-hold' || ringing)}>
          {held !== null ? `ON HOLD ${formatDuration(held)}` : status}
        </Text>
        <Text color={theme.muted}>   wait </Text>
        {formatDuration(waitMs(call, now))}
        {talk !== null ? (
          <>
            <Text color={theme.muted}>   talk </Text>
            {formatDuration(talk)}
            <Text color={theme.muted}>   hold </Text>
            {formatDuration(hold)}
          </>
        ) : null}
        {call.state === 'ended' && call.endCause && call.endCause !== 'normal' ? <Text color={theme.muted}>   ({call.endCause})</Text> : null}
      </Text>
      {call.progress ? (
        <Text wrap="truncate" color={theme.info}>
          {'  '}
          {call.progress}
        </Text>
      ) : null}
      {showSurveyInfo && call.postCallSurvey ? (
        <Text wrap="truncate" color={theme.info}>
          {'  (i) '}
          {SURVEY_EXPLANATION}
        </Text>
      ) : null}
    </Box>
  );
}

/** Lines the widget takes for this call. */
export function widgetRows(call: Call, showSurveyInfo: boolean): number {
  return 3 + (call.progress ? 1 : 0) + (showSurveyInfo && call.postCallSurvey ? 1 : 0);
}
