import type { Strategy } from './model.js';

/**
 * Whether a login with this working strategy is given the agent's queues,
 * voice and messaging alike. The manual: outbound agents "focus solely on
 * outbound campaigns" and their Queues label reads 0. The core builds the
 * session from this and the login window shows what it will get from the
 * same rule, so the two cannot say different things.
 */
export function takesQueueWork(strategy: Strategy): boolean {
  return strategy !== 'outbound';
}
