import { monthDay, timeOfDay } from '../../../ui/format.js';

/** A chat's start time in a list: the time today (14:02, in the agent's format), else the date. */
export function startTime(at: number, now: number): string {
  if (new Date(at).toDateString() !== new Date(now).toDateString()) return monthDay(at);
  return timeOfDay(at);
}
