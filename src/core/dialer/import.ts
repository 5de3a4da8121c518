import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { CoreError } from '../errors.js';
import type { HandlerContext } from '../context.js';
import type { Lead } from '../protocol/model.js';
import { isTimeZone } from './local-time.js';
import { refreshCampaignStats } from './stats.js';

export interface LeadRow {
  line: number;
  phone: string;
  name?: string;
  timeZone?: string;
  fields?: Record<string, string>;
}

/**
 * Add lead rows to a campaign. Phones are normalised to E.164; a row whose
 * phone is not a valid number is reported by its line and skipped; a phone the
 * campaign already has is not added twice (re-importing a file changes
 * nothing), though its other columns are refreshed while it is still new.
 */
export function importLeads(ctx: HandlerContext, campaignId: string, rows: LeadRow[]) {
  const campaign = ctx.config.campaigns.find((c) => c.id === campaignId);
  if (!campaign) throw new CoreError('CAMPAIGN_NOT_FOUND', `There is no campaign "${campaignId}".`);
  const region = (campaign.defaultRegion ?? ctx.config.dialer.defaultRegion) as CountryCode;
  const zoneDefault = campaign.timeZone ?? ctx.config.center.timeZone;
  const existing = new Map<string, Lead>();
  let order = 0;
  for (const lead of ctx.state.all('lead')) {
    if (lead.campaign !== campaignId) continue;
    existing.set(lead.phone, lead);
    order = Math.max(order, lead.order);
  }
  const invalid: Array<{ line: number; reason: string }> = [];
  let imported = 0;
  let duplicates = 0;
  for (const row of rows) {
    const raw = (row.phone ?? '').trim();
    const parsed = raw ? parsePhoneNumberFromString(raw, region) : undefined;
    if (!parsed || !parsed.isValid()) {
      invalid.push({ line: row.line, reason: raw ? `"${raw}" is not a valid phone number` : 'the phone is empty' });
      continue;
    }
    let zone = zoneDefault;
    if (row.timeZone && row.timeZone.trim()) {
      if (!isTimeZone(row.timeZone.trim())) {
        invalid.push({ line: row.line, reason: `"${row.timeZone}" is not a time zone (expected e.g. Europe/London)` });
        continue;
      }
      zone = row.timeZone.trim();
    }
    const phone = parsed.number;
    const before = existing.get(phone);
    if (before) {
      duplicates++;
      if (before.status === 'new' && !before.closed) {
        const refreshed = { ...before, name: row.name?.trim() || before.name, timeZone: zone, fields: { ...before.fields, ...row.fields } };
        if (JSON.stringify(refreshed) !== JSON.stringify(before)) ctx.tx.put('lead', refreshed, 'reimported');
      }
      continue;
    }
    const lead: Lead = {
      id: ctx.random.id('lead'),
      campaign: campaignId,
      phone,
      name: row.name?.trim() || phone,
      timeZone: zone,
      fields: row.fields ?? {},
      status: 'new',
      attempts: 0,
      lastDialAt: null,
      nextDialAt: null,
      callback: null,
      agent: null,
      disposition: null,
      closed: null,
      abandonedAt: null,
      autoDialAt: null,
      order: ++order,
    };
    existing.set(phone, lead);
    ctx.tx.put('lead', lead, 'imported');
    imported++;
  }
  refreshCampaignStats(ctx, campaignId);
  return { campaign: campaignId, imported, duplicates, invalid };
}
