import { describe, expect, it } from 'vitest';
import { textOf } from '../../src/channels/whatsapp/read-notification.js';
import type { WaMessage } from '../../src/channels/whatsapp/payload.js';

/** A shared place in words, as the agent reads it. */
const located = (latitude: number, longitude: number, name?: string): WaMessage => ({ from: '447700900123', id: 'wamid.1', type: 'location', location: { latitude, longitude, name } });

describe('a WhatsApp location in words', () => {
  it('gives the place and a map link for coordinates on the Earth', () => {
    expect(textOf(located(-33.85679, 151.21521, 'Opera House'))).toBe('📍 Opera House (-33.85679, 151.21521) https://maps.google.com/?q=-33.85679,151.21521');
  });

  it('says coordinates off the Earth are not valid, with no link to nowhere', () => {
    expect(textOf(located(1e308, -1e308))).toBe('📍 Location (coordinates not valid: 1e+308, -1e+308)');
    expect(textOf(located(91, 0, 'Nowhere'))).toBe('📍 Nowhere (coordinates not valid: 91, 0)');
  });
});
