import type { Principal } from '../core/context.js';
import type { StoredEvent } from '../core/ports/store.js';
import { catalogFor, type Catalog } from '../core/protocol/catalog.js';
import type { EventFrame } from '../core/protocol/events.js';

export function toFrame(event: StoredEvent): EventFrame {
  return { v: 1, seq: event.seq, ev: event.ev, at: new Date(event.at).toISOString(), data: event.data };
}

/**
 * An event as this principal's panel gets it. The catalog is the one
 * exception to "serialised once": each panel gets it with its own directory
 * row only (catalogFor), and it changes only on a reload.
 */
export function eventTextFor(event: StoredEvent, who: Principal): string {
  if (event.ev !== 'catalog.updated') return JSON.stringify(toFrame(event));
  const catalog = event.data.catalog as Catalog & { id: string };
  return JSON.stringify(toFrame({ ...event, data: { ...event.data, catalog: catalogFor(catalog, who.agent) } }));
}

/** The frames of these events for this principal, or null when together they would be more than `maxBytes`. */
export function framesWithin(events: StoredEvent[], who: Principal, maxBytes: number): string[] | null {
  const frames: string[] = [];
  let bytes = 0;
  for (const event of events) {
    const frame = eventTextFor(event, who);
    bytes += Buffer.byteLength(frame);
    if (bytes > maxBytes) return null;
    frames.push(frame);
  }
  return frames;
}
