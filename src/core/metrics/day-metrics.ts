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
    answeredWithinServiceLevel: 0,
    waitMs: 0,
    talkMs: 0,
    callsEnded: 0,
  };
}
