import { CoreError } from '../errors.js';
import type { HandlerContext, Principal } from '../context.js';
import type { Call } from '../protocol/model.js';
import type { DispositionConfig, FeedbackFormConfig } from '../config/schema.js';
import { validateForm } from '../forms.js';
import { completeIfDone, settleAgent } from './completion.js';
import { findCall } from './find.js';
import { applyLeadDisposition } from '../dialer/outcomes.js';
import { listCallerAsDnc } from '../dialer/caller-dnc.js';
import { refreshCampaignStats } from '../dialer/stats.js';
import { voiceQueueConfig } from '../config/lookup.js';
import { requireCallbackForTime, requireLeadForTime } from '../dialer/callback-window.js';
import { refusalWithoutLead } from '../protocol/lead-dispositions.js';

export const DISPOSITION_OK = 'Disposition submitted successfully';

/** The dispositions and form of the queue or campaign a call belongs to. */
export function outcomesOf(ctx: HandlerContext, call: Call): { name: string; dispositions: DispositionConfig[]; form: FeedbackFormConfig | null } {
  const owner = call.queue
    ? voiceQueueConfig(ctx.config, call.queue)
    : call.campaign
      ? ctx.config.campaigns.find((c) => c.id === call.campaign)
      : undefined;
  if (!owner) return { name: 'this call', dispositions: [], form: null };
  const name = 'number' in owner ? `${owner.name} (${owner.number})` : owner.name;
  return {
    name,
    dispositions: owner.dispositions ? (ctx.config.dispositions[owner.dispositions] ?? []) : [],
    form: owner.feedbackForm ? (ctx.config.feedbackForms[owner.feedbackForm] ?? null) : null,
  };
}

export interface DisposeArgs {
  callId?: string;
  hotkey?: string;
  code?: string;
  fields?: Record<string, unknown>;
  /** For callback dispositions: when to call back (epoch ms). */
  callbackAt?: number;
}

/**
 * Record the outcome of an answered or completed queue/dialer call. A second
 * disposition for the same call is refused, so a hotkey pressed twice (or a
 * script retried) never doubles it.
 */
export function submitDisposition(ctx: HandlerContext, who: Principal, args: DisposeArgs) {
  const call = findCall(ctx, who, args.callId, 'complete');
  const outcomes = outcomesOf(ctx, call);
  if (!call.needsDisposition || outcomes.dispositions.length === 0)
    throw new CoreError('NO_DISPOSITIONS', `${outcomes.name} has no dispositions to submit.`);
  if (call.disposition)
    throw new CoreError('ALREADY_DISPOSED', `A disposition was already submitted for this call (${call.disposition.name}).`);
  const key = (args.hotkey ?? args.code ?? '').trim();
  const chosen = args.hotkey
    ? outcomes.dispositions.find((d) => d.hotkey?.toLowerCase() === key.toLowerCase())
    : outcomes.dispositions.find((d) => d.code.toLowerCase() === key.toLowerCase() || d.name.toLowerCase() === key.toLowerCase());
  if (!chosen) {
    const how = args.hotkey ? `hotkey ${key}` : `code or name "${key}"`;
    throw new CoreError('UNKNOWN_DISPOSITION', `No disposition has ${how} in ${outcomes.name}.`);
  }
  // A callback or retry acts on a campaign's lead; on a call without one it would be recorded and do nothing,
  // so it is refused before anything is written and the agent chooses another outcome.
  const leadless = call.lead ? null : refusalWithoutLead(chosen, outcomes.name);
  if (leadless) throw new CoreError(leadless.code, leadless.message, { code: chosen.code, type: chosen.type });
  requireLeadForTime(call.lead !== null, outcomes.name, args.callbackAt);
  requireCallbackForTime(chosen, args.callbackAt);
  let form = call.form;
  if (args.fields && Object.keys(args.fields).length > 0) {
    if (!outcomes.form) throw new CoreError('NO_FORM', `${outcomes.name} has no feedback form.`);
    if (call.form) throw new CoreError('FORM_ALREADY_SUBMITTED', 'The feedback form of this call was already submitted.');
    form = { values: validateForm(outcomes.form, args.fields), at: ctx.clock.now() };
  }
  const now = ctx.clock.now();
  const updated = ctx.tx.put(
    'call',
    { ...call, form, disposition: { code: chosen.code, name: chosen.name, type: chosen.type, color: chosen.color, at: now, by: who.agent } },
    'disposed',
  );
  const lead = updated.lead ? applyLeadDisposition(ctx, updated.lead, updated.disposition!, args.callbackAt) : null;
  if (!updated.lead && chosen.type === 'dnc') listCallerAsDnc(ctx, updated, updated.disposition!);
  const completed = completeIfDone(ctx, updated);
  settleAgent(ctx, who.agent);
  if (updated.campaign) refreshCampaignStats(ctx, updated.campaign);
  return { message: DISPOSITION_OK, call: updated, completed, disposition: updated.disposition!, lead };
}

/** Submit the feedback form of a call: values are checked against the form's typed fields. */
export function submitForm(ctx: HandlerContext, who: Principal, callId: string | undefined, values: Record<string, unknown>) {
  const call = findCall(ctx, who, callId, 'complete');
  const outcomes = outcomesOf(ctx, call);
  if (!call.needsForm || !outcomes.form) throw new CoreError('NO_FORM', `${outcomes.name} has no feedback form.`);
  if (call.form) throw new CoreError('FORM_ALREADY_SUBMITTED', 'The feedback form of this call was already submitted.');
  const updated = ctx.tx.put('call', { ...call, form: { values: validateForm(outcomes.form, values), at: ctx.clock.now() } }, 'form');
  const completed = completeIfDone(ctx, updated);
  settleAgent(ctx, who.agent);
  return { message: 'Feedback form submitted successfully', call: updated, completed };
}
