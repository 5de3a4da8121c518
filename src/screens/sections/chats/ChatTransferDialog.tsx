import { Box, Text } from 'ink';
import React, { useState } from 'react';
import type { Agent, Conversation } from '../../../core/protocol/model.js';
import { PRIORITY, useCommands } from '../../../keys/router.js';
import { type HintPart, useBoundHint } from '../../../ui/bound-hint.js';
import { ErrorText } from '../../../ui/ErrorText.js';
import { fit, fitParts, padEndColumns, textWidth } from '../../../ui/format.js';
import { OptionRows } from '../../../ui/OptionRows.js';
import { TabStrip } from '../../../ui/TabStrip.js';
import { useTheme } from '../../../ui/ThemeContext.js';
import { useChoosableIndex } from '../../../ui/use-choosable-index.js';
import { useApp } from '../../app-context.js';
import { customerLabel, itemWord } from '../../chats/chats.js';
import { transferHeldText, transferLoadText } from '../../chats/transfer-load.js';
import { useFollow, useStore } from '../../hooks.js';
import { useRequest } from '../../use-request.js';
import { agentStatus } from '../../calls/agents.js';

type Kind = 'queue' | 'agent';

const CANCEL_HINT: HintPart = { ids: ['transfer.cancel'], label: 'cancel' };

/**
 * Transfer a chat: to a messaging queue that takes its channel (each with its
 * agents and how many are logged in; the chat waits there unassigned) or to
 * an agent (theirs at once, whatever their queues), each with their state and
 * load (emails for an email, chats for a chat). Logged-off agents are listed but cannot be chosen. The server's
 * refusal (a queue with no agents) stays in the dialog; its warning (a queue
 * outside its hours, an agent at capacity) comes with the confirmation.
 */
export function ChatTransferDialog({
  conversation: c,
  me,
  width,
  height,
  onClose,
  onDone,
  assign = false,
}: {
  conversation: Conversation;
  me: string;
  /** A supervisor assigning from Conversations: they may give it to themselves too. */
  assign?: boolean;
  width: number;
  height: number;
  onClose: () => void;
  onDone: () => void;
}) {
  const theme = useTheme();
  const { client, toast } = useApp();
  const store = useStore(client);
  const [kind, setKind] = useState<Kind>('queue');
  const [queueIndex, setQueueIndex] = useState(0);
  const { busy, error, setError, request } = useRequest();

  const catalog = store.catalog;
  const queues = (catalog?.messagingQueues ?? []).filter((q) => q.channels.includes(c.channel));
  // While the dialog is open: every agent (a chat may go to anyone) and the figures of every queue listed.
  useFollow(client, 'roster', { view: 'chat-transfer', all: true });
  useFollow(client, 'stats', { view: 'chat-transfer', messagingQueues: queues.map((q) => q.id) });
  const loggedIn = (q: string) => store.get('mqueueStats', q)?.loggedIn ?? 0;
  const members = (q: string) => store.get('mqueueStats', q)?.members ?? 0;
  const agents = store
    .list('agent')
    .filter((a) => (assign || a.id !== me) && a.id !== c.agent)
    .sort((a, b) => Number(Boolean(b.session)) - Number(Boolean(a.session)) || a.name.localeCompare(b.name));
  const choosable = (a: Agent) => Boolean(a.session);
  const { index: agentAt, first: firstFree, move: moveAgent } = useChoosableIndex(agents, choosable, (a) => a.id);
  // Its border, title, tabs and keys take five rows: short of them (60x16 under the pause banner) it lists fewer than
  // three, as three made Yoga draw the agents over its tabs.
  const rows = Math.max(1, Math.min(10, Math.max(height - 7, Math.min(3, height - 5))));

  const move = (step: number) => {
    if (kind === 'queue' && queues.length) setQueueIndex((i) => (i + step + queues.length) % queues.length);
    else moveAgent(step);
  };
  const switchKind = () => {
    setKind((k) => (k === 'queue' ? 'agent' : 'queue'));
    setError(null);
  };

  const confirm = async () => {
    const q = kind === 'queue' ? queues[queueIndex] : undefined;
    const a = kind === 'agent' && agentAt >= 0 ? agents[agentAt] : undefined;
    if (!q && !a) {
      setError(kind === 'agent' ? 'No other agent is logged in.' : 'No messaging queue takes this channel.');
      return;
    }
    await request(async () => {
      const result = await client.send('conversation.transfer', q ? { id: c.id, queue: q.id } : { id: c.id, agent: a!.id });
      const done = `${assign ? 'Assigned' : 'Transferred'} ${customerLabel(c)} to ${q ? q.name : a!.name}.`;
      toast(result.warning ? `${done} ${result.warning}` : done, result.warning ? 'warning' : 'success');
      onDone();
    });
  };

  useCommands(
    'transfer',
    {
      'chatTransfer.switch': switchKind,
      [assign ? 'assign.confirm' : 'transfer.confirm']: () => void confirm(),
      'transfer.cancel': onClose,
      'list.up': () => move(-1),
      'list.down': () => move(1),
    },
    { priority: PRIORITY.overlay, modal: true },
  );

  const count = (n: number, what: string) => `${n === 0 ? 'no' : n} ${what}${n === 1 ? '' : 's'}`;

  // The agent's own key for the next kind, and none while a field takes it.
  const switchHint = useBoundHint([{ ids: ['chatTransfer.switch'], label: 'switch' }]);
  // What the keys under the list do, read from the commands bound: with no agent logged in there is nobody to choose, so the queues are offered.
  const nobody = kind === 'agent' && firstFree < 0;
  const keysHint = useBoundHint(
    nobody
      ? [{ ids: ['chatTransfer.switch'], label: 'queues' }, CANCEL_HINT]
      : [
          { ids: ['list.up', 'list.down'], label: 'choose' },
          assign ? { ids: ['assign.confirm'], label: 'assign' } : { ids: ['transfer.confirm'], label: 'transfer' },
          CANCEL_HINT,
        ],
  );
  // A logged-in agent's load whole, or its count alone, or nothing: cut, at 60 columns it read "chats 0 · …".
  // Where 18 columns of state leave the loads no room, the state takes only as many as the longest listed.
  const loads = agents.filter((a) => a.session).map((a) => textWidth(transferLoadText(a.load, c)));
  const stateWidth = 18 + 1 + 6 + 1 + 18 + 1 + Math.max(0, ...loads) <= width - 8 ? 18 : Math.min(18, Math.max(0, ...agents.map((a) => textWidth(agentStatus(a)))));
  const agentRow = (a: (typeof agents)[number]) => {
    const row = `${padEndColumns(a.name, 18)} ${a.id.padEnd(6)} ${padEndColumns(agentStatus(a), stateWidth)}`;
    const room = width - 8 - textWidth(row) - 1;
    const load = a.session ? [transferLoadText(a.load, c), transferHeldText(a.load, c)].find((t) => textWidth(t) <= room) : undefined;
    return load ? `${row} ${load}` : row;
  };
  const title = `${assign ? 'Assign' : 'Transfer'} ${customerLabel(c)}'s ${itemWord(c)}`;
  const what = kind === 'queue' ? '— it waits there, unassigned' : '— theirs at once, whatever their queues';
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={theme.accent} paddingX={1} width={width}>
      <Text bold wrap="truncate">
        {fit(title, width - 4)}
        {/* What the transfer does, whole or not at all: cut, at 60 columns it read "it waits there, unassign…". */}
        {textWidth(`${title} ${what}`) <= width - 4 ? <Text color={theme.muted}> {what}</Text> : null}
      </Text>
      <TabStrip
        tabs={[
          { id: 'queue', title: 'Queue' },
          { id: 'agent', title: 'Agent' },
        ]}
        current={kind}
        width={width - 4}
        hint={switchHint}
      />
      {kind === 'queue' ? (
        queues.length === 0 ? (
          <Text color={theme.muted}>No messaging queue takes {c.channel}.</Text>
        ) : (
          <OptionRows
            options={queues.map((q) => ({
              key: q.id,
              // "— this chat's queue" whole or not at all: cut, at 60 columns it read "— this c…".
              text: fitParts([`${padEndColumns(q.name, 20)} ${count(members(q.id), 'agent')}, ${loggedIn(q.id)} logged in`, q.id === c.queue ? `— this ${itemWord(c)}’s queue` : ''], width - 8, ' '),
              selectable: true,
            }))}
            selected={queueIndex}
            rows={rows}
            width={width - 8}
          />
        )
      ) : agents.length === 0 ? (
        <Text color={theme.muted}>No other agents.</Text>
      ) : (
        <OptionRows
          options={agents.map((a) => ({
            key: a.id,
            text: agentRow(a),
            selectable: choosable(a),
          }))}
          selected={agentAt}
          rows={rows}
          width={width - 8}
        />
      )}
      {error ? (
        <ErrorText wrap="wrap">{error}</ErrorText>
      ) : (
        <Text color={theme.muted} wrap="truncate">
          {busy
            ? `${assign ? 'Assigning' : 'Transferring'}…`
            : nobody
              ? `No other agent is logged in · ${keysHint}`
              : keysHint}
        </Text>
      )}
    </Box>
  );
}
