import type { HandlerContext, Principal } from './context.js';
import type { AlertList } from './protocol/model.js';
import { formatMinutes } from './text.js';
import { voiceQueueConfig } from './config/lookup.js';

const KEEP_ALERTS = 200;

export interface AlertSettings {
  mwtThresholdMinutes: number;
  intervalMinutes: number;
  myQueuesOnly: boolean;
}

function listOf(ctx: HandlerContext, agent: string): AlertList {
  return ctx.state.get('alerts', agent) ?? { id: agent, settings: null, items: [], lastByQueue: {} };
}

/** alerts.configure: the agent's Voice Settings > Alerts, kept on the server so alerts are raised while away. */
export function configureAlerts(ctx: HandlerContext, who: Principal, settings: AlertSettings) {
  return { alerts: ctx.tx.put('alerts', { ...listOf(ctx, who.agent), settings }, 'configured') };
}

/** alerts.clear: the Alerts dialog's delete-all. */
export function clearAlerts(ctx: HandlerContext, who: Principal) {
  return { alerts: ctx.tx.put('alerts', { ...listOf(ctx, who.agent), items: [] }, 'cleared') };
}

/**
 * Raise an alert for every queue whose longest-waiting caller is past the
 * agent's threshold, at most once per alert interval per queue. Runs on a
 * periodic tick of the injected clock.
 */
export function checkWaitAlerts(ctx: HandlerContext): number {
  const now = ctx.clock.now();
  let raised = 0;
  for (const list of [...ctx.state.all('alerts')]) {
    if (!list.settings) continue;
    const agent = ctx.state.agent(list.id);
    if (!agent?.session) continue;
    const { mwtThresholdMinutes, intervalMinutes, myQueuesOnly } = list.settings;
    const queues = myQueuesOnly ? agent.session.voiceQueues : ctx.config.voiceQueues.map((q) => q.number);
    let next = list;
    for (const queue of queues) {
      const stats = ctx.state.stats(queue);
      if (!stats?.oldestWaitingSince) continue;
      const waited = now - stats.oldestWaitingSince;
      if (waited < mwtThresholdMinutes * 60_000) continue;
      const last = next.lastByQueue[queue];
      if (last !== undefined && now - last < intervalMinutes * 60_000) continue;
      const name = voiceQueueConfig(ctx.config, queue)?.name ?? queue;
      const item = {
        id: ctx.random.id('alert'),
        at: now,
        queue,
        text: `${name} (${queue}): a caller has waited ${formatMinutes(waited)}, over the ${mwtThresholdMinutes} min threshold (${stats.waiting} waiting).`,
      };
      next = { ...next, items: [item, ...next.items].slice(0, KEEP_ALERTS), lastByQueue: { ...next.lastByQueue, [queue]: now } };
      raised++;
    }
    if (next !== list) ctx.tx.put('alerts', next, 'mwt');
  }
  return raised;
}
