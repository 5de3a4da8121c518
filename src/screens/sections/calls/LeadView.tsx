import { Box, Text } from 'ink';
import React from 'react';
import type { Lead } from '../../../core/protocol/model.js';
import { ErrorText } from '../../../ui/ErrorText.js';
import { KeyButton } from '../../../ui/KeyButton.js';
import type { CatalogCampaign } from '../../dialer/leads.js';
import { FeedbackForm, formRows } from './FeedbackForm.js';
import { LeadCard, leadCardRows } from './LeadCard.js';

/**
 * The manual's callback "View": the lead in detail with its feedback form
 * (read-only: it is filled in on the call), and the ways on from here — Dial,
 * Change disposition, back. The keys are the Callbacks tab's.
 */
export function LeadView({
  lead,
  campaign,
  now,
  width,
  height,
  refusal,
}: {
  lead: Lead;
  campaign: CatalogCampaign | undefined;
  now: number;
  width: number;
  height: number;
  refusal: string | null;
}) {
  const inner = width - 2;
  const form = campaign?.feedbackForm ?? null;
  const refusalRows = refusal ? Math.ceil((refusal.length + 9) / (inner - 2)) : 0;
  const others = 1 + refusalRows;
  const fieldRoom = Math.max(1, height - others - 2 - (form ? 1 : 0));
  const cardRows = leadCardRows(lead, inner, fieldRoom, true);
  const formFull = form ? formRows(form, false) : 0;
  return (
    <Box flexDirection="column" width={width} paddingX={1}>
      <LeadCard lead={lead} campaign={campaign} now={now} width={inner} maxFieldRows={fieldRoom} withTitle state={lead.callback ? 'callback' : (lead.closed ?? lead.status)} />
      <Text wrap="truncate">
        {'  '}
        <KeyButton id="callbacks.dial" label="Dial" />
        <KeyButton id="callbacks.redispose" label="Change disposition" />
        <KeyButton id="callbacks.back" label="Back" />
      </Text>
      {refusal ? (
        <Box paddingLeft={2} width={inner}>
          <ErrorText word="Refused" wrap="wrap">{refusal}</ErrorText>
        </Box>
      ) : null}
      {form ? (
        <FeedbackForm
          call={{ id: lead.id, form: null }}
          form={form}
          width={inner}
          editing={false}
          collapsed={height - others - cardRows < formFull}
          onEditingChange={() => {}}
          readOnlyNote="read-only — filled in on the call"
        />
      ) : null}
    </Box>
  );
}
