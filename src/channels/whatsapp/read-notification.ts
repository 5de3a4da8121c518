import type { WhatsappConfig } from '../../core/config/provider-channels.js';
import { readCallbackKey } from '../provider/callback-key.js';
import { onEarth } from '../provider/coordinates.js';
import type { InboundDraft, MediaRef } from '../provider/ingest.js';
import type { ProviderStatus } from '../provider/status.js';
import { formatPath } from '../../core/protocol/path.js';
import { waMessage, waMessageHead, type WaMessage, type WaMessageHead, type WaNotification, type WaStatus } from './payload.js';

/** The thread of a customer with one of our numbers: their conversation continues while it is open. */
export function whatsappThread(phoneNumberId: string, waId: string): string {
  return `whatsapp:${phoneNumberId}:${waId}`;
}

/** Our number and the customer's wa_id back from a thread reference. */
export function readWhatsappThread(ref: string | null): { phoneNumberId: string; waId: string } | null {
  const m = /^whatsapp:(\d+):(\d+)$/.exec(ref ?? '');
  return m ? { phoneNumberId: m[1]!, waId: m[2]! } : null;
}

export interface ReadNotification {
  drafts: InboundDraft[];
  statuses: ProviderStatus[];
  /** Changes for a number this server does not serve: logged, not kept. */
  unknownNumbers: string[];
  /** Why a message could not be read, for the log: kept in words when its sender and id were there, else dropped. */
  unreadable: string[];
}

/**
 * What a notification holds for us: customers' messages (as drafts whose
 * media is fetched next) and the statuses of our messages.
 */
export function readNotification(n: WaNotification, config: WhatsappConfig, media: (m: NonNullable<WaMessage['image']>, label: string) => MediaRef): ReadNotification {
  const out: ReadNotification = { drafts: [], statuses: [], unknownNumbers: [], unreadable: [] };
  for (const entry of n.entry) {
    for (const change of entry.changes) {
      if (change.field !== 'messages') continue;
      const value = change.value;
      const phoneNumberId = value.metadata?.phone_number_id ?? '';
      const number = config.numbers.find((x) => x.phoneNumberId === phoneNumberId);
      if (!number) {
        if (value.messages?.length || value.statuses?.length) out.unknownNumbers.push(phoneNumberId);
        continue;
      }
      const names = new Map((value.contacts ?? []).map((c) => [c.wa_id, c.profile?.name ?? null]));
      for (const [i, raw] of (value.messages ?? []).entries()) {
        const read = readMessage(raw);
        if (read.why) out.unreadable.push(`message ${i}${read.m ? ` (${read.m.id.slice(0, 100)} from +${read.m.from})` : ''}: ${read.why}`);
        const m = read.m;
        if (!m) continue;
        const profileName = names.get(m.from) ?? null;
        const phone = `+${m.from}`;
        out.drafts.push({
          channel: 'whatsapp',
          queue: number.queue,
          externalId: m.id,
          threadRef: whatsappThread(phoneNumberId, m.from),
          customer: { id: `phone:${phone}`, name: profileName?.trim() || phone, email: null, phone, ip: null, geo: null, social: { whatsappName: profileName } },
          text: read.full ? textOf(read.full) : `[A WhatsApp ${m.type ? `${m.type} ` : ''}message switchboard could not read]`,
          media: read.full ? mediaOf(read.full, media) : [],
          sentAt: sentAtOf(m.timestamp),
        });
      }
      for (const s of value.statuses ?? []) {
        const status = statusOf(s);
        if (status) out.statuses.push(status);
      }
    }
  }
  return out;
}

/**
 * One message of a notification. One the schema does not fit is still the
 * customer's: kept as a line saying it could not be read when its sender and
 * id are there (the agent can ask them again), so WhatsApp is answered 200
 * and the other messages of the notification are kept with it.
 */
function readMessage(raw: unknown): { m: WaMessageHead | null; full: WaMessage | null; why: string | null } {
  const full = waMessage.safeParse(raw);
  if (full.success) return { m: full.data, full: full.data, why: null };
  const issue = full.error.issues[0]!;
  const why = `${formatPath(issue.path) || '(the message)'}: ${issue.message}`;
  const head = waMessageHead.safeParse(raw);
  return { m: head.success ? head.data : null, full: null, why };
}

/** WhatsApp states when the customer sent a message in Unix seconds, as a string; anything else says nothing. */
export function sentAtOf(timestamp: string | undefined): number | null {
  return timestamp && /^\d{1,12}$/.test(timestamp) ? Number(timestamp) * 1000 : null;
}

const MEDIA_LABELS: Array<[keyof WaMessage, string]> = [
  ['image', 'Photo'],
  ['video', 'Video'],
  ['audio', 'Voice note'],
  ['document', 'Document'],
  ['sticker', 'Sticker'],
];

function mediaOf(m: WaMessage, media: (m: NonNullable<WaMessage['image']>, label: string) => MediaRef): MediaRef[] {
  for (const [key, label] of MEDIA_LABELS) {
    const item = m[key] as WaMessage['image'];
    if (item) return [media(item, label)];
  }
  return [];
}

/** The message in words: text, a caption, a place, a shared contact, a button pressed. */
export function textOf(m: WaMessage): string {
  switch (m.type) {
    case 'text':
      return m.text?.body ?? '';
    case 'image':
    case 'video':
    case 'document':
    case 'audio':
    case 'sticker':
      return (m[m.type] as WaMessage['image'])?.caption ?? '';
    case 'location': {
      const l = m.location;
      if (!l) return '📍 Location';
      const place = [l.name, l.address].filter(Boolean).join(', ');
      // Coordinates off the Earth (a tester's signed 1e308) would make a link to nowhere: the place is kept, the link is not.
      if (!onEarth(l.latitude, l.longitude)) return `📍 ${place ? `${place} ` : 'Location '}(coordinates not valid: ${l.latitude}, ${l.longitude})`;
      return `📍 ${place ? `${place} ` : 'Location '}(${l.latitude.toFixed(5)}, ${l.longitude.toFixed(5)}) https://maps.google.com/?q=${l.latitude},${l.longitude}`;
    }
    case 'contacts':
      return (m.contacts ?? [])
        .map((c) => `👤 ${[c.name?.formatted_name, ...(c.phones ?? []).map((p) => p.phone ?? (p.wa_id ? `+${p.wa_id}` : null)), ...(c.emails ?? []).map((e) => e.email)].filter(Boolean).join(', ')}`)
        .join('\n');
    case 'button':
      return m.button?.text ?? '';
    case 'interactive':
      return m.interactive?.button_reply?.title ?? m.interactive?.list_reply?.title ?? '';
    case 'reaction':
      return m.reaction?.emoji ? `Reacted ${m.reaction.emoji}` : 'Removed a reaction';
    default:
      return `[A WhatsApp ${m.type} message, which switchboard cannot show]`;
  }
}

const STATUSES: Record<string, ProviderStatus['status']> = { sent: 'sent', delivered: 'delivered', read: 'read', failed: 'failed' };

function statusOf(s: WaStatus): ProviderStatus | null {
  const status = STATUSES[s.status];
  if (!status) return null;
  const error = s.errors?.[0];
  const detail = status === 'failed' ? `WhatsApp could not deliver it: ${errorWords(error)}` : null;
  return { key: readCallbackKey(s.biz_opaque_callback_data), externalId: s.id, status, detail };
}

/** A WhatsApp error in words, with its code (131047: the 24-hour window had closed). */
export function errorWords(e: { code?: number; title?: string; message?: string; error_data?: { details?: string } } | undefined): string {
  if (!e) return 'no reason given.';
  const words = e.error_data?.details || e.message || e.title || 'no reason given';
  const known = e.code !== undefined ? KNOWN_ERRORS[e.code] : undefined;
  return `${known ?? words}${/[.!?]$/.test(known ?? words) ? '' : '.'}${e.code !== undefined ? ` (error ${e.code})` : ''}`;
}

/** The errors an agent meets most, in words that say what to do. */
const KNOWN_ERRORS: Record<number, string> = {
  131047: 'More than 24 hours have passed since the customer last wrote: only a template can reach them now',
  131026: 'The number cannot receive WhatsApp messages (not on WhatsApp, or an old app)',
  131051: 'WhatsApp does not take this kind of message',
  131052: 'The customer\'s file could not be downloaded from WhatsApp',
  131053: 'The file could not be uploaded to WhatsApp (its type or size)',
  132000: 'The template\'s parameters do not match the approved template',
  132001: 'The template does not exist in that language, or is not approved',
};
