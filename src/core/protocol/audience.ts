/**
 * Who may see an event. Computed when the event is made and stored with it, so
 * a resumed client is sent exactly what it would have seen live.
 */
export interface Audience {
  all?: boolean;
  agents?: string[];
  supervisors?: boolean;
  /** Members of these messaging queues (resolved when sending, from the configuration). */
  queues?: string[];
  /** Agents of these campaigns (from the configuration). */
  campaigns?: string[];
}

export const EVERYONE: Audience = { all: true };
export const NOBODY: Audience = {};

export function mergeAudience(a: Audience, b: Audience): Audience {
  if (a.all || b.all) return EVERYONE;
  const agents = [...new Set([...(a.agents ?? []), ...(b.agents ?? [])])];
  const queues = [...new Set([...(a.queues ?? []), ...(b.queues ?? [])])];
  const campaigns = [...new Set([...(a.campaigns ?? []), ...(b.campaigns ?? [])])];
  const out: Audience = {};
  if (agents.length > 0) out.agents = agents;
  if (queues.length > 0) out.queues = queues;
  if (campaigns.length > 0) out.campaigns = campaigns;
  if (a.supervisors || b.supervisors) out.supervisors = true;
  return out;
}

export interface Viewer {
  agent: string;
  supervisor: boolean;
  /** Messaging queues the viewer is a member of (configuration). */
  queues?: readonly string[];
  /** Campaigns the viewer is assigned to (configuration). */
  campaigns?: readonly string[];
}

export function canSee(audience: Audience, viewer: Viewer): boolean {
  if (audience.all) return true;
  if (audience.supervisors && viewer.supervisor) return true;
  if (audience.agents?.includes(viewer.agent)) return true;
  if (audience.campaigns?.some((c) => viewer.campaigns?.includes(c))) return true;
  return audience.queues?.some((q) => viewer.queues?.includes(q)) ?? false;
}
