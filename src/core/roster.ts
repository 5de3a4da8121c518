import type { HandlerContext, Principal } from './context.js';
import { agentConfig, campaignMembers, messagingMembers } from './config/lookup.js';
import type { CatalogAgent, Catalog } from './protocol/catalog.js';
import type { commandSchemas } from './protocol/commands.js';
import type { RosterAnswer, StatsAnswer } from './protocol/results.js';
import type { z } from 'zod';

type Args<C extends keyof typeof commandSchemas> = z.output<(typeof commandSchemas)[C]>;

const rows = new WeakMap<Catalog, Map<string, CatalogAgent>>();

/** The catalog's directory rows by agent number, built once per catalog. */
function directoryOf(catalog: Catalog): Map<string, CatalogAgent> {
  let map = rows.get(catalog);
  if (!map) {
    map = new Map(catalog.agents.map((a) => [a.number, a]));
    rows.set(catalog, map);
  }
  return map;
}

/**
 * roster.subscribe: the agents a screen shows, as they are now, with their
 * directory rows. The gateway then sends this connection their changes,
 * batched, while the view lasts. Any agent may follow any agent (transfers
 * go to anyone); the scope only says which: named agents, the members of
 * queues (voice numbers or messaging ids), the agents assigned to campaigns
 * (an outbound agent is in no queue this session, but is in their campaign),
 * the colleagues who share a configured queue or campaign with the viewer
 * (a supervisor's: everyone), or all.
 * Unknown numbers and queues are left out, not refused: a saved custom list
 * may name an agent since removed from the configuration.
 */
export function rosterOf(ctx: HandlerContext, who: Principal, scope: Args<'roster.subscribe'>): RosterAnswer {
  const ids = new Set<string>();
  const addMembers = (queue: string) => {
    for (const m of ctx.members.get(queue) ?? []) ids.add(m.agent);
    for (const a of messagingMembers(ctx.config, queue)) ids.add(a);
  };
  if (scope.all || (scope.colleagues && who.supervisor)) {
    for (const a of ctx.config.agents) ids.add(a.number);
  } else {
    for (const id of scope.agents ?? []) if (agentConfig(ctx.config, id)) ids.add(id);
    for (const q of scope.queues ?? []) addMembers(q);
    for (const c of scope.campaigns ?? []) for (const a of campaignMembers(ctx.config, c)) ids.add(a);
    if (scope.colleagues) {
      for (const q of [...who.voiceQueues, ...who.queues]) addMembers(q);
      // An outbound colleague is in no queue this session: sharing a campaign makes them one, as the Agents tab counts it.
      for (const c of who.campaigns) for (const a of campaignMembers(ctx.config, c)) ids.add(a);
    }
  }
  const directory = directoryOf(ctx.catalog);
  const answer: RosterAnswer = { agents: [], directory: [] };
  for (const id of ids) {
    const agent = ctx.state.agent(id);
    const row = directory.get(id);
    if (!agent || !row) continue;
    answer.agents.push(agent);
    answer.directory.push(row);
  }
  return answer;
}

/**
 * directory.lookup: agents' directory rows (name, queues), for a screen that
 * names colleagues without showing their state (a chat's agent, who banned
 * an address), or every row (the Voice settings' list to choose from).
 * Unknown numbers are left out.
 */
export function directoryRows(ctx: HandlerContext, args: Args<'directory.lookup'>): { directory: CatalogAgent[] } {
  if (args.all) return { directory: ctx.catalog.agents };
  const directory = directoryOf(ctx.catalog);
  return { directory: [...new Set(args.agents ?? [])].map((id) => directory.get(id)).filter((r): r is CatalogAgent => r !== undefined) };
}

/**
 * stats.subscribe: queues' and campaigns' figures a screen shows beyond the
 * panel's own (the Queues tab set to all, the chat transfer dialog), as they
 * are now; the gateway then batches their changes to this connection.
 * Figures are counts: anyone may follow any queue's. Unknown ids are left out.
 */
export function statsOf(ctx: HandlerContext, scope: Args<'stats.subscribe'>): StatsAnswer {
  const pick = <T>(ids: string[] | undefined, get: (id: string) => T | undefined): T[] =>
    [...new Set(ids ?? [])].map(get).filter((s): s is T => s !== undefined);
  return {
    queueStats: pick(scope.voiceQueues, (id) => ctx.state.stats(id)),
    mqueueStats: pick(scope.messagingQueues, (id) => ctx.state.get('mqueueStats', id)),
    campaignStats: pick(scope.campaigns, (id) => ctx.state.get('campaignStats', id)),
  };
}
