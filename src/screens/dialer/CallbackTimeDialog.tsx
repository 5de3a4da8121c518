import { Box, Text } from 'ink';
import React, { useState } from 'react';
import { PRIORITY, useCommands } from '../../keys/router.js';
import { useNow } from '../../ui/hooks.js';
import { TextField } from '../../ui/TextField.js';
import { useTheme } from '../../ui/ThemeContext.js';
import { callbackOutsideWindow, DEFAULT_CALLBACK_ENTRY, fromNow, leadLocalTime, parseCallbackTime, shortStamp, type CallingWindow } from './leads.js';

/**
 * When to call back, asked before a Callback or Personal callback disposition
 * is sent: "+60" (the default, an hour from now), "+2h" or "14:30" on the
 * agent's own clock. The answer is read back with the lead's local time, which
 * the calling window is about; a time outside that window is not taken (the
 * dialler could not call then), and the dialog says when the window opens.
 */
export function CallbackTimeDialog({
  title,
  who,
  timeZone,
  callingWindow,
  serverNow,
  width,
  onSet,
  onCancel,
}: {
  title: string;
  who: string;
  timeZone: string | null;
  /** The campaign's calling window, in the lead's time; null when unknown (then the server alone decides). */
  callingWindow: CallingWindow | null;
  serverNow: (local?: number) => number;
  width: number;
  onSet: (at: number) => void;
  onCancel: () => void;
}) {
  const theme = useTheme();
  const [entry, setEntry] = useState(DEFAULT_CALLBACK_ENTRY);
  const [touched, setTouched] = useState(false);
  // The default is there to be taken with Enter or typed over: the first key replaces it.
  const change = (value: string) => {
    if (!touched) {
      setTouched(true);
      setEntry(value.length > entry.length ? value.slice(entry.length) : '');
    } else setEntry(value);
  };
  const now = serverNow(useNow(1000));
  const parsed = parseCallbackTime(entry, now);
  const outside = 'at' in parsed && timeZone && callingWindow ? callbackOutsideWindow(parsed.at, timeZone, callingWindow) : null;
  useCommands(
    'dialog',
    {
      'callbackTime.set': 'at' in parsed && !outside ? () => onSet(parsed.at) : undefined,
      'callbackTime.cancel': onCancel,
    },
    { priority: PRIORITY.overlay + 10, modal: true },
  );
  return (
    <Box flexDirection="column" borderStyle="double" borderColor={theme.accent} paddingX={1} width={width}>
      <Text bold wrap="truncate">
        {title} — {who}
      </Text>
      <Text wrap="truncate" color={theme.muted}>
        HH:MM on your clock, or +minutes (+90, +2h); typing replaces it.
      </Text>
      {/* Above this dialog's own keys, so typing goes into the field. */}
      <TextField label="Call back at" labelWidth={14} width={width - 4} value={entry} onChange={change} focused priority={PRIORITY.overlay + 20} />
      {'at' in parsed ? (
        <Text wrap="truncate" color={outside ? theme.danger : theme.success} bold={Boolean(outside) && !theme.color}>
          {'  '}= {shortStamp(parsed.at, now)} your time ({fromNow(parsed.at, now)})
          {timeZone ? ` · ${leadLocalTime({ timeZone }, parsed.at)} for the lead (${timeZone})` : ''}
        </Text>
      ) : null}
      {outside && callingWindow ? (
        // Indented as a whole, so a line wrapped on a narrow terminal stays under the time it is about.
        <Box paddingLeft={2} flexDirection="column">
          <Text wrap="wrap" color={theme.danger} bold={!theme.color}>
            Outside the calling hours ({callingWindow.start} to {callingWindow.end} for the lead): no call then.
          </Text>
          <Text wrap="wrap" color={theme.danger}>
            The earliest after it: {shortStamp(outside.earliest, now)} your time, {leadLocalTime({ timeZone: timeZone! }, outside.earliest)} for the lead.
          </Text>
        </Box>
      ) : null}
      {'at' in parsed ? null : (
        <Text wrap="truncate" color={theme.danger} bold={!theme.color}>
          {'  '}
          {parsed.error}
        </Text>
      )}
      <Text> </Text>
      <Text>
        {/* Greyed while the time cannot be taken: Enter does nothing then. */}
        <Text inverse={!outside} bold={!outside} color={outside ? theme.muted : undefined}>
          {' '}
          Enter Set{' '}
        </Text>
        {'  '}
        <Text bold>Esc</Text> Cancel
      </Text>
    </Box>
  );
}
