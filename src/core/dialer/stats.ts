import type { HandlerContext } from '../context.js';
import type { CampaignStats } from '../protocol/model.js';
import { dayKey } from './local-time.js';

const WINDOW_DAYS = 30;

export function emptyCampaignStats(id: string, power: number): CampaignStats {
  return { id, inFlight: 0, leadsLeft: 0, daily: {}, abandonRate: 0, effectivePower: power, channelLimitReached: false };
}

export function campaignStatsOf(ctx: HandlerContext, id: string): CampaignStats {
  const power = ctx.config.campaigns.find((c) => c.id === id)?.powerNumber ?? 1;
  return ctx.state.get('campaignStats', id) ?? emptyCampaignStats(id, power);
}

/** Abandoned over live-answered calls in the last 30 days, as a fraction. */
export function rollingRate(daily: CampaignStats['daily'], zone: string, now: number): { rate: number; live: number; abandoned: number } {
  const oldest = dayKey(zone, now - (WINDOW_DAYS - 1) * 86_400_000);
  let live = 0;
  let abandoned = 0;
  for (const [day, counts] of Object.entries(daily)) {
    if (day < oldest) continue;
    live += counts.live;
    abandoned += counts.abandoned;
  }
  return { rate: live === 0 ? 0 : abandoned / live, live, abandoned };
}

/**
 * Recompute a campaign's status-line figures. `outcome` records a live answer
 * (and whether it was dropped) in today's bucket for the abandonment rate.
 */
export function refreshCampaignStats(ctx: HandlerContext, id: string, outcome?: { live: boolean; abandoned: boolean }, patch: Partial<CampaignStats> = {}): CampaignStats {
  const now = ctx.clock.now();
  const zone = ctx.config.center.timeZone;
  const before = campaignStatsOf(ctx, id);
  let daily = before.daily;
  if (outcome && (outcome.live || outcome.abandoned)) {
    const day = dayKey(zone, now);
    const today = daily[day] ?? { live: 0, abandoned: 0 };
    const oldest = dayKey(zone, now - WINDOW_DAYS * 86_400_000);
    daily = Object.fromEntries(Object.entries(daily).filter(([d]) => d > oldest));
    daily[day] = { live: today.live + (outcome.live ? 1 : 0), abandoned: today.abandoned + (outcome.abandoned ? 1 : 0) };
  }
  let inFlight = 0;
  for (const call of ctx.state.all('call')) if (call.campaign === id && call.state !== 'ended' && call.lead) inFlight++;
  let leadsLeft = 0;
  for (const lead of ctx.state.all('lead')) if (lead.campaign === id && !lead.closed && lead.status !== 'disposed') leadsLeft++;
  const after: CampaignStats = { ...before, ...patch, daily, inFlight, leadsLeft, abandonRate: rollingRate(daily, zone, now).rate };
  if (JSON.stringify(after) !== JSON.stringify(before) || !ctx.state.get('campaignStats', id)) ctx.tx.put('campaignStats', after);
  return after;
}
