import type { Config } from './config/schema.js';
import { dayKey } from './dialer/local-time.js';
import { metricsId } from './metrics/day-metrics.js';
import type { Agent, Call, QueueStats } from './protocol/model.js';
import type { State } from './state/state.js';
import type { Transaction } from './transaction.js';

const CALL_WAITING = new Set(['waiting', 'ringing']);

export function emptyStats(queue: string, day: string): QueueStats {
  return {
    id: queue,
    day,
    waiting: 0,
    oldestWaitingSince: null,
    busy: 0,
    idle: 0,
    paused: 0,
    loggedIn: 0,
    answered: 0,
    abandoned: 0,
    declined: 0,
    totalWaitMs: 0,
    answeredWithinServiceLevel: 0,
    lastOffered: null,
  };
}

/**
 * A queue's figures on a new day: what is live now (waiting, members) stays,
 * the day's counts start from zero, as the Dashboard's "Voice today" and the
 * day metrics do. Figures of the same day come back as they were.
 */
export function onDay(stats: QueueStats, day: string): QueueStats {
  if (stats.day === day) return stats;
  return { ...stats, day, answered: 0, abandoned: 0, declined: 0, totalWaitMs: 0, answeredWithinServiceLevel: 0 };
}

/**
 * How a logged-in member counts in its queues' figures. A member with a call
 * (ringing, talking, in wrap-up) is busy even if they paused meanwhile: the
 * pause keeps new calls away and starts to count once the call is done, as
 * Asterisk shows a paused member "in use" and VICIdial an agent INCALL. Counted
 * paused first, a supervisor saw a queue whose call was being handled with
 * nobody busy.
 */
type MemberBucket = 'busy' | 'idle' | 'paused';

function bucketOf(agent: Agent): MemberBucket {
  if (agent.activity !== 'idle') return 'busy';
  if (agent.status === 'paused') return 'paused';
  return agent.session?.mode === 'outbound' ? 'busy' : 'idle';
}

/**
 * Keeps each voice queue's statistics live without scanning everything: an
 * index of logged-in members and waiting calls per queue follows every state
 * change, and so do the members' counts by state (busy, idle, paused), so a
 * figure costs the same in a queue of 10 members or of 1,000. Answered,
 * abandoned and declined totals advance on the call transitions that cause
 * them, over the centre's local day (the first change of a new day starts
 * them again, and the engine does at midnight when nothing changes).
 */
export class QueueStatsKeeper {
  private readonly members = new Map<string, Set<string>>();
  private readonly buckets = new Map<string, Record<MemberBucket, number>>();
  private readonly waiting = new Map<string, Set<string>>();
  private readonly serviceLevelMs = new Map<string, number>();
  private readonly timeZone: string;

  constructor(
    private readonly state: State,
    config: Config,
  ) {
    this.timeZone = config.center.timeZone;
    for (const q of config.voiceQueues) {
      this.members.set(q.number, new Set());
      this.buckets.set(q.number, { busy: 0, idle: 0, paused: 0 });
      this.waiting.set(q.number, new Set());
      this.serviceLevelMs.set(q.number, q.serviceLevelSeconds * 1000);
    }
    state.observe((kind, prev, next) => {
      if (kind === 'agent') this.indexAgent(prev as Agent | null, next as Agent | null);
      else if (kind === 'call') this.indexCall(prev as Call | null, next as Call | null);
    });
  }

  /** Emit queue.stats for every queue the transaction's changes affect. */
  refresh(tx: Transaction): void {
    const affected = new Set<string>();
    const counters = new Map<string, Partial<QueueStats>>();
    for (const { kind, prev, next } of tx.touched) {
      if (kind === 'agent') {
        for (const q of (prev as Agent | null)?.session?.voiceQueues ?? []) affected.add(q);
        for (const q of (next as Agent | null)?.session?.voiceQueues ?? []) affected.add(q);
      } else if (kind === 'call') {
        const call = (next ?? prev) as Call;
        if (call.queue) {
          affected.add(call.queue);
          this.count(prev as Call | null, next as Call | null, counters);
        }
      }
    }
    const day = dayKey(this.timeZone, tx.at);
    for (const queue of affected) {
      if (!this.members.has(queue)) continue;
      const kept = this.state.stats(queue);
      const before = kept ? onDay(kept, day) : emptyStats(queue, day);
      const delta = counters.get(queue) ?? {};
      const after: QueueStats = {
        ...before,
        ...this.counts(queue),
        answered: before.answered + (delta.answered ?? 0),
        abandoned: before.abandoned + (delta.abandoned ?? 0),
        declined: before.declined + (delta.declined ?? 0),
        totalWaitMs: before.totalWaitMs + (delta.totalWaitMs ?? 0),
        answeredWithinServiceLevel: before.answeredWithinServiceLevel + (delta.answeredWithinServiceLevel ?? 0),
      };
      if (!kept || !sameStats(kept, after)) tx.put('queueStats', after);
    }
  }

  private counts(queue: string): Pick<QueueStats, 'waiting' | 'oldestWaitingSince' | 'busy' | 'idle' | 'paused' | 'loggedIn'> {
    const members = this.members.get(queue)!;
    const { busy, idle, paused } = this.buckets.get(queue)!;
    let oldest: number | null = null;
    const waitingCalls = this.waiting.get(queue)!;
    for (const id of waitingCalls) {
      const call = this.state.call(id);
      if (call && (oldest === null || call.arrivedAt < oldest)) oldest = call.arrivedAt;
    }
    return { waiting: waitingCalls.size, oldestWaitingSince: oldest, busy, idle, paused, loggedIn: members.size };
  }

  private count(prev: Call | null, next: Call | null, counters: Map<string, Partial<QueueStats>>): void {
    if (!next || !next.queue || !prev || !CALL_WAITING.has(prev.state) || next.direction !== 'inbound') return;
    // A caller transferred within a queue was answered there once already.
    if (next.transferredFromQueue === next.queue && next.state === 'on-call') return;
    const c = counters.get(next.queue) ?? {};
    // A decline leaves the call waiting (or ringing the next agent): only its count of declines tells.
    const declines = (next.declines ?? 0) - (prev.declines ?? 0);
    if (declines > 0) c.declined = (c.declined ?? 0) + declines;
    if (next.state === 'on-call' && next.answeredAt !== null) {
      const wait = next.answeredAt - next.arrivedAt;
      c.answered = (c.answered ?? 0) + 1;
      c.totalWaitMs = (c.totalWaitMs ?? 0) + wait;
      if (wait <= (this.serviceLevelMs.get(next.queue) ?? 0))
        c.answeredWithinServiceLevel = (c.answeredWithinServiceLevel ?? 0) + 1;
    } else if (next.state === 'ended' && next.endCause === 'abandoned') {
      c.abandoned = (c.abandoned ?? 0) + 1;
    }
    counters.set(next.queue, c);
  }

  private indexAgent(prev: Agent | null, next: Agent | null): void {
    for (const q of prev?.session?.voiceQueues ?? []) {
      const buckets = this.buckets.get(q);
      if (buckets && this.members.get(q)!.delete(prev!.id)) buckets[bucketOf(prev!)]--;
    }
    for (const q of next?.session?.voiceQueues ?? []) {
      const buckets = this.buckets.get(q);
      if (buckets && !this.members.get(q)!.has(next!.id)) {
        this.members.get(q)!.add(next!.id);
        buckets[bucketOf(next!)]++;
      }
    }
  }

  private indexCall(prev: Call | null, next: Call | null): void {
    const call = next ?? prev;
    if (!call?.queue) return;
    if (prev?.queue && prev.queue !== call.queue) this.waiting.get(prev.queue)?.delete(prev.id);
    const set = this.waiting.get(call.queue);
    if (!set) return;
    if (next && CALL_WAITING.has(next.state)) set.add(call.id);
    else set.delete(call.id);
  }
}

/**
 * Every queue's figures on `day`, at start and at each local midnight: counts
 * of an earlier day start again (a quiet queue showed yesterday's until its
 * next call), and a figure added since the store was written (declined)
 * starts at zero beside the ones kept.
 */
export function figuresOnDay(state: State, tx: Transaction, queues: string[], day: string): void {
  for (const queue of queues) {
    const kept = state.stats(queue);
    const stats = kept && kept.day === undefined ? countedBeforeDays(state, { ...emptyStats(queue, day), ...kept }, day) : onDay({ ...emptyStats(queue, ''), ...kept }, day);
    if (!kept || !sameStats(kept, stats)) tx.put('queueStats', stats);
  }
}

/**
 * Figures kept before they had a day counted every day since the store began.
 * The day metrics of the queue (metrics/keeper.ts) count the same answers,
 * abandons and waits for today, so today's figures are taken from them rather
 * than lost at the upgrade; declines were not counted before.
 */
function countedBeforeDays(state: State, stats: QueueStats, day: string): QueueStats {
  const m = state.get('metrics', metricsId(day, `vqueue:${stats.id}`));
  return {
    ...stats,
    answered: m?.callsAnswered ?? 0,
    abandoned: m?.callsAbandoned ?? 0,
    declined: 0,
    totalWaitMs: m?.waitMs ?? 0,
    answeredWithinServiceLevel: m?.answeredWithinServiceLevel ?? 0,
  };
}

function sameStats(a: QueueStats, b: QueueStats): boolean {
  for (const key of Object.keys(b) as Array<keyof QueueStats>) if (a[key] !== b[key]) return false;
  return true;
}
