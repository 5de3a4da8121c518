import { Box, Text } from 'ink';
import React, { useState } from 'react';
import type { ClientError } from '../../client/session.js';
import type { Agent, AgentActivity, Strategy } from '../../core/protocol/model.js';
import { ErrorText } from '../../ui/ErrorText.js';
import { Picker } from '../../ui/Picker.js';
import { useTheme } from '../../ui/ThemeContext.js';
import { useApp } from '../app-context.js';
import { useStore } from '../hooks.js';
import { catalogAgent } from '../../core/protocol/catalog.js';

/**
 * Why the server will refuse a change now: only between calls. Said before the
 * agent chooses (a preview is no call: the server hands its lead back).
 */
const NOT_BETWEEN_CALLS: Partial<Record<AgentActivity, string>> = {
  ringing: 'a call is ringing for you',
  'on-call': 'you are on a call',
  'wrap-up': 'you are in wrap-up',
};

const CHOICES: Array<{ strategy: Strategy; label: string }> = [
  { strategy: 'inbound', label: 'Inbound — calls from my queues' },
  { strategy: 'outbound', label: 'Outbound — my campaign only' },
  { strategy: 'blended', label: 'Blended — moved between the two as queues need' },
];

/**
 * Manual working mode: the agent picks inbound, outbound or blended
 * (agent.strategy). Working outbound needs a campaign: one the session
 * already has, the only one assigned, or one chosen here. The server decides
 * (only between calls, never a campaign the agent is not in); its refusal is
 * shown here, in its own words, and the dialog stays open.
 */
export function WorkingModeDialog({ agent, width, onClose }: { agent: Agent; width: number; onClose: () => void }) {
  const theme = useTheme();
  const { client, toast } = useApp();
  const store = useStore(client);
  const [strategy, setStrategy] = useState<Strategy | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const session = agent.session;
  const assigned = catalogAgent(store.catalog, agent.id)?.campaigns ?? [];
  const campaigns = (store.catalog?.campaigns ?? []).filter((c) => assigned.includes(c.id));

  const activity: AgentActivity = agent.activity;
  const notNow = NOT_BETWEEN_CALLS[activity] ?? null;

  const choose = async (chosen: Strategy, campaign?: string) => {
    if (busy) return;
    // A campaign is asked for only when the server could not tell which one is meant,
    // and not when it will refuse anyway: a question whose answer is then turned down wastes the agent's time.
    if (chosen !== 'inbound' && !campaign && !session?.campaign && campaigns.length > 1 && !notNow) {
      setStrategy(chosen);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await client.send('agent.strategy', campaign ? { strategy: chosen, campaign } : { strategy: chosen });
      const name = campaign ? campaigns.find((c) => c.id === campaign)?.name : null;
      toast(`Working ${chosen}${name ? ` on ${name}` : ''}.`, 'success');
      onClose();
    } catch (e) {
      setError((e as ClientError).message);
      setStrategy(null);
      setBusy(false);
    }
  };

  const picker =
    strategy === null ? (
      <Picker
        key="mode"
        title={`Working mode — now ${session?.strategy ?? 'none'}${session?.strategy === 'blended' ? `, working ${session.mode}` : ''}`}
        items={CHOICES}
        label={(c) => `${c.label}${session?.strategy === c.strategy ? '  (current)' : ''}`}
        width={width}
        onCancel={onClose}
        onChoose={(c) => void choose(c.strategy)}
      />
    ) : (
      <Picker
        key="campaign"
        title={`Campaign to work ${strategy}`}
        items={campaigns}
        label={(c) => `${c.name} (${c.strategy})`}
        width={width}
        onCancel={() => setStrategy(null)}
        onChoose={(c) => void choose(strategy, c.id)}
      />
    );
  return (
    <Box flexDirection="column" width={width}>
      {picker}
      {error ? (
        <ErrorText wrap="wrap">{error}</ErrorText>
      ) : busy ? (
        <Text color={theme.muted}>Changing…</Text>
      ) : notNow ? (
        <Text color={theme.warning} bold={!theme.color} wrap="wrap">
          Not now: {notNow}. The working mode changes only between calls{activity === 'wrap-up' ? ', once wrap-up is over' : ''}.
        </Text>
      ) : (
        <Text color={theme.muted} wrap="wrap">
          The change takes effect at once.
        </Text>
      )}
    </Box>
  );
}
