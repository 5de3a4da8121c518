import { Box, Text } from 'ink';
import React, { useState } from 'react';
import type { Agent } from '../../../core/protocol/model.js';
import { PRIORITY, useCommands } from '../../../keys/router.js';
import { useNow } from '../../../ui/hooks.js';
import { useTerminal } from '../../../ui/terminal-host.js';
import { useTheme } from '../../../ui/ThemeContext.js';
import { useApp } from '../../app-context.js';
import { useStore } from '../../hooks.js';
import { isLive, outcomesOf, owesDisposition, owesForm, ringingForMe } from '../../calls/calls.js';
import { useCalls } from '../../calls/CallsContext.js';
import { CallList } from './CallList.js';
import { CallWidget, widgetRows } from './CallWidget.js';
import { dispositionRows, Dispositions } from './Dispositions.js';
import { FeedbackForm, formRows } from './FeedbackForm.js';
import { QueueSummary } from './QueueSummary.js';
import { wrapLines } from '../../../ui/format.js';
import { ScreenPopPane } from './ScreenPopPane.js';
import { TransferDialog } from './TransferDialog.js';
import { ContactLinkFlow } from '../contacts/ContactLinkFlow.js';
import { DialerIdle } from './DialerIdle.js';
import { LeadCard, leadCardRows } from './LeadCard.js';
import { campaignOf } from '../../dialer/leads.js';
import { useDialer } from '../../dialer/DialerContext.js';

/** Below this many rows the screen pop is a one-line summary until the form is out of the way. */
const MIN_POP_ROWS = 4;
/** A form being filled in keeps at least its title, the field being typed in and the line under it. */
const MIN_FORM_ROWS = 3;
/** From this width the screen pop sits beside the call instead of below it. */
const WIDE = 130;
const LEFT_WIDTH = 80;

/**
 * The Calls tab: the agent's calls, the selected call's widget, its
 * dispositions, feedback form and screen pop, stacked to fit the height.
 * Keys act on the selected call and are bound only when they apply.
 */
export function CallsTab({ agent, width, height }: { agent: Agent; width: number; height: number }) {
  const theme = useTheme();
  const { client, act, toast } = useApp();
  const terminal = useTerminal();
  const store = useStore(client);
  const callsState = useCalls();
  const dialer = useDialer();
  const { calls, selected: call, me } = callsState;
  // Running times show only with a call on the list.
  const now = store.serverNow(useNow(1000, undefined, calls.length > 0));
  const [surveyInfo, setSurveyInfo] = useState(false);
  const [editingForm, setEditingForm] = useState<string | null>(null);
  const [searching, setSearching] = useState<string | null>(null);
  const [transferring, setTransferring] = useState<string | null>(null);
  const [linking, setLinking] = useState<string | null>(null);

  const index = call ? calls.indexOf(call) : -1;
  const mineLive = call && call.agent === me && (isLive(call) || call.state === 'ringing') && !ringingForMe(call, me);
  const outcomes = call ? outcomesOf(store.catalog, call) : null;
  const owesDispo = call ? owesDisposition(call) && outcomes!.dispositions.length > 0 : false;
  // A dialer call's lead: its card shows under the call widget.
  const lead = call?.lead ? store.get('lead', call.lead) : undefined;
  // The manual: a dialer call's form is visible (read-only) from before the call starts.
  const hasForm = Boolean(call && outcomes?.form && (call.needsForm || call.form || (lead && call.answeredAt === null && call.state !== 'ended')));
  const editing = Boolean(call && editingForm === call.id && owesForm(call));
  const search = Boolean(call && searching === call.id && owesDispo);
  const popUrl = call && callsState.settings.screenPop === 'panel' && call.agent === me ? call.screenPopUrl : null;

  useCommands(
    'calls',
    {
      'call.prev': index > 0 ? () => callsState.select(calls[index - 1]!.id) : undefined,
      'call.next': index >= 0 && index < calls.length - 1 ? () => callsState.select(calls[index + 1]!.id) : undefined,
      // Answer and decline of a ringing call are the ringing bar's (calls/RingingBar.tsx), from every screen.
      'call.hangup': mineLive ? () => void act('call.hangup', { callId: call.id }) : undefined,
      'call.hold': call && call.agent === me && call.state === 'on-call' ? () => void act('call.hold', { callId: call.id }) : undefined,
      'call.resume': call && call.agent === me && call.state === 'on-hold' ? () => void act('call.resume', { callId: call.id }) : undefined,
      'call.transfer': call && call.agent === me && isLive(call) ? () => setTransferring(call.id) : undefined,
      // On a dialer call the lead card's `c` copies any field (the number first).
      'call.copyNumber': call && !lead
        ? () => {
            terminal.copy(call.caller.number);
            toast(`Copied ${call.caller.number} to the clipboard.`, 'success');
          }
        : undefined,
      'call.surveyInfo': call?.postCallSurvey ? () => setSurveyInfo((s) => !s) : undefined,
      'call.startForm': call && hasForm && owesForm(call) && !editing ? () => setEditingForm(call.id) : undefined,
      'disposition.search': call && owesDispo && !search ? () => setSearching(call.id) : undefined,
      'pop.toggle': popUrl ? callsState.togglePop : undefined,
      // A customer's call (not one between agents) links to a contact, by the caller's number.
      'contact.linkCall': call && call.agent === me && call.direction !== 'internal' ? () => setLinking(call.id) : undefined,
    },
    { priority: PRIORITY.section, active: !transferring && !linking },
  );

  if (call && linking === call.id)
    return (
      <ContactLinkFlow
        target={{ call: call.id }}
        linked={call.contact ?? null}
        customer={{ name: call.caller.name, phone: call.caller.number }}
        what="call"
        width={width}
        height={height}
        onClose={() => setLinking(null)}
      />
    );

  if (call && transferring === call.id) return <TransferDialog call={call} me={me} width={Math.min(width, 76)} height={height} onClose={() => setTransferring(null)} />;

  // Working a campaign: the preview card, the countdown or the power pool takes the empty list's place.
  if (!call && agent.session?.campaign && agent.session.mode === 'outbound') return <DialerIdle agent={agent} width={width} height={height} />;
  if (!call) {
    return (
      <Box flexDirection="column" width={width} paddingX={1}>
        {/* Wrapped between words here: Ink's wrap began the next line with the space it broke at (60 columns: "  their"). */}
        {wrapLines(['No calls right now. Calls offered to you appear here, then their dispositions.'], width - 2).map((line, i) => (
          <Text key={i} color={theme.muted}>
            {line}
          </Text>
        ))}
        <Text> </Text>
        <Text bold>My queues</Text>
        <QueueSummary agent={agent} width={width - 2} height={Math.max(2, height - 3)} />
      </Box>
    );
  }

  // Wide terminals put the page beside the call; otherwise it is stacked below and takes what is left.
  const beside = Boolean(popUrl) && width >= WIDE;
  const inner = (beside ? LEFT_WIDTH : width) - 2;
  const listMax = height >= 30 ? 6 : 3;
  const listRows = Math.min(calls.length, listMax) + (calls.length > listMax ? 1 : 0);
  const fullForm = hasForm ? formRows(outcomes!.form!, editing) : 0;
  const parts = {
    widget: widgetRows(call, surveyInfo),
    lead: lead ? leadCardRows(lead, inner, height >= 30 ? 4 : 2, false) : 0,
    dispositions: owesDispo || call.disposition ? dispositionRows(call, outcomes!, inner, height >= 30 ? 4 : 2, search) : 0,
    pop: popUrl && !beside ? 1 : 0,
  };
  let formRoom = fullForm;
  if (editing) {
    // The form being filled in comes first: on a short terminal (60x16 under banners) the dispositions, the lead
    // card, the screen pop's line and then the call's widget give way to it (the list above still names the call),
    // and those that fit again in what is left come back, the widget first. Drawn all at once they were cut or
    // drawn over each other, and the field being typed in was off the screen.
    const wanted = { ...parts };
    const room = () => height - listRows - parts.widget - parts.lead - parts.dispositions - parts.pop;
    const givingWay = (['dispositions', 'lead', 'pop', 'widget'] as const).filter((p) => p !== 'dispositions' || !search);
    for (const part of givingWay) if (room() < fullForm) parts[part] = 0;
    for (const part of ['widget', 'dispositions', 'lead', 'pop'] as const) if (parts[part] === 0 && wanted[part] <= room() - fullForm) parts[part] = wanted[part];
    formRoom = Math.min(fullForm, Math.max(MIN_FORM_ROWS, room()));
  }
  const wRows = parts.widget;
  const leadRows = parts.lead;
  const dRows = parts.dispositions;
  const popGivesWay = Boolean(popUrl) && !beside && parts.pop === 0;
  let left = height - listRows - wRows - leadRows - dRows;
  let formCollapsed = false;
  let popRows = 0;
  if (popUrl && !beside) {
    // The form gives way to the page unless it is being filled in; then the page gets what is left.
    if (callsState.popShown && !editing && left - fullForm < MIN_POP_ROWS) formCollapsed = hasForm;
    left -= hasForm ? (formCollapsed ? 1 : formRoom) : 0;
    popRows = callsState.popShown && left >= MIN_POP_ROWS ? left : 1;
  } else {
    if (hasForm && left < fullForm && !editing) formCollapsed = true;
    popRows = callsState.popShown ? height : 1;
  }

  const column = (
    <Box flexDirection="column" width={inner + 2} paddingX={1} height={height} overflow="hidden">
      <CallList calls={calls} selectedId={call.id} me={me} now={now} width={inner} rows={Math.min(calls.length, listMax)} />
      {wRows > 0 ? <CallWidget call={call} catalog={store.catalog} me={me} now={now} width={inner} showSurveyInfo={surveyInfo} /> : null}
      {lead && leadRows > 0 ? (
        <LeadCard lead={lead} campaign={campaignOf(store.catalog, lead.campaign)} now={now} width={inner} maxFieldRows={height >= 30 ? 4 : 2} withTitle={false} keys={calls.length <= 1} />
      ) : null}
      {dRows > 0 ? (
        <Dispositions
          call={call}
          outcomes={outcomes!}
          width={inner}
          maxRows={dRows}
          searching={search}
          submitting={callsState.disposing(call.id)}
          onCloseSearch={() => setSearching(null)}
          onSubmit={(d) => {
            setSearching(null);
            dialer.dispose({ call }, d, d.hotkey ? { hotkey: d.hotkey } : { code: d.code });
          }}
        />
      ) : null}
      {hasForm ? (
        <FeedbackForm
          call={call}
          form={outcomes!.form!}
          width={inner}
          editing={editing}
          rows={formRoom}
          collapsed={formCollapsed}
          onEditingChange={(on) => setEditingForm(on ? call.id : null)}
          readOnlyNote={call.answeredAt === null ? 'read-only until the call starts' : undefined}
        />
      ) : null}
      {popUrl && !beside && !popGivesWay ? <ScreenPopPane call={{ ...call, screenPopUrl: popUrl }} width={inner} rows={popRows} /> : null}
    </Box>
  );
  // The column keeps its place in the tree whether or not the page is beside it: a
  // resize across WIDE must not remount it, or a form being filled in loses its values.
  return (
    <Box width={width} height={height}>
      {column}
      {beside ? (
        <Box width={width - inner - 3} height={height} borderStyle="single" borderTop={false} borderBottom={false} borderRight={false} borderColor={theme.muted} paddingLeft={1}>
          <ScreenPopPane call={{ ...call, screenPopUrl: popUrl! }} width={width - inner - 5} rows={popRows} />
        </Box>
      ) : null}
    </Box>
  );
}
