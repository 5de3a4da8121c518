/**
 * Live batches: the frame in which the gateway sends the conflated entities a
 * panel follows (queue and campaign figures, metrics, colleagues' presence),
 * at most once per interval. It carries no sequence number: it is never
 * replayed, and a resumed panel is sent the current values instead.
 *
 *   {"v":1,"ev":"live.batch","at":"<iso>","data":{"updates":[{"ev":"queue.stats","data":{"stats":{...}}}, ...]}}
 *
 * Each update has the shape of the event that carries the entity, so a client
 * applies it as it applies that event.
 */
export const LIVE_BATCH_EVENT = 'live.batch';

export interface LiveUpdate {
  ev: string;
  data: Record<string, unknown>;
}

/** The most views (screens asking for agents or figures) one connection may hold at once. */
export const MAX_VIEWS = 32;
