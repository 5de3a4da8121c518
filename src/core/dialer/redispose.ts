import { CoreError } from '../errors.js';
import type { HandlerContext, Principal } from '../context.js';
import { applyLeadDisposition } from './outcomes.js';
import { refreshCampaignStats } from './stats.js';
import { requireCallbackForTime } from './callback-window.js';

/**
 * lead.dispose: change the disposition of a lead after its call (the
 * Callbacks tab's "Change disposition"). Agents may change their own personal
 * callbacks and leads they disposed; supervisors any.
 */
export function redispose(ctx: HandlerContext, who: Principal, args: { leadId: string; hotkey?: string; code?: string; callbackAt?: number }) {
  const lead = ctx.state.get('lead', args.leadId);
  if (!lead) throw new CoreError('LEAD_NOT_FOUND', `There is no lead ${args.leadId}.`);
  const mine = lead.callback?.agent === who.agent || lead.disposition?.by === who.agent;
  if (!mine && !who.supervisor) throw new CoreError('NOT_YOUR_LEAD', 'You may change only the dispositions of your own leads and callbacks.');
  if (lead.status === 'dialing' || lead.status === 'answered') throw new CoreError('LEAD_TAKEN', 'This lead is on a call now.');
  const campaign = ctx.config.campaigns.find((c) => c.id === lead.campaign)!;
  const list = campaign.dispositions ? (ctx.config.dispositions[campaign.dispositions] ?? []) : [];
  const key = (args.hotkey ?? args.code ?? '').toLowerCase();
  const chosen = args.hotkey ? list.find((d) => d.hotkey === key) : list.find((d) => d.code.toLowerCase() === key || d.name.toLowerCase() === key);
  if (!chosen) throw new CoreError('UNKNOWN_DISPOSITION', `No disposition has ${args.hotkey ? `hotkey ${args.hotkey}` : `code or name "${args.code}"`} in ${campaign.name}.`);
  requireCallbackForTime(chosen, args.callbackAt);
  const record = { code: chosen.code, name: chosen.name, type: chosen.type, color: chosen.color, at: ctx.clock.now(), by: who.agent };
  const updated = applyLeadDisposition(ctx, lead.id, record, args.callbackAt);
  refreshCampaignStats(ctx, campaign.id);
  return { message: 'Disposition changed successfully', lead: updated };
}
