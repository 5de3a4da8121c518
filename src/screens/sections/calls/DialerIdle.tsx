import { Box, Text } from 'ink';
import React from 'react';
import type { Agent, Lead } from '../../../core/protocol/model.js';
import { PRIORITY, useCommands } from '../../../keys/router.js';
import { ErrorText } from '../../../ui/ErrorText.js';
import { useBoundKeys } from '../../../ui/bound-hint.js';
import { useNow } from '../../../ui/hooks.js';
import { KeyButton } from '../../../ui/KeyButton.js';
import { useTheme } from '../../../ui/ThemeContext.js';
import { useApp } from '../../app-context.js';
import { useStore } from '../../hooks.js';
import { callbacksOf, campaignOf, countdown, isOverdue, powerLabel, previewLeadOf, type CatalogCampaign } from '../../dialer/leads.js';
import { useDialer } from '../../dialer/DialerContext.js';
import { FeedbackForm, formRows } from './FeedbackForm.js';
import { LeadCard, leadCardRows } from './LeadCard.js';

/**
 * The Calls tab of an agent working a campaign with no call on the list: the
 * lead being previewed (Preview: n Next, d Dial, k Skip; Progressive: d Dial
 * and the countdown to the automatic dial), or, for Power, the pool the agent
 * waits in. The feedback form is shown read-only until the call starts.
 */
export function DialerIdle({ agent, width, height }: { agent: Agent; width: number; height: number }) {
  const theme = useTheme();
  const { client } = useApp();
  const store = useStore(client);
  const dialer = useDialer();
  const now = store.serverNow(useNow(1000));
  const campaign = campaignOf(store.catalog, agent.session?.campaign);
  const leads = store.list('lead');
  const lead = previewLeadOf(leads, agent.id, agent.activity);
  const strategy = campaign?.strategy;
  const free = agent.status === 'available' && (agent.activity === 'idle' || agent.activity === 'previewing');
  const due = callbacksOf(leads, agent.id, agent.session?.campaign ?? null).filter((l) => isOverdue(l, now)).length;
  // Keys named in sentences are the agent's own, each only while it works: from Calls, the previous tab
  // (it wraps) is Callbacks; n is bound only while the agent is free to take a lead; u only while paused.
  const keyOf = useBoundKeys();
  const callbacksKey = keyOf('tab.prev');
  const nextKey = keyOf('dialer.next');
  const unpauseKey = keyOf('agent.unpause');

  useCommands(
    'dialer',
    {
      'dialer.next': strategy === 'preview' && free ? () => void dialer.dialer('dialer.next') : undefined,
      'dialer.dial': lead && (strategy === 'preview' || strategy === 'progressive') ? () => void dialer.dialer('dialer.dial', lead.id) : undefined,
      'dialer.skip': lead && strategy === 'preview' ? () => void dialer.dialer('dialer.skip', lead.id) : undefined,
    },
    { priority: PRIORITY.section + 1 },
  );

  const inner = width - 2;
  const refusal = dialer.refusal && (dialer.refusal.leadId === null || dialer.refusal.leadId === lead?.id) ? dialer.refusal.text : null;
  const say = (text: string, tone?: string) => (
    <Text wrap="wrap" color={tone}>
      {text}
    </Text>
  );
  const callbacksNote =
    due > 0 ? (
      <Text color={theme.warning} bold={!theme.color} wrap="truncate">
        {due} callback{due === 1 ? ' is' : 's are'} due — {callbacksKey ? `${callbacksKey} ` : ''}Callbacks tab
      </Text>
    ) : null;

  let body: React.ReactNode;
  if (!campaign) body = say('Your campaign is not in the catalog: log out and in again.', theme.warning);
  else if (lead)
    body = <PreviewCard lead={lead} campaign={campaign} now={now} width={inner} height={height - (due ? 1 : 0)} refusal={refusal} paused={agent.status === 'paused'} />;
  else if (strategy === 'power') {
    const power = store.get('campaignStats', campaign.id)?.effectivePower ?? 1;
    body = (
      <>
        {say(`Waiting for the dialler to connect a call (power ${powerLabel(power)})`, theme.accent)}
        <Text color={theme.muted} wrap="wrap">
          You are in the pool: the first lead to answer is put through to you, with its card and dispositions.
        </Text>
      </>
    );
  } else if (strategy === 'voice-messaging') body = say(`${campaign.name} plays its message to leads with no agent: there is nothing to dial here.`, theme.muted);
  else if (agent.status === 'paused') body = say(unpauseKey ? `You are paused: press ${unpauseKey} to take leads again.` : 'You are paused: unpause to take leads again.', theme.muted);
  else if (strategy === 'preview')
    body = (
      <>
        {nextKey ? (
          <Text wrap="truncate">
            Press <Text bold inverse>{` ${nextKey} `}</Text> for the next lead of {campaign.name}.
          </Text>
        ) : (
          <Text wrap="truncate">You can fetch the next lead of {campaign.name} once you are free.</Text>
        )}
        {refusal ? say(refusal, theme.danger) : null}
      </>
    );
  else body = say(`Waiting for the next lead of ${campaign.name}: it comes to you by itself when one can be called.`, theme.muted);

  return (
    <Box flexDirection="column" width={width} height={height} paddingX={1} overflow="hidden">
      {callbacksNote}
      {body}
    </Box>
  );
}

function PreviewCard({
  lead,
  campaign,
  now,
  width,
  height,
  refusal,
  paused,
}: {
  lead: Lead;
  campaign: CatalogCampaign;
  now: number;
  width: number;
  height: number;
  refusal: string | null;
  paused: boolean;
}) {
  const theme = useTheme();
  const progressive = campaign.strategy === 'progressive';
  const form = campaign.feedbackForm;
  const refusalRows = refusal ? Math.ceil((refusal.length + 9) / (width - 2)) : 0;
  // Under the card: the buttons, the countdown, a paused note, a refusal.
  const others = 1 + (progressive ? 1 : 0) + (paused ? 1 : 0) + refusalRows;
  const formFull = form ? formRows(form, false) : 0;
  // The lead's fields come first; the form gives way to its title line when they need the room.
  const fieldRoom = Math.max(1, height - others - 2 - (form ? 1 : 0));
  const cardRows = leadCardRows(lead, width, fieldRoom, true);
  const formCollapsed = Boolean(form) && height - others - cardRows < formFull;
  return (
    <Box flexDirection="column" width={width}>
      <LeadCard lead={lead} campaign={campaign} now={now} width={width} maxFieldRows={fieldRoom} withTitle state={lead.callback ? 'callback' : 'previewing'} />
      <Text wrap="truncate">
        {'  '}
        <KeyButton id="dialer.dial" label="Dial" />
        {progressive ? null : (
          <>
            <KeyButton id="dialer.next" label="Next" />
            <KeyButton id="dialer.skip" label="Skip" />
          </>
        )}
      </Text>
      {progressive ? <AutoDial at={lead.autoDialAt} /> : null}
      {paused ? (
        <Text color={theme.warning} wrap="truncate">
          {'  '}You are paused: this lead waits until you dial it.
        </Text>
      ) : null}
      {refusal ? (
        <Box paddingLeft={2} width={width}>
          <ErrorText word="Refused" wrap="wrap">{refusal}</ErrorText>
        </Box>
      ) : null}
      {form ? (
        <FeedbackForm call={{ id: lead.id, form: null }} form={form} width={width} editing={false} collapsed={formCollapsed} onEditingChange={() => {}} readOnlyNote="read-only until the call starts" />
      ) : null}
    </Box>
  );
}

/** "Dialling in 0:12" under the Dial button: the progressive campaign dials by itself when it reaches zero. */
function AutoDial({ at }: { at: number | null }) {
  const theme = useTheme();
  const { client } = useApp();
  const store = useStore(client);
  // Half-second ticks: the seconds shown never lag the server's dial by a whole second.
  const now = store.serverNow(useNow(500));
  if (at === null) return null;
  const left = at - now;
  return (
    <Text wrap="truncate" color={left <= 5000 ? theme.warning : theme.accent} bold>
      {'  '}
      {left > 0 ? `Dialling in ${countdown(left)}` : 'Dialling…'}
    </Text>
  );
}
