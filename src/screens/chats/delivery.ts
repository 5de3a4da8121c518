import type { Message } from '../../core/protocol/model.js';

/** How a message of ours stands, as the log draws it: a mark after it and, when it waits or failed, why. */
export interface DeliveryMark {
  mark: string;
  tone: 'muted' | 'seen' | 'warning' | 'danger';
  bold: boolean;
  /** A sentence under the message: the provider's reason it waits or failed. */
  note: string | null;
}

/**
 * My messages' marks. Live chat: ✓ sent, ✓✓ seen. A provider channel
 * (email, SMS, WhatsApp, Facebook) follows its delivery: ⧗ queued, waiting to go
 * (with the reason when the provider refused for now), ✓ sent, ✓✓ delivered,
 * ✓✓ in bold when read (the manual's Seen), ✗ not sent with the provider's
 * words. Told apart without colour by the glyphs and bold.
 */
export function deliveryMark(m: Message): DeliveryMark | null {
  if (m.sentFrom) return null;
  const d = m.delivery;
  if (!d) return m.seenAt !== null ? { mark: '✓✓', tone: 'seen', bold: true, note: null } : { mark: '✓', tone: 'muted', bold: false, note: null };
  switch (d.status) {
    case 'queued':
      return { mark: '⧗ queued', tone: d.detail ? 'warning' : 'muted', bold: false, note: d.detail };
    case 'sent':
      return { mark: '✓', tone: 'muted', bold: false, note: null };
    case 'delivered':
      return { mark: '✓✓', tone: 'muted', bold: false, note: null };
    case 'read':
      return { mark: '✓✓', tone: 'seen', bold: true, note: null };
    case 'failed':
      return { mark: '✗ not sent', tone: 'danger', bold: true, note: d.detail ?? 'The provider did not take it.' };
  }
}

/** "Sent from Facebook" for a reply written in Facebook's own tools; otherwise null. */
export function sentFromLabel(m: Message): string | null {
  return m.sentFrom === 'facebook' ? 'Sent from Facebook' : null;
}
