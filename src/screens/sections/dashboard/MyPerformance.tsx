import { Box, Text } from 'ink';
import React from 'react';
import { BarChart, type Bar } from '../../../ui/BarChart.js';
import { fit, formatDuration } from '../../../ui/format.js';
import { Meter } from '../../../ui/Meter.js';
import { hourAxis, Sparkline } from '../../../ui/Sparkline.js';
import { useTheme } from '../../../ui/ThemeContext.js';
import { useApp } from '../../app-context.js';
import { myPerformance, type Figures, type Performance } from '../../dashboard/performance.js';
import { ScrolledPage } from '../ScrolledPage.js';
import { useStore } from '../../hooks.js';

/** The width of the labels before the voice, queues and channels lines. */
const VOICE_LABEL = 10;

const dur = (ms: number | null) => (ms === null ? '—' : formatDuration(ms));

function Title({ children }: { children: React.ReactNode }) {
  const theme = useTheme();
  return (
    <Text bold color={theme.accent} underline={!theme.color} wrap="truncate">
      {children}
    </Text>
  );
}

function Pair({ label, value, width, labelWidth = 17 }: { label: string; value: string; width: number; labelWidth?: number }) {
  const theme = useTheme();
  return (
    <Text wrap="truncate">
      <Text color={theme.muted}>{fit(label, labelWidth).padEnd(labelWidth)}</Text>
      <Text bold>{fit(value, Math.max(0, width - labelWidth))}</Text>
    </Text>
  );
}

const timing = (f: Figures) => (f.count === 0 ? '—' : `avg ${dur(f.avg)} p90 ${dur(f.p90)}`);

/** Bars of today's conversations per queue or channel: the bar is what was new, the note adds what was closed. */
const countBars = (rows: Array<{ name: string; created: number; closed: number }>, max: number): Bar[] => {
  const bars = rows.slice(0, max).map((r) => ({ label: r.name, value: r.created, note: `${r.created} · ${r.closed} closed` }));
  if (rows.length > max) bars[bars.length - 1] = { label: `+${rows.length - max + 1} more`, value: 0, note: '' };
  return bars;
};

/**
 * Dashboard > My Performance, drawn: the workload meter (used vs remaining
 * units), capacity by channel, today's conversations (carried over / new,
 * closed, by queue and by channel), speed of answer and handling time (avg
 * and p90), a sparkline of conversations per hour, and voice beside them.
 * Two columns from 76 columns; the bars stretch with the width.
 */
export function MyPerformance({ me, width, height, now }: { me: string; width: number; height: number; now: number }) {
  const theme = useTheme();
  const { client } = useApp();
  const store = useStore(client);
  const p = myPerformance(store, me, now);
  const inner = width - 2;
  const two = inner >= 76;
  const gutter = 3;
  const left = two ? Math.floor((inner - gutter) / 2) : inner;
  const right = two ? inner - gutter - left : inner;
  // Tall terminals get a blank line between blocks; short ones need every row.
  const airy = height >= 28;

  const workloadLabel = `${p.workload}% used · ${Math.max(0, 100 - p.workload)}% left`;
  const meterWidth = Math.max(10, inner - 13 - workloadLabel.length - 1);
  const capacity: Bar[] = p.capacity.map((c) => ({ label: c.name, value: c.active, limit: c.capacity, note: `${c.active}/${c.capacity}` }));
  const peak = Math.max(...p.perHour);
  const peakLabel = ` peak ${peak}`;
  const cell = Math.max(1, Math.min(4, Math.floor((inner - 9 - peakLabel.length) / 24)));

  // Rows left for the sparkline's height once the fixed lines are placed: meter, the capacity /
  // today block, the bars (every queue and channel up to 8, the page scrolls to them), the
  // sparkline's axis, voice and the two assigned lines (and four blank lines when tall).
  const upper = two ? Math.max(1 + Math.max(1, capacity.length), 5) : 5 + 1 + Math.max(1, capacity.length);
  const barRows = Math.max(1, Math.min(8, Math.max(p.byQueue.length, two ? p.byChannel.length : 0)));
  const voice = voiceLines(p, inner);
  const fixed = 1 + upper + 1 + barRows + 1 + voice.length + 2 + (airy ? 4 : 0);
  // A tall chart of nothing is only blank lines: it grows once there is something to draw.
  const sparkHeight = airy && peak > 0 ? Math.max(1, Math.min(8, height - fixed)) : 1;
  const lines = fixed + sparkHeight;

  const capacityBlock = (
    <Box flexDirection="column" width={left}>
      <Title>Capacity by channel</Title>
      <BarChart bars={capacity} width={left} labelWidth={10} noteWidth={5} empty="No capacity configured." />
    </Box>
  );
  const todayBlock = (
    <Box flexDirection="column" width={right}>
      <Title>Conversations today</Title>
      <Pair label="Carried over/today" labelWidth={19} value={`${p.carriedOver} / ${p.created}`} width={right} />
      <Pair label="Closed" labelWidth={19} value={String(p.closed)} width={right} />
      <Pair label="Speed of answer" labelWidth={16} value={timing(p.speedOfAnswer)} width={right} />
      <Pair label="Handling time" labelWidth={16} value={timing(p.handlingTime)} width={right} />
    </Box>
  );
  const queueBars = countBars(p.byQueue, barRows);
  const channelBars = countBars(p.byChannel, barRows);
  // The figures after the bars get the room they need ("18 · 15 closed"); the bars the rest.
  const noteWidth = (bars: Bar[]) => Math.min(16, Math.max(5, ...bars.map((b) => (b.note ?? '').length)));
  const queueBlock = (
    <Box flexDirection="column" width={left}>
      <Title>By queue</Title>
      <BarChart bars={queueBars} width={left} labelWidth={12} noteWidth={noteWidth(queueBars)} empty="No conversations today." />
    </Box>
  );
  const channelBlock = (
    <Box flexDirection="column" width={right}>
      <Title>By channel</Title>
      <BarChart bars={channelBars} width={right} labelWidth={10} noteWidth={noteWidth(channelBars)} empty="No conversations today." />
    </Box>
  );
  const gap = <Box width={gutter} />;
  const space = airy ? <Text> </Text> : null;
  return (
    <ScrolledPage lines={lines} width={width} height={height}>
      <Box flexDirection="column" width={width} paddingX={1} flexShrink={0}>
        <Text wrap="truncate">
          <Text bold>{'My workload  '}</Text>
          {/* The manual's meter: red for the used units, grey for what is left. */}
          <Meter value={p.workload} max={100} width={meterWidth} tone="danger" />
          <Text bold> {workloadLabel}</Text>
        </Text>
        {space}
        {two ? (
          <>
            <Box>
              {capacityBlock}
              {gap}
              {todayBlock}
            </Box>
            {space}
            <Box>
              {queueBlock}
              {gap}
              {channelBlock}
            </Box>
          </>
        ) : (
          <>
            {todayBlock}
            {capacityBlock}
            {queueBlock}
          </>
        )}
        {space}
        <Sparkline values={p.perHour} cellWidth={cell} rows={sparkHeight} current={p.hour} prefix="Per hour " suffix={peakLabel} />
        <Text color={theme.muted} wrap="truncate">
          {'         '}
          {hourAxis(cell)}
        </Text>
        {space}
        {voice.map((parts, i) => (
          <Text key={i} wrap="truncate">
            <Text bold color={theme.accent}>
              {(i === 0 ? 'Voice' : '').padEnd(VOICE_LABEL)}
            </Text>
            {parts.map((part, j) => (
              <React.Fragment key={j}>
                {j > 0 ? ' · ' : ''}
                {part.before}
                <Text bold>{part.figure}</Text>
                {part.after}
                {part.muted ? <Text color={theme.muted}>{part.muted}</Text> : null}
              </React.Fragment>
            ))}
          </Text>
        ))}
        <Text wrap="truncate">
          <Text bold color={theme.accent}>
            {'Queues    '}
          </Text>
          {p.assignedQueues.join(', ') || 'none assigned'}
        </Text>
        <Text wrap="truncate">
          <Text bold color={theme.accent}>
            {'Channels  '}
          </Text>
          {p.assignedChannels.join(', ') || 'none assigned'}
        </Text>
      </Box>
    </ScrolledPage>
  );
}

/** A piece of the voice figures: words before, the figure in bold, words after, and a muted aside. */
interface VoicePart {
  before?: string;
  figure: string;
  after?: string;
  muted?: string;
}

/**
 * The voice figures, on one line where it fits and on two where not: the
 * calls offered to the agent (answered, declined) and their queues'
 * abandoned first, then talk, wait and service level, so a narrow page cuts
 * none of them.
 */
function voiceLines(p: Performance, inner: number): VoicePart[][] {
  const calls: VoicePart[] = [
    { figure: String(p.voice.answered), after: ' answered' },
    { figure: String(p.voice.declined), after: ' declined' },
    // Abandoned calls belong to a queue, not to an agent: say whose they are where there is room.
    { figure: String(p.voice.abandoned), after: ' abandoned', muted: inner >= 100 ? ' in my queues' : undefined },
  ];
  const times: VoicePart[] = [
    { before: 'avg talk ', figure: dur(p.voice.avgTalk) },
    { before: 'avg wait ', figure: dur(p.voice.avgWait) },
    { before: 'SL ', figure: p.voice.serviceLevel === null ? '—' : `${Math.round(p.voice.serviceLevel * 100)}%` },
  ];
  const width = (parts: VoicePart[]) => parts.reduce((n, x, i) => n + (i ? 3 : 0) + [x.before, x.figure, x.after, x.muted].join('').length, 0);
  return VOICE_LABEL + width(calls) + 3 + width(times) <= inner ? [[...calls, ...times]] : [calls, times];
}
