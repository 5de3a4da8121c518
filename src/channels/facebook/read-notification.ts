import type { FacebookConfig } from '../../core/config/provider-channels.js';
import type { EchoedMessage } from '../../core/messaging/echo.js';
import { UNNAMED_ON_FACEBOOK } from '../../core/messaging/inbound.js';
import { readCallbackKey, type CallbackKey } from '../provider/callback-key.js';
import { onEarth } from '../provider/coordinates.js';
import type { InboundDraft, MediaRef } from '../provider/ingest.js';
import type { FbAttachment, FbEvent, ReadEvent } from './payload.js';

/** A customer's thread with one of our pages. */
export function facebookThread(pageId: string, psid: string): string {
  return `facebook:${pageId}:${psid}`;
}

export function readFacebookThread(ref: string | null): { pageId: string; psid: string } | null {
  const m = /^facebook:(\d+):([A-Za-z0-9_-]+)$/.exec(ref ?? '');
  return m ? { pageId: m[1]!, psid: m[2]! } : null;
}

/** The page's own message, echoed: ours (it carries our key) or written in Facebook's tools. */
export interface Echo extends EchoedMessage {
  key: CallbackKey | null;
}

/** The customer has read (or received) everything up to `watermark` in the thread, and these mids. */
export interface Watermark {
  threadRef: string;
  kind: 'read' | 'delivered';
  watermark: number | null;
  mids: string[];
}

/** One entry of a notification (a page), its events read one by one (payload.ts readEvents). */
export interface ReadEntry {
  id: string;
  events: ReadEvent[];
}

export interface ReadNotification {
  drafts: InboundDraft[];
  echoes: Echo[];
  watermarks: Watermark[];
  unknownPages: string[];
}

interface Readers {
  media(a: FbAttachment, label: string, mid: string, index: number): MediaRef;
  name(pageId: string, psid: string): string | null;
}

export function readNotification(entries: ReadEntry[], config: FacebookConfig, readers: Readers): ReadNotification {
  const out: ReadNotification = { drafts: [], echoes: [], watermarks: [], unknownPages: [] };
  for (const entry of entries) {
    const page = config.pages.find((p) => p.id === entry.id);
    if (!page) {
      if (entry.events.length) out.unknownPages.push(entry.id);
      continue;
    }
    for (const e of entry.events) {
      const echo = e.message?.is_echo === true;
      // An echo goes from the page to the customer; everything else from the customer to the page.
      const psid = echo ? e.recipient.id : e.sender.id;
      const threadRef = facebookThread(page.id, psid);
      // The page's own message, unread: nothing of it can be confirmed or shown.
      if (e.unreadable && echo) continue;
      if (e.message && echo) {
        out.echoes.push({ channel: 'facebook', externalId: e.message.mid, threadRef, text: echoText(e), attachments: [], key: readCallbackKey(e.message.metadata) });
      } else if (e.message) {
        const name = readers.name(page.id, psid);
        const media = (e.message.attachments ?? []).filter((a) => a.payload?.url && MEDIA_TYPES[a.type]).map((a, i) => readers.media(a, MEDIA_TYPES[a.type]!, e.message!.mid, i));
        out.drafts.push({
          channel: 'facebook',
          queue: page.queue,
          externalId: e.message.mid,
          threadRef,
          customer: { id: `fb:${psid}`, name: name ?? UNNAMED_ON_FACEBOOK, email: null, phone: null, ip: null, geo: null, social: { facebookName: name, page: { id: page.id, name: page.name }, pageScopedId: psid } },
          text: e.unreadable ? '[A Messenger message switchboard could not read]' : textOf(e),
          media,
          // Messenger states when the customer sent it in Unix milliseconds.
          sentAt: e.timestamp ?? null,
        });
      }
      if (e.read) out.watermarks.push({ threadRef, kind: 'read', watermark: e.read.watermark, mids: [] });
      if (e.delivery) out.watermarks.push({ threadRef, kind: 'delivered', watermark: e.delivery.watermark ?? null, mids: e.delivery.mids ?? [] });
    }
  }
  return out;
}

const MEDIA_TYPES: Record<string, string> = { image: 'Photo', video: 'Video', audio: 'Voice note', file: 'File' };

/** The message in words: its text, a place, and what could not be shown. */
function textOf(e: FbEvent): string {
  const parts = [e.message?.text ?? ''];
  for (const a of e.message?.attachments ?? []) {
    const c = a.payload?.coordinates;
    const place = a.payload?.title ? `${a.payload.title} ` : '';
    if (a.type === 'location' && c && !onEarth(c.lat, c.long)) parts.push(`📍 ${place || 'Location '}(coordinates not valid: ${c.lat}, ${c.long})`);
    else if (a.type === 'location' && c) parts.push(`📍 ${place}(${c.lat.toFixed(5)}, ${c.long.toFixed(5)}) https://maps.google.com/?q=${c.lat},${c.long}`);
    else if (!MEDIA_TYPES[a.type] || !a.payload?.url) parts.push(`[A ${a.type} from Messenger, which switchboard cannot show]`);
  }
  return parts.filter(Boolean).join('\n');
}

function echoText(e: FbEvent): string {
  const files = (e.message?.attachments ?? []).map((a) => `[${MEDIA_TYPES[a.type] ?? a.type}]`);
  return [e.message?.text ?? '', ...files].filter(Boolean).join(' ');
}
