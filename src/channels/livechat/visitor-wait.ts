/**
 * What a visitor waiting for an agent is told: their place in line, a rough
 * estimate of the wait, and whether anyone is there to answer at all. Only
 * counts leave the server, never agent numbers or queue ids.
 */

export interface WaitFacts {
  /** 1 for the chat that will be given to an agent next. */
  position: number;
  /** Agents who can take the chat now (see core/messaging/availability.ts). */
  agentsOnline: number;
  /** How long recent chats of the same queue waited for their first agent, in ms. */
  recentWaitsMs: readonly number[];
}

export interface VisitorWait {
  position: number;
  /** Whole minutes, at least 1; null when there is nothing to base it on or no one to answer. */
  estimateMinutes: number | null;
  agentsOnline: number;
}

/**
 * The estimate is the median recent wait for each chat ahead and this one:
 * rough, but it moves with the line and with how busy the agents have been,
 * and a median is not thrown by the one chat that waited over lunch.
 */
export function visitorWait(facts: WaitFacts): VisitorWait {
  const { position, agentsOnline, recentWaitsMs } = facts;
  if (agentsOnline === 0 || recentWaitsMs.length === 0) return { position, estimateMinutes: null, agentsOnline };
  const sorted = [...recentWaitsMs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { position, estimateMinutes: Math.max(1, Math.ceil((median * position) / 60_000)), agentsOnline };
}

/** Recent chats' waits per queue: the last 20 of the last hour, enough to follow a change of pace. */
export class RecentWaits {
  static readonly KEEP = 20;
  static readonly WITHIN_MS = 60 * 60_000;
  private readonly byQueue = new Map<string, Array<{ waitMs: number; at: number }>>();

  record(queue: string, waitMs: number, at: number): void {
    const list = this.byQueue.get(queue) ?? [];
    list.push({ waitMs: Math.max(0, waitMs), at });
    if (list.length > RecentWaits.KEEP) list.shift();
    this.byQueue.set(queue, list);
  }

  of(queue: string, now: number): number[] {
    return (this.byQueue.get(queue) ?? []).filter((w) => now - w.at <= RecentWaits.WITHIN_MS).map((w) => w.waitMs);
  }
}
