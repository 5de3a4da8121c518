import type { HandlerContext } from '../context.js';
import { agentConfig } from '../config/lookup.js';

/**
 * The configuration changed while agents were logged in (at a restart, or a
 * reload on SIGHUP): an agent whose campaign is no longer theirs keeps their session but
 * gets the manual's warning under the campaign label and no more leads.
 */
export function warnRemovedFromCampaign(ctx: HandlerContext): void {
  for (const agent of [...ctx.state.all('agent')]) {
    const s = agent.session;
    if (!s?.campaign) continue;
    const config = agentConfig(ctx.config, agent.id);
    const campaignExists = ctx.config.campaigns.some((c) => c.id === s.campaign);
    if (config?.campaigns.includes(s.campaign) && campaignExists) {
      if (s.campaignWarning) ctx.tx.put('agent', { ...agent, session: { ...s, campaignWarning: null } }, 'campaign-restored');
      continue;
    }
    const warning = `You have been removed from campaign ${s.campaign}. Log out and in again to choose another.`;
    if (s.campaignWarning !== warning)
      ctx.tx.put('agent', { ...agent, session: { ...s, campaignWarning: warning, mode: s.strategy === 'blended' ? 'inbound' : s.mode } }, 'removed-from-campaign');
  }
}
