import type { Agent } from '../protocol/model.js';

/*
 * Whether an agent's phone may be offered a call (calls/device-unreachable.ts
 * marks one that could not be reached): what distribution and every agent
 * update that hears from the phone need, without the handlers that end or
 * requeue calls (which need distribution themselves).
 */

/** The wait after the first failure, and the longest wait. */
export const DEVICE_RETRY_FIRST_MS = 10_000;
export const DEVICE_RETRY_MAX_MS = 5 * 60_000;

/** Whether an offer may go to the agent's device now (not within the wait after it could not be reached). */
export function deviceMayBeOffered(agent: Agent, now: number): boolean {
  const mark = agent.deviceUnreachable;
  return !mark || mark.waitUntil === null || mark.waitUntil <= now;
}

/** What an agent update adds when the phone has been heard from: the mark goes. */
export function deviceReached(agent: Agent): Partial<Agent> {
  return agent.deviceUnreachable ? { deviceUnreachable: null } : {};
}
