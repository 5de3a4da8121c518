import type { HandlerContext } from '../context.js';
import type { Call, Conversation } from '../protocol/model.js';
import type { Transaction } from '../transaction.js';
import { dayKey, localTime } from '../dialer/local-time.js';
import type { DayMetrics } from '../protocol/model.js';
import { copyMetrics, emptyMetrics, metricsId } from './day-metrics.js';
import { addSample } from './samples.js';
import { voiceQueueConfig } from '../config/lookup.js';

const ACTIVE = new Set(['open', 'waiting', 'solved']);

/**
 * Daily figures kept from each transaction's changes (never by rescanning),
 * stored as entities so they survive a restart exactly. Every change is
 * credited to the scopes it concerns: the center, its queue, its channel and
 * its agent.
 */
export class MetricsKeeper {
  private pending = new Map<string, DayMetrics>();

  refresh(ctx: HandlerContext, tx: Transaction): void {
    if (!tx.touched.some((t) => t.kind === 'conversation' || t.kind === 'call')) return;
    const zone = ctx.config.center.timeZone;
    const day = dayKey(zone, tx.at);
    const hour = Math.floor(localTime(zone, tx.at).minutes / 60);
    this.pending = new Map();
    const get = (scope: string): DayMetrics => {
      const id = metricsId(day, scope);
      let m = this.pending.get(id);
      if (!m) {
        const stored = ctx.state.get('metrics', id) as DayMetrics | undefined;
        m = stored ? copyMetrics(stored) : emptyMetrics(day, scope);
        this.pending.set(id, m);
      }
      return m;
    };
    for (const t of tx.touched) {
      if (t.kind === 'conversation') this.conversation(get, t.prev as Conversation | null, t.next as Conversation | null, hour);
      else if (t.kind === 'call') this.call(ctx, get, t.prev as Call | null, t.next as Call | null);
    }
    for (const m of this.pending.values()) ctx.tx.put('metrics', m);
  }

  private conversation(get: (scope: string) => DayMetrics, prev: Conversation | null, next: Conversation | null, hour: number): void {
    if (!next) return;
    const shared = ['center', `queue:${next.queue}`, `channel:${next.channel}`];
    if (!prev) {
      for (const scope of shared) {
        const m = get(scope);
        m.created++;
        m.perHour[hour]!++;
        bump(m.byQueue, next.queue, 'created');
        bump(m.byChannel, next.channel, 'created');
      }
    }
    if (next.agent && prev?.agent !== next.agent) {
      const m = get(`agent:${next.agent}`);
      m.created++;
      m.perHour[hour]!++;
      bump(m.byQueue, next.queue, 'created');
      bump(m.byChannel, next.channel, 'created');
    }
    const scopes = next.agent ? [...shared, `agent:${next.agent}`] : shared;
    if (prev && prev.firstReplyAt === null && next.firstReplyAt !== null && next.assignedAt !== null) {
      for (const scope of scopes) {
        const m = get(scope);
        m.speedOfAnswer = addSample(m.speedOfAnswer, next.firstReplyAt - next.assignedAt);
      }
    }
    if (prev && prev.status !== 'closed' && next.status === 'closed') {
      for (const scope of scopes) {
        const m = get(scope);
        m.closed++;
        bump(m.byQueue, next.queue, 'closed');
        bump(m.byChannel, next.channel, 'closed');
        if (next.assignedAt !== null && next.closedAt !== null) m.handlingTime = addSample(m.handlingTime, next.closedAt - next.assignedAt);
      }
    }
  }

  private call(ctx: HandlerContext, get: (scope: string) => DayMetrics, prev: Call | null, next: Call | null): void {
    if (!prev || !next || !next.queue || next.direction !== 'inbound') return;
    const scopes = ['center', `vqueue:${next.queue}`];
    // A decline leaves the call ringing or waiting: its count of declines tells, and whose offer it took away whose it was.
    const declines = (next.declines ?? 0) - (prev.declines ?? 0);
    if (declines > 0) {
      const decliners = prev.offers.filter((o) => !next.offers.some((n) => n.agent === o.agent)).map((o) => `agent:${o.agent}`);
      for (const scope of scopes) get(scope).callsDeclined = (get(scope).callsDeclined ?? 0) + declines;
      for (const scope of decliners) get(scope).callsDeclined = (get(scope).callsDeclined ?? 0) + 1;
    }
    const waiting = prev.state === 'waiting' || prev.state === 'ringing';
    if (waiting && next.state === 'on-call' && next.answeredAt !== null && next.transferredFromQueue !== next.queue) {
      const wait = next.answeredAt - next.arrivedAt;
      const sl = (voiceQueueConfig(ctx.config, next.queue)?.serviceLevelSeconds ?? 0) * 1000;
      for (const scope of next.agent ? [...scopes, `agent:${next.agent}`] : scopes) {
        const m = get(scope);
        m.callsAnswered++;
        m.waitMs += wait;
        if (wait <= sl) m.answeredWithinServiceLevel++;
      }
    } else if (waiting && next.state === 'ended' && next.endCause === 'abandoned') {
      for (const scope of scopes) get(scope).callsAbandoned++;
    } else if ((prev.state === 'on-call' || prev.state === 'on-hold') && next.state === 'ended' && next.answeredAt !== null && next.endedAt !== null) {
      const talk = Math.max(0, next.endedAt - next.answeredAt - next.holdMs);
      for (const scope of next.agent ? [...scopes, `agent:${next.agent}`] : scopes) {
        const m = get(scope);
        m.talkMs += talk;
        m.callsEnded++;
      }
    }
  }
}

function bump(map: Record<string, { created: number; closed: number }>, key: string, field: 'created' | 'closed'): void {
  const entry = map[key] ?? { created: 0, closed: 0 };
  entry[field]++;
  map[key] = entry;
}

/**
 * Conversations open at the start of a day that began on an earlier one.
 * Computed from the conversations themselves, so it is right after a restart
 * at any hour, and at midnight for the new day.
 */
export function carryOver(ctx: HandlerContext, day: string, dayStart: number): void {
  const counts = new Map<string, number>();
  const add = (scope: string) => counts.set(scope, (counts.get(scope) ?? 0) + 1);
  for (const c of ctx.state.all('conversation')) {
    if (c.createdAt >= dayStart) continue;
    if (c.closedAt !== null && c.closedAt < dayStart) continue;
    add('center');
    add(`queue:${c.queue}`);
    add(`channel:${c.channel}`);
    if (c.agent && (ACTIVE.has(c.status) || c.closedAt !== null)) add(`agent:${c.agent}`);
  }
  for (const [scope, n] of counts) {
    const id = metricsId(day, scope);
    const m = (ctx.state.get('metrics', id) as DayMetrics | undefined) ?? emptyMetrics(day, scope);
    if (m.carriedOver !== n) ctx.tx.put('metrics', { ...m, carriedOver: n }, 'carried-over');
  }
}
