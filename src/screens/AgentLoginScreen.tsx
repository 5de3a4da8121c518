import { Box, Text } from 'ink';
import React, { useState } from 'react';
import type { CheckResult } from '../core/protocol/results.js';
import { takesQueueWork } from '../core/protocol/strategy.js';
import { useCommands } from '../keys/router.js';
import { useBoundHint, useBoundKeys, type HintPart } from '../ui/bound-hint.js';
import { Choice, stepChoice, type ChoiceOption } from '../ui/Choice.js';
import { ErrorText } from '../ui/ErrorText.js';
import { fit } from '../ui/format.js';
import { useTheme } from '../ui/ThemeContext.js';
import { useApp } from './app-context.js';
import type { Credentials } from './LoginScreen.js';

type Strategy = 'inbound' | 'outbound' | 'blended';
type Device = 'softphone' | 'deskphone';
type As = 'available' | 'paused';

const ROWS = ['strategy', 'device', 'campaign', 'as'] as const;
/** What an outbound login gets of either kind of queue. */
const NO_QUEUES = '0 (outbound works the campaign only)';

/** The window's keys beside Log in, read from the commands bound: the agent's own (their keymap is read at this login), back only where there is a way back. */
const KEYS_HINT: readonly HintPart[] = [
  { ids: ['form.next'], label: 'next' },
  { ids: ['form.left', 'form.right'], label: 'change' },
  { ids: ['agentLogin.submit'], label: 'log in' },
  { ids: ['agentLogin.cancel'], label: 'back' },
];

/** The manual's Agent Login Window: strategy, device, campaign, queues, log in as. */
export function AgentLoginScreen({
  width,
  height,
  credentials,
  check,
  onBack,
  note,
}: {
  width: number;
  /** Rows it may take: short of them, the blank rows around the form go first. */
  height: number;
  credentials: Credentials;
  check: CheckResult;
  /** Absent where there is nothing to go back to (an agent signed in by the SSH server). */
  onBack?: () => void;
  /**
   * Why the agent is here again, where no login screen came first to say it
   * (signed in by the SSH server): logged out from another panel.
   */
  note?: string | null;
}) {
  const { client } = useApp();
  const theme = useTheme();
  const hasQueues = check.voiceQueues.length + check.messagingQueues.length > 0;
  const hasCampaigns = check.campaigns.length > 0;
  const strategies: ChoiceOption<Strategy>[] = [
    { value: 'inbound', label: 'Inbound', disabled: !hasQueues },
    { value: 'outbound', label: 'Outbound', disabled: !hasCampaigns },
    { value: 'blended', label: 'Blended', disabled: !hasCampaigns || check.voiceQueues.length === 0 },
  ];
  const devices: ChoiceOption<Device>[] = [
    { value: 'softphone', label: 'Softphone' },
    { value: 'deskphone', label: 'Deskphone' },
  ];
  const states: ChoiceOption<As>[] = [
    { value: 'available', label: 'Available' },
    { value: 'paused', label: 'Paused' },
  ];
  const [strategy, setStrategy] = useState<Strategy>(hasQueues ? 'inbound' : 'outbound');
  const [device, setDevice] = useState<Device>(check.device);
  const [campaignIndex, setCampaignIndex] = useState(0);
  const [as, setAs] = useState<As>('available');
  const [row, setRow] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const campaignOptions: ChoiceOption<string>[] =
    strategy === 'inbound' ? [{ value: 'none', label: 'None' }] : check.campaigns.map((c) => ({ value: c.id, label: `${c.name} (${c.strategy})` }));
  const campaign = strategy === 'inbound' ? null : (check.campaigns[campaignIndex]?.id ?? null);

  const change = (step: 1 | -1) => {
    const which = ROWS[row];
    if (which === 'strategy') setStrategy((s) => stepChoice(strategies, s, step));
    if (which === 'device') setDevice((d) => stepChoice(devices, d, step));
    if (which === 'as') setAs((a) => stepChoice(states, a, step));
    if (which === 'campaign' && strategy !== 'inbound' && check.campaigns.length > 0)
      setCampaignIndex((i) => (i + step + check.campaigns.length) % check.campaigns.length);
  };

  const submit = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await client.login({
        agent: credentials.agent.trim(),
        pin: credentials.pin,
        email: credentials.email.trim() || undefined,
        password: credentials.email.trim() ? credentials.password : undefined,
        strategy,
        device,
        campaign: campaign ?? undefined,
        as,
        client: 'panel',
      });
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  };

  useCommands('agent-login', {
    'form.next': () => setRow((r) => (r + 1) % ROWS.length),
    'form.prev': () => setRow((r) => (r - 1 + ROWS.length) % ROWS.length),
    'form.left': () => change(-1),
    'form.right': () => change(1),
    'agentLogin.submit': () => void submit(),
    'agentLogin.cancel': onBack,
  });
  const keysHint = useBoundHint(KEYS_HINT);
  // Named as the keys' line names it: the agent's own key, and none while it does nothing.
  const joinKey = useBoundKeys()('agentLogin.submit');

  const lw = 18;
  // The queues the session will get with this strategy (the core's rule): none for outbound, chats included.
  const queueWork = takesQueueWork(strategy);
  const list = (items: string[]) => fit(items.length ? items.join(', ') : 'None', width - lw - 6);
  // Near the panel's minimum size (60x16) the keys' line wraps: the form keeps every row, not its margins.
  return (
    <Box flexDirection="column" paddingX={2} paddingY={height < 16 ? 0 : 1}>
      <Text bold color={theme.accent}>
        Agent login — {check.agent.name} ({check.agent.number})
      </Text>
      {check.loggedIn ? (
        <Text color={theme.warning}>{joinKey ? `You are already logged in elsewhere: ${joinKey} joins that session as it is.` : 'You are already logged in elsewhere: logging in joins that session as it is.'}</Text>
      ) : note ? (
        // Wrapped, not cut: the sentence says when and where; its second line stays under its first.
        <Text color={theme.warning} wrap="wrap">
          {note}
        </Text>
      ) : (
        <Text> </Text>
      )}
      <Text> </Text>
      <Choice label="Working strategy" labelWidth={lw} width={width - 4} options={strategies} value={strategy} focused={row === 0} />
      <Choice label="Device" labelWidth={lw} width={width - 4} options={devices} value={device} focused={row === 1} />
      <Choice
        label="Campaign"
        labelWidth={lw}
        width={width - 4}
        options={campaignOptions}
        value={campaign ?? 'none'}
        focused={row === 2}
        note={strategy === 'inbound' ? '' : undefined}
      />
      <Text>
        {'  '}
        {'Voice queues'.padEnd(lw)}
        {queueWork ? list(check.voiceQueues.map((q) => `${q.name} (${q.number})`)) : NO_QUEUES}
      </Text>
      <Text>
        {'  '}
        {'Messaging queues'.padEnd(lw)}
        {queueWork ? list(check.messagingQueues.map((q) => q.name)) : NO_QUEUES}
      </Text>
      <Choice label="Log in as" labelWidth={lw} width={width - 4} options={states} value={as} focused={row === 3} />
      <Text> </Text>
      <Text>
        {'  '}
        <Text inverse bold>
          {busy ? ' Logging in… ' : ' Log in '}
        </Text>
        <Text color={theme.muted}>   {keysHint}</Text>
      </Text>
      <Text> </Text>
      {error ? (
        <ErrorText indent="  ">{error}</ErrorText>
      ) : null}
    </Box>
  );
}
