import { Box, Text } from 'ink';
import React from 'react';
import type { VoiceRow } from '../../../core/protocol/conversation-rows.js';
import type { CallRecord } from '../../../core/protocol/model.js';
import { PRIORITY, useCommands } from '../../../keys/router.js';
import { useBoundHint, type HintPart } from '../../../ui/bound-hint.js';
import { formatDateTime, formatDuration, timeOfDay } from '../../../ui/format.js';
import { useTheme } from '../../../ui/ThemeContext.js';
import { useApp } from '../../app-context.js';
import { queueLabel } from '../../dashboard/conversations.js';
import { useAgentNames, useStore } from '../../hooks.js';
import { LOG_SCROLL_HINT, LogLines, LogTitle, useLogScroll, type Line } from './LogLines.js';
import type { RecordingPlayer } from './useRecordingPlayer.js';

// A call's moments are seconds apart: its details keep the seconds (in the agent's format).
const clock = (at: number) => timeOfDay(at, true);

/** The keys of the details, read from the commands bound (the agent's own): while the recording plays, and while it does not. */
const PLAYING_HINT: readonly HintPart[] = [
  { ids: ['conversations.stop'], label: 'stops' },
  { ids: ['dialog.close'], label: 'close' },
];
const DETAILS_HINT: readonly HintPart[] = [LOG_SCROLL_HINT, { ids: ['conversations.play'], label: 'play recording' }, { ids: ['dialog.close'], label: 'close' }];

const ENDED: Record<string, string> = {
  normal: 'hung up',
  transferred: 'transferred',
  failed: 'failed',
  'service-restart': 'ended by a server restart',
};

/**
 * Show conversation for a call (a voice row of Closed): there is no message
 * log, so the call's own record — who, when, how long, the disposition, the
 * feedback form's answers, a transfer, the recording. Everything comes with
 * the row (the call record); P plays the recording from here too.
 */
export function CallDetails({ row, width, height, player, onClose }: { row: VoiceRow; width: number; height: number; player: RecordingPlayer; onClose: () => void }) {
  const theme = useTheme();
  const { client } = useApp();
  const store = useStore(client);
  const r = row.call;
  const agentName = useAgentNames(client, [r.agent, r.disposition?.by, r.transfer?.kind === 'agent' ? r.transfer.to : null]);
  const lines = detailLines(r, {
    queue: `☎ ${queueLabel(store.catalog, row)}${r.queue ? ` (${r.queue})` : ''}`,
    agent: agentName,
    form: formOf(store.catalog, r),
  });
  const room = width - 4;
  const recording = r.recording;
  const playing = recording !== null && player.current?.fileId === recording.fileId;
  useCommands('dialog', { 'dialog.close': onClose }, { priority: PRIORITY.overlay, modal: true });
  useCommands(
    'conversations',
    {
      'conversations.play': recording && !playing ? () => player.toggle(recording) : undefined,
      'conversations.stop': recording && playing ? () => player.toggle(recording) : undefined,
    },
    { priority: PRIORITY.overlay + 1 },
  );
  const { at, view } = useLogScroll(lines.length, height);
  const keysHint = useBoundHint(playing ? PLAYING_HINT : DETAILS_HINT);
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={theme.accent} paddingX={1} width={width} height={height}>
      <LogTitle title={`Call ${r.id}`} total={lines.length} at={at} view={view} />
      <LogLines lines={lines} at={at} view={view} room={room} />
      <Box flexGrow={1} />
      <Text color={theme.muted} wrap="truncate">
        {playing ? `▶ playing with ${player.current!.player} · ${keysHint}` : keysHint}
      </Text>
    </Box>
  );
}

/** The call's details, a line each, in the order an agent reads them. */
export function detailLines(r: CallRecord, names: { queue: string; agent: (n: string) => string; form: { title: string; labels: Record<string, string> } | null }): Line[] {
  const lines: Line[] = [];
  const via = r.erg ? ` via ${r.erg}` : '';
  lines.push({ text: `${names.queue}${via} · ${r.direction === 'inbound' ? 'Inbound' : 'Outbound'} · agent ${names.agent(r.agent)}`, tone: 'muted' });
  lines.push({ text: r.caller.name ? `${r.caller.name} ${r.caller.number}` : r.caller.number, tone: 'bold' });
  lines.push({ text: `${r.direction === 'inbound' ? 'Arrived' : 'Dialled'} ${formatDateTime(r.arrivedAt).slice(0, 10)} ${clock(r.arrivedAt)} · answered ${clock(r.answeredAt)} · ended ${clock(r.endedAt)}` });
  lines.push({
    text: `Waited ${formatDuration(r.waitMs)} · talked ${formatDuration(r.talkMs)}${r.holdMs ? ` · on hold ${formatDuration(r.holdMs)}` : ''}${
      r.endCause ? ` · ${ENDED[r.endCause] ?? r.endCause}` : ''
    }`,
  });
  if (r.transfer) lines.push({ text: `Transferred to ${r.transfer.kind === 'agent' ? names.agent(r.transfer.to) : r.transfer.kind === 'queue' ? `queue ${r.transfer.to}` : r.transfer.to}` });
  if (r.transferredFrom) lines.push({ text: `Transferred in${r.transferredFromQueue ? ` from queue ${r.transferredFromQueue}` : ''} (call ${r.transferredFrom})`, tone: 'muted' });
  lines.push(
    r.disposition
      ? { text: `Disposition: ${r.disposition.name} (${r.disposition.code}) by ${names.agent(r.disposition.by)} at ${clock(r.disposition.at)}`, tone: 'accent' }
      : { text: 'No disposition', tone: 'muted' },
  );
  if (r.form) {
    lines.push({ text: names.form ? `${names.form.title}:` : 'Feedback form:', tone: 'accent' });
    for (const [key, value] of Object.entries(r.form.values)) {
      const shown = typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value);
      lines.push({ text: `  ${names.form?.labels[key] ?? key}: ${shown}` });
    }
  }
  lines.push(r.recording ? { text: `Recording ${formatDuration(r.recording.seconds * 1000)}`, tone: 'accent' } : { text: 'Not recorded', tone: 'muted' });
  return lines;
}

function formOf(catalog: ReturnType<typeof useStore>['catalog'], r: CallRecord): { title: string; labels: Record<string, string> } | null {
  const form = r.queue ? catalog?.voiceQueues.find((q) => q.number === r.queue)?.feedbackForm : r.campaign ? catalog?.campaigns.find((c) => c.id === r.campaign)?.feedbackForm : null;
  if (!form) return null;
  return { title: form.title, labels: Object.fromEntries(form.fields.map((f) => [f.name, f.label ?? f.name])) };
}
