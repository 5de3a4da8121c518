import { Box, Text } from 'ink';
import React, { useState } from 'react';
import { command, keyHint } from '../../keys/registry.js';
import { PRIORITY, useCommands } from '../../keys/router.js';
import { wrapLines } from '../../ui/format.js';
import { useBoundKeys } from '../../ui/bound-hint.js';
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
  height,
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
  /** The rows it may take: fewer than it needs (60x16 under banners), it shortens so that its keys stay on screen. */
  height: number;
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
  const windowText = outside && callingWindow ? `Outside the calling hours (${callingWindow.start} to ${callingWindow.end} for the lead): no call then.` : '';
  const earliestText = outside ? `The earliest after it: ${shortStamp(outside.earliest, now)} your time, ${leadLocalTime({ timeZone: timeZone! }, outside.earliest)} for the lead.` : '';
  // Short of rows, the blank line goes first, then the line on how to type a time, then the reasons wrapped
  // (one line each, cut), then when the window opens; the field, what it reads as and the keys always stay.
  const wrappedRows = windowText ? wrapLines([windowText, earliestText], width - 6).length : 0;
  const steps = [
    { blank: true, hint: true, reasons: wrappedRows },
    { blank: false, hint: true, reasons: wrappedRows },
    { blank: false, hint: false, reasons: wrappedRows },
    { blank: false, hint: false, reasons: windowText ? 2 : 0 },
    { blank: false, hint: false, reasons: windowText ? 1 : 0 },
  ];
  // Border, title, field, what it reads as (or why not) and the keys: 6.
  const fit = steps.find((st) => 6 + Number(st.blank) + Number(st.hint) + st.reasons <= height) ?? steps.at(-1)!;
  const wrapReasons = fit.reasons === wrappedRows;
  useCommands(
    'dialog',
    {
      'callbackTime.set': 'at' in parsed && !outside ? () => onSet(parsed.at) : undefined,
      'callbackTime.cancel': onCancel,
    },
    { priority: PRIORITY.overlay + 10, modal: true },
  );
  // The agent's own keys; while the time cannot be taken Set is not bound, and its key is drawn greyed.
  const keyOf = useBoundKeys();
  const setKey = keyOf('callbackTime.set') ?? keyHint(command('callbackTime.set'));
  const cancelKey = keyOf('callbackTime.cancel') ?? keyHint(command('callbackTime.cancel'));
  return (
    <Box flexDirection="column" borderStyle="double" borderColor={theme.accent} paddingX={1} width={width}>
      <Text bold wrap="truncate">
        {title} — {who}
      </Text>
      {fit.hint ? (
        <Text wrap="truncate" color={theme.muted}>
          HH:MM on your clock, or +minutes (+90, +2h); typing replaces it.
        </Text>
      ) : null}
      {/* Above this dialog's own keys, so typing goes into the field. */}
      <TextField label="Call back at" labelWidth={14} width={width - 4} value={entry} onChange={change} focused priority={PRIORITY.overlay + 20} />
      {'at' in parsed ? (
        <Text wrap="truncate" color={outside ? theme.danger : theme.success} bold={Boolean(outside) && !theme.color}>
          {'  '}= {shortStamp(parsed.at, now)} your time ({fromNow(parsed.at, now)})
          {timeZone ? ` · ${leadLocalTime({ timeZone }, parsed.at)} for the lead (${timeZone})` : ''}
        </Text>
      ) : null}
      {windowText ? (
        // Indented as a whole, so a line wrapped on a narrow terminal stays under the time it is about.
        <Box paddingLeft={2} flexDirection="column">
          <Text wrap={wrapReasons ? 'wrap' : 'truncate'} color={theme.danger} bold={!theme.color}>
            {windowText}
          </Text>
          {fit.reasons !== 1 ? (
            <Text wrap={wrapReasons ? 'wrap' : 'truncate'} color={theme.danger}>
              {earliestText}
            </Text>
          ) : null}
        </Box>
      ) : null}
      {'at' in parsed ? null : (
        <Text wrap="truncate" color={theme.danger} bold={!theme.color}>
          {'  '}
          {parsed.error}
        </Text>
      )}
      {fit.blank ? <Text> </Text> : null}
      <Text>
        {/* Greyed while the time cannot be taken: the key does nothing then. */}
        <Text inverse={!outside} bold={!outside} color={outside ? theme.muted : undefined}>
          {' '}
          {setKey} Set{' '}
        </Text>
        {'  '}
        <Text bold>{cancelKey}</Text> Cancel
      </Text>
    </Box>
  );
}
