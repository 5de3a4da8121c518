import { Box, Text } from 'ink';
import React, { useState } from 'react';
import type { Agent, Lead } from '../../../core/protocol/model.js';
import { PRIORITY, useCommands } from '../../../keys/router.js';
import { DataTable, type Column } from '../../../ui/DataTable.js';
import { ErrorText } from '../../../ui/ErrorText.js';
import { fitParts, textWidth } from '../../../ui/format.js';
import { useNow } from '../../../ui/hooks.js';
import { useTheme } from '../../../ui/ThemeContext.js';
import { useApp } from '../../app-context.js';
import { useStore } from '../../hooks.js';
import { callbackDue, callbacksOf, campaignOf, isOverdue, leadLocalTime, shortStamp } from '../../dialer/leads.js';
import { useDialer } from '../../dialer/DialerContext.js';
import { useCalls } from '../../calls/CallsContext.js';
import { DispositionPicker } from './DispositionPicker.js';
import { LeadView } from './LeadView.js';

/**
 * The manual's Callback tab: the agent's personal callbacks and the due
 * callbacks of their campaign, soonest first, overdue ones standing out.
 * Enter views the lead (fields, form, Dial, change disposition), `d` dials
 * it, `e` changes its disposition from a searchable list. Where the agent
 * is (selection, open lead) is kept by the outbound state, so a question
 * (the callback time) drawn over the panel does not lose it.
 */
export function CallbacksTab({ agent, width, height }: { agent: Agent; width: number; height: number }) {
  const theme = useTheme();
  const { client } = useApp();
  const store = useStore(client);
  const dialer = useDialer();
  const callsState = useCalls();
  const now = store.serverNow(useNow(1000));
  const campaignId = agent.session?.campaign ?? null;
  const list = callbacksOf(store.list('lead'), agent.id, campaignId);
  const found = list.findIndex((l) => l.id === dialer.callbackSelected);
  const index = found >= 0 ? found : list.length > 0 ? 0 : -1;
  const selected = index >= 0 ? list[index] : undefined;
  const viewed = dialer.callbackViewed ? store.get('lead', dialer.callbackViewed) : undefined;
  const [changing, setChanging] = useState<string | null>(null);
  const changingLead = changing ? store.get('lead', changing) : undefined;
  const target = viewed ?? selected;
  const campaign = campaignOf(store.catalog, target?.campaign);

  const dial = (lead: Lead) =>
    void dialer.dialer('dialer.dial', lead.id).then((ok) => {
      if (!ok) return;
      // The call is on the Calls tab now, with the lead's card.
      dialer.viewCallback(null);
      callsState.setTab('calls');
    });
  useCommands(
    'callbacks',
    {
      'list.up': !viewed && index > 0 ? () => dialer.selectCallback(list[index - 1]!.id) : undefined,
      'list.down': !viewed && index >= 0 && index < list.length - 1 ? () => dialer.selectCallback(list[index + 1]!.id) : undefined,
      'callbacks.view': !viewed && selected ? () => dialer.viewCallback(selected.id) : undefined,
      'callbacks.dial': target ? () => dial(target) : undefined,
      'callbacks.redispose': target && campaign?.dispositions.length ? () => setChanging(target.id) : undefined,
      'callbacks.back': viewed ? () => dialer.viewCallback(null) : undefined,
    },
    { priority: PRIORITY.section, active: !changing },
  );

  if (changingLead && campaign)
    return (
      <DispositionPicker
        title={`Change disposition — ${changingLead.name}`}
        dispositions={campaign.dispositions}
        current={changingLead.disposition?.code ?? null}
        width={Math.min(width, 70)}
        height={height}
        onCancel={() => setChanging(null)}
        onChoose={(d) => {
          setChanging(null);
          dialer.dispose({ lead: changingLead }, d);
        }}
      />
    );

  const refusal = dialer.refusal && target && dialer.refusal.leadId === target.id ? dialer.refusal.text : null;
  if (viewed) return <LeadView lead={viewed} campaign={campaignOf(store.catalog, viewed.campaign)} now={now} width={width} height={height} refusal={refusal} />;

  const overdue = list.filter((l) => isOverdue(l, now)).length;
  const late = (l: Lead) => (isOverdue(l, now) ? { color: theme.danger, bold: true, inverse: !theme.color } : undefined);
  // Narrower than the columns, the last dial gives way first, then who it is for, the lead's time and the number; the name and when to call stay.
  const columns: Column<Lead>[] = [
    { title: 'Name', width: 12, flex: true, cell: (l) => l.name, style: (l) => (isOverdue(l, now) ? { bold: true } : undefined) },
    { title: 'Number', width: 14, drop: 4, cell: (l) => l.phone },
    { title: 'Last dial', width: 11, drop: 1, cell: (l) => shortStamp(l.lastDialAt, now) },
    { title: 'Next dial', width: 17, cell: (l) => `${shortStamp(callbackDue(l), now)}${isOverdue(l, now) ? ' overdue' : ''}`, style: late },
    { title: 'Lead', width: 5, drop: 3, cell: (l) => leadLocalTime(l, now) },
    { title: 'For', width: 8, drop: 2, cell: (l) => (l.callback?.agent ? 'me' : 'anyone') },
  ];
  const head = `${list.length} callback${list.length === 1 ? '' : 's'}${overdue > 0 ? `  ${overdue} overdue` : ''}`;
  // What the list holds, then what the Lead column means: each left out whole where the line has no room (cut, it read "anyone ·…").
  const note = fitParts(
    [`mine, and those of ${campaignOf(store.catalog, campaignId)?.name ?? 'my campaign'} for anyone`, 'Lead: its local time'],
    width - 2 - textWidth(head) - 3,
  );
  return (
    <Box flexDirection="column" width={width} paddingX={1}>
      <Text wrap="truncate" color={theme.muted}>
        <Text bold color={undefined}>
          {list.length} callback{list.length === 1 ? '' : 's'}
        </Text>
        {overdue > 0 ? (
          <Text color={theme.danger} bold>
            {'  '}
            {overdue} overdue
          </Text>
        ) : null}
        {note ? `   ${note}` : ''}
      </Text>
      {refusal ? (
        <ErrorText word="Refused" wrap="wrap">{refusal}</ErrorText>
      ) : null}
      <DataTable
        columns={columns}
        rows={list}
        rowKey={(l) => l.id}
        selected={index >= 0 ? index : null}
        height={height - 1 - (refusal ? 2 : 0)}
        width={width - 2}
        empty="No callbacks. A Callback or Personal callback disposition puts its lead here, with the time to call."
      />
    </Box>
  );
}
