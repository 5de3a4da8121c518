import type { EntityKind, EntityTypes } from './model.js';
import { EVERYONE, NOBODY, type Audience } from './protocol/events.js';

/**
 * Who sees each kind of entity. Agents see every agent's state (Agents tab)
 * and every queue's statistics (Queues tab); a call is seen by the agent on it
 * and by supervisors; tokens are never sent to anybody.
 */
export function audienceOf<K extends EntityKind>(kind: K, entity: EntityTypes[K]): Audience {
  switch (kind) {
    case 'agent':
    case 'queueStats':
      return EVERYONE;
    case 'call': {
      const call = entity as EntityTypes['call'];
      const agents = new Set(call.offers.map((o) => o.agent));
      if (call.agent) agents.add(call.agent);
      return { agents: [...agents], supervisors: true };
    }
    case 'callRecord':
      // Who may list it is finer (mayViewCall: supervisors of its queue); its event reaches the agent and supervisors, as a closed conversation's does.
      return { agents: [(entity as EntityTypes['callRecord']).agent], supervisors: true };
    case 'alerts':
      return { agents: [(entity as EntityTypes['alerts']).id] };
    case 'lead': {
      const lead = entity as EntityTypes['lead'];
      const agents = new Set<string>();
      if (lead.agent) agents.add(lead.agent);
      if (lead.callback?.agent) agents.add(lead.callback.agent);
      // A callback for anyone is for every agent of the campaign (their Callbacks tab).
      const forAnyone = lead.callback !== null && lead.callback.agent === null && !lead.closed;
      return forAnyone ? { agents: [...agents], campaigns: [lead.campaign], supervisors: true } : { agents: [...agents], supervisors: true };
    }
    case 'campaignStats':
      return EVERYONE;
    case 'dnc':
      return { supervisors: true };
    case 'conversation':
      return conversationAudience(entity as EntityTypes['conversation']);
    case 'ban':
    case 'canned':
    case 'service':
    case 'catalog':
      return EVERYONE;
    case 'agentChat':
      return { agents: [...(entity as EntityTypes['agentChat']).members] };
    case 'mqueueStats':
      return { queues: [(entity as EntityTypes['mqueueStats']).id], supervisors: true };
    default:
      return NOBODY;
  }
}

/** The event that carries a changed entity of this kind. */
export const UPDATE_EVENT: Record<EntityKind, string> = {
  agent: 'agent.updated',
  call: 'call.updated',
  callRecord: 'callRecord.updated',
  queueStats: 'queue.stats',
  token: 'token.updated',
  alerts: 'alerts.updated',
  lead: 'lead.updated',
  dnc: 'dnc.updated',
  campaignStats: 'campaign.stats',
  conversation: 'conversation.updated',
  message: 'message.created',
  ban: 'ban.updated',
  canned: 'canned.updated',
  contact: 'contact.updated',
  file: 'file.updated',
  metrics: 'metrics.updated',
  mqueueStats: 'mqueue.stats',
  service: 'service.updated',
  catalog: 'catalog.updated',
  agentChat: 'agentChat.updated',
};

export const REMOVE_EVENT: Partial<Record<EntityKind, string>> = {
  call: 'call.removed',
  token: 'token.removed',
  ban: 'ban.removed',
  canned: 'canned.removed',
  file: 'file.removed',
};

/**
 * An unassigned conversation is seen by the members of its queue (Unassigned
 * Chats); an assigned one by its agent; supervisors see all. Messages follow
 * their conversation.
 */
export function conversationAudience(c: EntityTypes['conversation']): Audience {
  return c.agent ? { agents: [c.agent], supervisors: true } : { queues: [c.queue], supervisors: true };
}

export const DATA_FIELD: Record<EntityKind, string> = {
  agent: 'agent',
  call: 'call',
  callRecord: 'record',
  queueStats: 'stats',
  token: 'token',
  alerts: 'alerts',
  lead: 'lead',
  dnc: 'dnc',
  campaignStats: 'stats',
  conversation: 'conversation',
  message: 'message',
  ban: 'ban',
  canned: 'canned',
  contact: 'contact',
  file: 'file',
  metrics: 'metrics',
  mqueueStats: 'stats',
  service: 'service',
  catalog: 'catalog',
  agentChat: 'chat',
};
