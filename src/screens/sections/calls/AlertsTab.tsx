import { Box, Text } from 'ink';
import React, { useState } from 'react';
import { PRIORITY, useCommands } from '../../../keys/router.js';
import { markerKeys, useBoundKeys } from '../../../ui/bound-hint.js';
import { Dialog } from '../../../ui/Dialog.js';
import { flowParts, formatClock, wrapLines } from '../../../ui/format.js';
import { useTheme } from '../../../ui/ThemeContext.js';
import { useApp } from '../../app-context.js';
import { useStore } from '../../hooks.js';
import { useCalls } from '../../calls/CallsContext.js';

/**
 * The manual's Voice Alerts: every alert with its timestamp, newest first;
 * delete all (after a question); and a way to the alert settings. Only the
 * rows that fit are drawn.
 */
export function AlertsTab({ width, height }: { width: number; height: number }) {
  const theme = useTheme();
  const { client, act } = useApp();
  const store = useStore(client);
  const callsState = useCalls();
  const [offset, setOffset] = useState(0);
  const [asking, setAsking] = useState(false);
  const list = store.get('alerts', callsState.me);
  const items = [...(list?.items ?? [])].sort((a, b) => b.at - a.at);
  const { mwtThresholdMinutes, intervalMinutes, myQueuesOnly, popup } = callsState.settings.alerts;
  // The count and the settings the alerts are raised by, wrapped between them where one line
  // does not hold them (at 60 columns it was cut to "· my qu…", the popup setting gone).
  const head = `${items.length} alert${items.length === 1 ? '' : 's'}`;
  // Broken between settings, never inside one: wrapped between words it read "· my" then "queues · popup on".
  const summary = flowParts(
    [`${head}   MWT over ${mwtThresholdMinutes} min`, `every ${intervalMinutes} min per queue`, myQueuesOnly ? 'my queues' : 'all queues', `popup ${popup ? 'on' : 'off'}`],
    Math.max(20, width - 2),
    '',
  );
  const rows = Math.max(1, height - 2 - summary.length);
  const top = Math.min(offset, Math.max(0, items.length - 1));

  useCommands(
    'alerts',
    {
      'alerts.clear': items.length > 0 ? () => setAsking(true) : undefined,
      'alerts.settings': () => {
        callsState.setSettingsPage('voice');
        callsState.goToSection('settings');
      },
      'list.up': top > 0 ? () => setOffset(top - 1) : undefined,
      'list.down': top + 1 < items.length ? () => setOffset(top + 1) : undefined,
      'list.pageUp': top > 0 ? () => setOffset(Math.max(0, top - rows)) : undefined,
      'list.pageDown': top + 1 < items.length ? () => setOffset(Math.min(items.length - 1, top + Math.max(1, Math.floor(rows / 2)))) : undefined,
    },
    { priority: PRIORITY.section, active: !asking },
  );
  // The marker names the agent's keys that scroll from here (bound only where they move).
  const keyOf = useBoundKeys();
  const scrollKeys = markerKeys([keyOf('list.up'), keyOf('list.down')]);

  if (asking)
    return (
      <Dialog
        title="Delete all alerts?"
        message={`All ${items.length} alert${items.length === 1 ? '' : 's'} will be removed from the list.`}
        confirmLabel="Delete all"
        tone="danger"
        width={Math.min(60, width)}
        onCancel={() => setAsking(false)}
        onConfirm={() => {
          setAsking(false);
          setOffset(0);
          void act('alerts.clear', {}, 'All alerts deleted.');
        }}
      />
    );

  const now = store.serverNow();
  // Alerts are sentences: each wraps under its timestamp, and only the alerts that fit are drawn.
  const stamp = Math.max(8, ...items.slice(top, top + rows).map((i) => formatClock(i.at, now).length));
  const shown: Array<{ item: (typeof items)[number]; lines: string[] }> = [];
  let used = 0;
  for (const item of items.slice(top)) {
    const lines = wrapLines([item.text], Math.max(20, width - stamp - 5));
    if (used + lines.length > rows && shown.length > 0) break;
    shown.push({ item, lines: lines.slice(0, rows) });
    used += lines.length;
  }
  return (
    <Box flexDirection="column" width={width} paddingX={1}>
      {summary.map((line, i) => (
        <Text key={i} wrap="truncate" color={theme.muted}>
          {i === 0 ? (
            <>
              <Text bold color={undefined}>
                {head}
              </Text>
              {line.slice(head.length)}
            </>
          ) : (
            line
          )}
        </Text>
      ))}
      {items.length === 0 ? (
        // Wrapped between words, not cut: the list is empty, so there is room for the whole sentence
        // (wrapLines, not Ink's wrap, which starts the next line with the space it broke at).
        wrapLines(['No alerts. One is raised when a caller waits past your MWT threshold.'], Math.max(20, width - 2)).map((line, i) => (
          <Text key={i} color={theme.muted} wrap="truncate">
            {line}
          </Text>
        ))
      ) : (
        shown.map(({ item, lines }) =>
          lines.map((line, n) => (
            <Text key={`${item.id}-${n}`} wrap="truncate">
              <Text color={theme.muted}>{n === 0 ? formatClock(item.at, now).padEnd(stamp) : ' '.repeat(stamp)}</Text>
              <Text color={theme.warning}>{n === 0 ? ' ! ' : '   '}</Text>
              {line}
            </Text>
          )),
        )
      )}
      {shown.length < items.length ? (
        <Text color={theme.muted}>
          {top + 1}-{top + shown.length} of {items.length}
          {scrollKeys ? ` (${scrollKeys})` : ''}
        </Text>
      ) : null}
    </Box>
  );
}
