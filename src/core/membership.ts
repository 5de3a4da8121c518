import { voiceQueueNumbers } from './catalog.js';
import type { HandlerContext } from './context.js';
import { agentConfig } from './config/lookup.js';

/**
 * Queue membership is configuration. When it changes (at start, or on a reload), the
 * sessions of logged-in agents follow it, so an agent added to a queue starts
 * receiving its work without logging in again.
 */
export function syncMembership(ctx: HandlerContext): void {
  for (const agent of [...ctx.state.all('agent')]) {
    const s = agent.session;
    if (!s || s.strategy === 'outbound') continue;
    const config = agentConfig(ctx.config, agent.id);
    if (!config) continue;
    const voiceQueues = voiceQueueNumbers(config);
    const messagingQueues = config.messagingQueues;
    if (JSON.stringify(voiceQueues) === JSON.stringify(s.voiceQueues) && JSON.stringify(messagingQueues) === JSON.stringify(s.messagingQueues)) continue;
    ctx.tx.put('agent', { ...agent, session: { ...s, voiceQueues, messagingQueues } }, 'membership');
  }
}
