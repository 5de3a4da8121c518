import type { DayMetrics } from '../protocol/model.js';
import { emptySamples } from './samples.js';

export function metricsId(day: string, scope: string): string {
  return `${day}|${scope}`;
}

export function emptyMetrics(day: string, scope: string): DayMetrics {
  return {
    id: metricsId(day, scope),
    day,
    scope,
    created: 0,
    carriedOver: 0,
    closed: 0,
    byQueue: {},
    byChannel: {},
    perHour: Array.from({ length: 24 }, () => 0),
    speedOfAnswer: emptySamples(),
    handlingTime: emptySamples(),
    callsAnswered: 0,
    callsAbandoned: 0,
    callsDeclined: 0,
    answeredWithinServiceLevel: 0,
    waitMs: 0,
    talkMs: 0,
    callsEnded: 0,
  };
}

/**
 * A copy of a day's figures that the keeper may change in place: the counts
 * it bumps are copied, the samples are not (addSample makes new ones). Half
 * the cost of structuredClone, which every transaction that touches a
 * conversation or a call paid for four scopes.
 */
export function copyMetrics(m: DayMetrics): DayMetrics {
  const counts = (byKey: DayMetrics['byQueue']) => Object.fromEntries(Object.entries(byKey).map(([k, v]) => [k, { ...v }]));
  return { ...m, byQueue: counts(m.byQueue), byChannel: counts(m.byChannel), perHour: [...m.perHour] };
}
