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
