import { Box, Text } from 'ink';
import React, { useState } from 'react';
import type { Agent, Call } from '../../../core/protocol/model.js';
import { PRIORITY, useCommands } from '../../../keys/router.js';
import { type HintPart, useBoundHint } from '../../../ui/bound-hint.js';
import { ErrorText } from '../../../ui/ErrorText.js';
import { padEndColumns, wrapLines } from '../../../ui/format.js';
import { OptionRows } from '../../../ui/OptionRows.js';
import { scrollOffset } from '../../../ui/scroll.js';
import { TabStrip } from '../../../ui/TabStrip.js';
import { TextField } from '../../../ui/TextField.js';
import { useTheme } from '../../../ui/ThemeContext.js';
import { useChoosableIndex } from '../../../ui/use-choosable-index.js';
import { useApp } from '../../app-context.js';
import { useFollow, useStore } from '../../hooks.js';
import { useRequest } from '../../use-request.js';
import { agentStatus } from '../../calls/agents.js';
import { callerLabel } from '../../calls/calls.js';

type Kind = 'queue' | 'agent' | 'number';
const KINDS: Kind[] = ['queue', 'agent', 'number'];

const CHOOSE_HINT: readonly HintPart[] = [
  { ids: ['list.up', 'list.down'], label: 'choose' },
  { ids: ['transfer.confirm'], label: 'transfer' },
];
const NOBODY_FREE_HINT: readonly HintPart[] = [{ ids: ['transfer.nextKind'], label: 'another target' }];
const CANCEL_HINT: HintPart = { ids: ['transfer.cancel'], label: 'cancel' };

/** The server takes a transfer only to an agent who is available, idle and working inbound. */
function canTakeTransfer(agent: Agent): boolean {
  return Boolean(agent.session) && agent.status === 'available' && agent.activity === 'idle' && agent.session!.mode === 'inbound';
}

/**
 * Blind transfer of the call: to a voice queue, to an agent who can take it
 * now (the others are listed with their state but cannot be chosen), or to a
 * number. The server's refusal is shown here, and the dialog stays open.
 */
export function TransferDialog({ call, me, width, height, onClose }: { call: Call; me: string; width: number; height: number; onClose: () => void }) {
  const theme = useTheme();
  const { client, toast } = useApp();
  const store = useStore(client);
  const [kind, setKind] = useState<Kind>('queue');
  const [queueIndex, setQueueIndex] = useState(0);
  const [number, setNumber] = useState('');
  const { busy, error, setError, request } = useRequest();

  const queues = store.catalog?.voiceQueues ?? [];
  // Any agent may take a transfer: the dialog follows them all while it is open.
  useFollow(client, 'roster', { view: 'call-transfer', all: true });
  const agents = store
    .list('agent')
    .filter((a) => a.id !== me)
    .sort((a, b) => Number(canTakeTransfer(b)) - Number(canTakeTransfer(a)) || a.name.localeCompare(b.name));
  const { index: agentAt, first: firstFree, move: moveAgent } = useChoosableIndex(agents, canTakeTransfer, (a) => a.id);
  const inner = width - 4;
  const messageRows = error ? wrapLines([error], inner).length : 1;
  // Border, title, tabs and the line of keys around the list (the server's refusal is read whole, so it may take
  // more lines): under two banners at 60x16 a list of three drew over the tabs and the border.
  const rows = Math.max(1, Math.min(10, height - 4 - messageRows));
  const listLength = kind === 'queue' ? queues.length : kind === 'agent' ? agents.length : 0;
  const top = scrollOffset(Math.max(0, kind === 'queue' ? queueIndex : agentAt), rows, listLength);
  // A list cut short says how much of it there is: nothing else shows that rows are missing.
  const position = listLength > rows ? `${top + 1}-${Math.min(listLength, top + rows)} of ${listLength} · ` : '';

  const move = (step: number) => {
    if (kind === 'queue' && queues.length) setQueueIndex((i) => (i + step + queues.length) % queues.length);
    if (kind === 'agent') moveAgent(step);
  };
  const switchKind = (step: number) => {
    setKind((k) => KINDS[(KINDS.indexOf(k) + step + KINDS.length) % KINDS.length]!);
    setError(null);
  };

  const target = (): { args: Record<string, string>; label: string } | null => {
    if (kind === 'queue') {
      const q = queues[queueIndex];
      return q ? { args: { queue: q.number }, label: `${q.name} (${q.number})` } : null;
    }
    if (kind === 'agent') {
      const a = agentAt >= 0 ? agents[agentAt] : undefined;
      return a ? { args: { agent: a.id }, label: `${a.name} (${a.id})` } : null;
    }
    return number.trim() ? { args: { number: number.trim() }, label: number.trim() } : null;
  };

  const confirm = async () => {
    const t = target();
    if (!t) {
      setError(kind === 'agent' ? 'No agent can take a transfer right now.' : kind === 'number' ? 'Type the number to transfer to.' : 'There is no queue to transfer to.');
      return;
    }
    await request(async () => {
      await client.send('call.transfer', { callId: call.id, ...t.args });
      toast(`Transferred ${callerLabel(call)} to ${t.label}.`, 'success');
      onClose();
    });
  };

  useCommands(
    'transfer',
    {
      'transfer.nextKind': () => switchKind(1),
      'transfer.prevKind': () => switchKind(-1),
      'transfer.confirm': () => void confirm(),
      'transfer.cancel': onClose,
      'list.up': kind === 'number' ? undefined : () => move(-1),
      'list.down': kind === 'number' ? undefined : () => move(1),
    },
    { priority: PRIORITY.overlay, modal: true },
  );


  // The agent's own key for the next kind, and none while a field takes it.
  const switchHint = useBoundHint([{ ids: ['transfer.nextKind'], label: 'switch' }]);
  // What the keys under the list do, read from the commands bound: with no agent free there is nobody to choose, so another target is offered.
  const nobodyFree = kind === 'agent' && firstFree < 0;
  const keysHint = useBoundHint([...(nobodyFree ? NOBODY_FREE_HINT : CHOOSE_HINT), CANCEL_HINT]);
  const openings = kind === 'number' ? ['Type the number · '] : nobodyFree ? ['No agent is free to take it now · ', 'No agent is free now · ', ''] : [''];
  // The longest that fits on the line, so that the cancel key is never cut off a narrow terminal.
  const opening = openings.find((o) => position.length + o.length + keysHint.length <= inner) ?? openings.at(-1)!;
  const keysLine = `${opening}${keysHint}`;
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={theme.accent} paddingX={1} width={width}>
      <Text bold wrap="truncate">
        Transfer {callerLabel(call)} <Text color={theme.muted}>(blind: the call leaves you once it is sent)</Text>
      </Text>
      <TabStrip
        tabs={[
          { id: 'queue', title: 'Queue' },
          { id: 'agent', title: 'Agent' },
          { id: 'number', title: 'Number' },
        ]}
        current={kind}
        width={width - 4}
        hint={switchHint}
      />
      {kind === 'queue' ? (
        <OptionRows
          options={queues.map((q) => ({ key: q.number, text: `${q.name} (${q.number})${q.number === call.queue ? '  — this call’s queue' : ''}`, selectable: true }))}
          selected={queueIndex}
          rows={rows}
          width={width - 8}
        />
      ) : kind === 'agent' ? (
        agents.length === 0 ? (
          <Text color={theme.muted}>No other agents.</Text>
        ) : (
          <OptionRows
            options={agents.map((a) => ({
              key: a.id,
              text: `${padEndColumns(a.name, 18)} ${a.id.padEnd(6)} ${canTakeTransfer(a) ? 'Available' : `${agentStatus(a)}${a.session?.mode === 'outbound' && a.activity === 'idle' ? ' (outbound)' : ''}`}`,
              selectable: canTakeTransfer(a),
            }))}
            selected={agentAt}
            rows={rows}
            width={width - 8}
          />
        )
      ) : (
        <TextField
          label="Number"
          labelWidth={8}
          width={width - 4}
          value={number}
          onChange={setNumber}
          focused
          placeholder="+441234567890"
          priority={PRIORITY.overlay + 1}
        />
      )}
      {error ? (
        <ErrorText wrap="wrap">{error}</ErrorText>
      ) : (
        <Text color={theme.muted} wrap="truncate">
          {busy ? 'Transferring…' : `${position}${keysLine}`}
        </Text>
      )}
    </Box>
  );
}
