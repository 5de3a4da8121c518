import { Box, Text } from 'ink';
import React, { useState } from 'react';
import type { Lead } from '../../../core/protocol/model.js';
import { PRIORITY, useCommands } from '../../../keys/router.js';
import { fit } from '../../../ui/format.js';
import { useTerminal } from '../../../ui/terminal-host.js';
import { useTheme } from '../../../ui/ThemeContext.js';
import { useApp } from '../../app-context.js';
import { leadFields, leadLocalTime, shortStamp, type CatalogCampaign } from '../../dialer/leads.js';
import { flowChips } from './Dispositions.js';

/** "America/New_York" -> "New York": the place an agent recognises. */
const zoneCity = (zone: string) => (zone.split('/').at(-1) ?? zone).replace(/_/g, ' ');

const chipText = (f: { label: string; value: string }) => `${f.label} ${f.value}`;

/** Lines the field chips take at this width. */
function fieldLines(lead: Lead, width: number): number[][] {
  return flowChips(leadFields(lead).map(chipText), width - 2);
}

/** Lines the card takes: title (unless on a call, whose widget has one), the facts line, the fields. */
export function leadCardRows(lead: Lead, width: number, maxFieldRows: number, withTitle: boolean): number {
  return (withTitle ? 1 : 0) + 1 + Math.min(maxFieldRows, fieldLines(lead, width).length);
}

/**
 * A campaign lead as the agent needs it to decide and to talk: name and
 * number, the time where the lead lives, attempts and dial times, callback,
 * and every column of the import. ↑↓ choose a field and `c` copies it (OSC
 * 52) — the number is chosen first, as the manual's copy button does.
 */
export function LeadCard({
  lead,
  campaign,
  now,
  width,
  maxFieldRows,
  withTitle,
  state,
  keys = true,
}: {
  lead: Lead;
  campaign: CatalogCampaign | undefined;
  now: number;
  width: number;
  maxFieldRows: number;
  withTitle: boolean;
  /** "previewing", "callback": said at the right of the title. */
  state?: string;
  /** Bind ↑↓ and c (off while another list owns ↑↓, e.g. several calls). */
  keys?: boolean;
}) {
  const theme = useTheme();
  const { toast } = useApp();
  const terminal = useTerminal();
  const fields = leadFields(lead);
  const [chosen, setChosen] = useState({ lead: lead.id, index: 0 });
  const index = chosen.lead === lead.id ? Math.min(chosen.index, fields.length - 1) : 0;
  const choose = (i: number) => setChosen({ lead: lead.id, index: i });

  useCommands(
    'dialer',
    {
      'lead.fieldPrev': keys && index > 0 ? () => choose(index - 1) : undefined,
      'lead.fieldNext': keys && index < fields.length - 1 ? () => choose(index + 1) : undefined,
      'lead.copy': () => {
        const f = fields[index]!;
        terminal.copy(f.value);
        toast(`Copied ${f.label.toLowerCase()} ${f.value} to the clipboard.`, 'success');
      },
    },
    // Above the Calls tab's own keys: on a dialer call `c` copies the chosen field, not only the number.
    { priority: PRIORITY.section + 1 },
  );

  const lines = fieldLines(lead, width);
  const at = Math.max(0, lines.findIndex((l) => l.includes(index)));
  const first = Math.max(0, Math.min(at - maxFieldRows + 1, lines.length - maxFieldRows));
  const shown = lines.slice(first, first + maxFieldRows);
  const more = lines.length - first - shown.length;

  // One line, most telling first: where and when the lead is, then its dialling history.
  const kind = lead.callback ? (lead.callback.agent ? 'personal callback' : 'callback') : null;
  const next = lead.callback && lead.nextDialAt !== lead.callback.at ? `${shortStamp(lead.nextDialAt, now)} (${kind} ${shortStamp(lead.callback.at, now)})` : `${shortStamp(lead.nextDialAt, now)}${kind ? ` (${kind})` : ''}`;
  const attempts = `${lead.attempts} attempt${lead.attempts === 1 ? '' : 's'}`;
  const facts = `${leadLocalTime(lead, now)} ${zoneCity(lead.timeZone)} · ${attempts} · last dial ${shortStamp(lead.lastDialAt, now)} · next ${next}${!kind && lead.disposition ? ` · ${lead.disposition.name}` : ''}`;
  const title = `Lead: ${lead.name}`;
  const right = [campaign?.name, state].filter(Boolean).join(' · ');
  const rule = Math.max(1, width - title.length - right.length - 5);

  return (
    <Box flexDirection="column" width={width}>
      {withTitle ? (
        <Text wrap="truncate">
          <Text color={theme.muted}>─ </Text>
          <Text bold>{fit(title, width - right.length - 6)}</Text>
          <Text color={theme.muted}> {'─'.repeat(rule)} </Text>
          <Text color={theme.accent}>{right}</Text>
        </Text>
      ) : null}
      <Text wrap="truncate" color={theme.muted}>
        {'  '}
        {facts}
      </Text>
      {shown.map((line, row) => (
        <Text key={first + row} wrap="truncate">
          {'  '}
          {line.map((i) => {
            const f = fields[i]!;
            const on = i === index;
            return (
              <Text key={i}>
                <Text inverse={on} bold={on}>
                  <Text color={on ? undefined : theme.muted}>{f.label}</Text> {f.value}
                </Text>
                {'  '}
              </Text>
            );
          })}
          {row === shown.length - 1 && more > 0 ? <Text color={theme.muted}>… ↓</Text> : null}
        </Text>
      ))}
    </Box>
  );
}
