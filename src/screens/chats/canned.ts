import type { CannedResponse } from '../../core/protocol/model.js';

/** Canned responses whose title or text has every word of the query (any case), by title. */
export function cannedMatches(responses: CannedResponse[], query: string): CannedResponse[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return responses
    .filter((r) => {
      const hay = `${r.title}\n${r.text}`.toLowerCase();
      return words.every((w) => hay.includes(w));
    })
    .sort((a, b) => a.title.localeCompare(b.title));
}

export const CHANNELS = ['livechat', 'email', 'sms', 'whatsapp', 'facebook'] as const;
export const CHANNEL_NAMES: Record<string, string> = { livechat: 'Live chat', email: 'Email', sms: 'SMS', whatsapp: 'WhatsApp', facebook: 'Facebook' };
export const LANGUAGES = ['English', 'Deutsch', 'Español', 'Français', 'Italiano', 'Português (Brasil)'] as const;

/** The columns of Settings > Canned responses, each sortable (the manual's table). */
export const CANNED_SORTS = ['title', 'text', 'channels', 'language'] as const;
export type CannedSort = (typeof CANNED_SORTS)[number];
export const CANNED_SORT_TITLES: Record<CannedSort, string> = { title: 'Title', text: 'Canned Response', channels: 'Channels', language: 'Language' };

/** "All channels" or the names of the channels a response is offered in. */
export function channelsText(r: CannedResponse): string {
  return r.channels.length === CHANNELS.length ? 'All channels' : r.channels.map((c) => CHANNEL_NAMES[c] ?? c).join(', ');
}

/** Canned responses offered in a channel and written in a language (empty: any), sorted by a column; ties by title. */
export function arrangeCanned(responses: CannedResponse[], f: { channel?: string; language?: string }, by: CannedSort, descending: boolean): CannedResponse[] {
  const key = (r: CannedResponse) => (by === 'title' ? r.title : by === 'text' ? r.text : by === 'channels' ? channelsText(r) : r.language);
  const sign = descending ? -1 : 1;
  return responses
    .filter((r) => (!f.channel || r.channels.includes(f.channel as (typeof CHANNELS)[number])) && (!f.language || r.language === f.language))
    .sort((a, b) => sign * key(a).localeCompare(key(b), undefined, { sensitivity: 'base' }) || a.title.localeCompare(b.title));
}
