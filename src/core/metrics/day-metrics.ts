import { emptySamples, type Samples } from './samples.js';

/**
 * One day's figures for one scope, in the server's time zone: the whole
 * center, a messaging queue, a voice queue, a channel, or an agent. For an
 * agent, "created" counts conversations first assigned to them that day.
 */
export interface DayMetrics {
  id: string;
  day: string;
  scope: string;
  created: number;
  carriedOver: number;
  closed: number;
  byQueue: Record<string, { created: number; closed: number }>;
  byChannel: Record<string, { created: number; closed: number }>;
  /** Conversations created (for an agent: assigned) per hour of the day. */
  perHour: number[];
  speedOfAnswer: Samples;
  handlingTime: Samples;
  callsAnswered: number;
  callsAbandoned: number;
  answeredWithinServiceLevel: number;
  waitMs: number;
  talkMs: number;
  callsEnded: number;
}

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
