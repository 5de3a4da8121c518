import type { EntityKind, EntityTypes } from '../model.js';

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

/** An event as it travels on the wire: `{v, seq, ev, at, data}`. */
export interface EventFrame {
  v: 1;
  seq: number;
  ev: string;
  at: string;
  data: Record<string, unknown>;
}

/**
 * Which entity each event carries and under which field of `data`. Events not
 * in this table are notices that change no entity.
 */
export const ENTITY_EVENTS = {
  'agent.updated': { kind: 'agent', field: 'agent' },
  'call.updated': { kind: 'call', field: 'call' },
  'call.removed': { kind: 'call', field: 'id', removed: true },
  'callRecord.updated': { kind: 'callRecord', field: 'record' },
  'queue.stats': { kind: 'queueStats', field: 'stats' },
  'token.updated': { kind: 'token', field: 'token' },
  'token.removed': { kind: 'token', field: 'id', removed: true },
  'alerts.updated': { kind: 'alerts', field: 'alerts' },
  'lead.updated': { kind: 'lead', field: 'lead' },
  'dnc.updated': { kind: 'dnc', field: 'dnc' },
  'campaign.stats': { kind: 'campaignStats', field: 'stats' },
  'conversation.updated': { kind: 'conversation', field: 'conversation' },
  'message.created': { kind: 'message', field: 'message' },
  'message.updated': { kind: 'message', field: 'message' },
  'ban.updated': { kind: 'ban', field: 'ban' },
  'ban.removed': { kind: 'ban', field: 'id', removed: true },
  'canned.updated': { kind: 'canned', field: 'canned' },
  'canned.removed': { kind: 'canned', field: 'id', removed: true },
  'contact.updated': { kind: 'contact', field: 'contact' },
  'file.updated': { kind: 'file', field: 'file' },
  'file.removed': { kind: 'file', field: 'id', removed: true },
  'metrics.updated': { kind: 'metrics', field: 'metrics' },
  'mqueue.stats': { kind: 'mqueueStats', field: 'stats' },
  'service.updated': { kind: 'service', field: 'service' },
  'catalog.updated': { kind: 'catalog', field: 'catalog' },
  'agentChat.updated': { kind: 'agentChat', field: 'chat' },
} as const satisfies Record<string, { kind: EntityKind; field: string; removed?: true }>;

export type EntityEventName = keyof typeof ENTITY_EVENTS;

export interface EntityChange {
  kind: EntityKind;
  key: string;
  value: EntityTypes[EntityKind] | null;
}

/** The entity an event inserts, replaces or removes, if any. */
export function entityChangeOf(ev: string, data: Record<string, unknown>): EntityChange | null {
  const spec = (ENTITY_EVENTS as Record<string, { kind: EntityKind; field: string; removed?: true }>)[ev];
  if (!spec) return null;
  if (spec.removed) return { kind: spec.kind, key: String(data[spec.field]), value: null };
  const value = data[spec.field] as EntityTypes[EntityKind];
  return { kind: spec.kind, key: (value as { id: string }).id, value };
}

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
