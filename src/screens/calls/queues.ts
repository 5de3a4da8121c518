import type { Catalog } from '../../core/protocol/catalog.js';
import type { QueueStats } from '../../core/protocol/model.js';
import type { VoiceSettings } from '../../client/settings.js';

export type CatalogQueue = Catalog['voiceQueues'][number];

/** The queues the Queues tab lists, as Voice settings say: mine, all, or a custom list. */
export function shownQueues(catalog: Catalog | null, settings: VoiceSettings, mine: string[]): CatalogQueue[] {
  const all = catalog?.voiceQueues ?? [];
  if (settings.queues.show === 'all') return all;
  const wanted = new Set(settings.queues.show === 'custom' ? settings.queues.custom : mine);
  return all.filter((q) => wanted.has(q.number));
}

/** Search by queue name or number; every word must match. */
export function queueMatches(queue: { name: string; number: string }, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const hay = `${queue.name} ${queue.number}`.toLowerCase();
  return words.every((w) => hay.includes(w));
}

/** Max wait time: how long the longest-waiting caller has waited, or null when nobody waits. */
export function mwtMs(stats: QueueStats | undefined, now: number): number | null {
  if (!stats?.oldestWaitingSince || stats.waiting === 0) return null;
  return Math.max(0, now - stats.oldestWaitingSince);
}

/** Over the agent's MWT threshold: the manual draws it red (the server raises the alert). */
export function overThreshold(mwt: number | null, thresholdMinutes: number): boolean {
  return mwt !== null && mwt >= thresholdMinutes * 60_000;
}
