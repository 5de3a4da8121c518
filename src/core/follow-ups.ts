import { distribute } from './acd/distribute.js';
import type { HandlerContext } from './context.js';
import { rebalanceBlended } from './dialer/blended.js';
import { assignProgressive } from './dialer/pacing.js';
import { autoAssign, queuesToAssign } from './messaging/assign.js';
import { reassignOnStatusChange } from './messaging/status-change.js';
import type { MetricsKeeper } from './metrics/keeper.js';
import { refreshLiveFigures } from './metrics/live-figures.js';
import type { EntityKind } from './protocol/model.js';
import type { QueueStatsKeeper } from './queue-stats.js';
import type { Transaction } from './transaction.js';

/** The engine's keepers of derived figures, which follow-ups refresh. */
export interface Keepers {
  stats: QueueStatsKeeper;
  metrics: MetricsKeeper;
}

/** Work the engine does after a command (or any transaction), inside the same transaction. */
export interface FollowUp {
  name: string;
  /**
   * Runs when the transaction has touched one of these kinds by the time its
   * turn comes (the command, or a follow-up before it); `always` runs every time.
   */
  after: readonly EntityKind[] | 'always';
  run(ctx: HandlerContext, tx: Transaction, keepers: Keepers): void;
}

/**
 * What runs after every transaction, in this order (docs/architecture.md, "Follow-ups").
 * Anything that freed an agent or queued a caller may allow an offer now:
 * blended agents move first, then callers are offered, then progressive
 * agents who are still free get their next lead. Agents and conversations
 * that changed may let a waiting chat be assigned. The figures come last, so
 * they count what the follow-ups did too.
 */
export const FOLLOW_UPS: readonly FollowUp[] = [
  { name: 'blended rebalancing', after: ['agent', 'call'], run: (ctx) => rebalanceBlended(ctx) },
  { name: 'call distribution', after: ['agent', 'call'], run: (ctx) => distribute(ctx) },
  {
    name: 'progressive assignment',
    after: ['agent', 'call'],
    run: (ctx, tx) => {
      const agents = new Set(tx.touched.filter((t) => t.kind === 'agent').map((t) => (t.next as { id: string } | null)?.id).filter((id): id is string => Boolean(id)));
      if (agents.size > 0) assignProgressive(ctx, agents);
    },
  },
  // An agent gone inactive (logged out; paused or disconnected too long, where the queue says so) gives their chats back first.
  { name: 'status-change reassignment', after: ['agent'], run: (ctx, tx) => reassignOnStatusChange(ctx, tx) },
  { name: 'chat auto-assignment', after: ['agent', 'conversation'], run: (ctx, tx) => autoAssign(ctx, queuesToAssign(ctx, tx.touched)) },
  // An import's new names merged into the search order now, not by the next searches.
  { name: 'contact search order', after: ['contact'], run: (ctx) => ctx.contacts.settle() },
  { name: 'live figures', after: ['agent', 'conversation', 'call'], run: (ctx, tx) => refreshLiveFigures(ctx, tx) },
  { name: 'queue statistics', after: 'always', run: (_ctx, tx, keepers) => keepers.stats.refresh(tx) },
  { name: 'day metrics', after: 'always', run: (ctx, tx, keepers) => keepers.metrics.refresh(ctx, tx) },
];

/** Run the follow-ups the transaction's changes call for, in the table's order. */
export function runFollowUps(ctx: HandlerContext, tx: Transaction, keepers: Keepers): void {
  for (const followUp of FOLLOW_UPS) {
    if (followUp.after === 'always' || followUp.after.some((kind) => tx.touchedKinds.has(kind))) followUp.run(ctx, tx, keepers);
  }
}
