import type { Config } from './config/schema.js';
import type { HandlerContext } from './context.js';
import type { Catalog } from './protocol/catalog.js';
import { catalogTemplates } from './messaging/template-catalog.js';

export function voiceQueueNumbers(agent: Config['agents'][number]): string[] {
  return agent.voiceQueues.map((m) => (typeof m === 'string' ? m : m.queue));
}

export function buildCatalog(config: Config): Catalog {
  const dispositions = (set?: string) => (set ? (config.dispositions[set] ?? []) : []);
  const form = (name?: string) => (name ? (config.feedbackForms[name] ?? null) : null);
  return {
    // Not the chat page's settings: a panel has no use for them, and a logo may be a large data URL.
    center: { name: config.center.name, timeZone: config.center.timeZone },
    pauseReasons: config.pauseReasons,
    voiceQueues: config.voiceQueues.map((q) => ({
      number: q.number,
      name: q.name,
      strategy: q.strategy,
      dispositions: dispositions(q.dispositions),
      feedbackForm: form(q.feedbackForm),
      postCallSurvey: q.postCallSurvey,
      serviceLevelSeconds: q.serviceLevelSeconds,
      wrapUpSeconds: q.wrapUpSeconds,
      declineRetrySeconds: q.declineRetrySeconds,
      screenPopUrl: q.screenPopUrl ?? null,
    })),
    messagingQueues: config.messagingQueues.map((q) => ({ id: q.id, name: q.name, channels: q.channels, hours: q.hours ?? null })),
    campaigns: config.campaigns.map((c) => ({
      id: c.id,
      name: c.name,
      strategy: c.strategy,
      dispositions: dispositions(c.dispositions),
      feedbackForm: form(c.feedbackForm),
      previewTimeoutSeconds: c.previewTimeoutSeconds,
      powerNumber: c.powerNumber,
      abandonLimitPercent: c.abandonLimitPercent,
      maxAttempts: c.maxAttempts,
      callingWindow: c.callingWindow,
    })),
    ...(config.email ? { email: { addresses: config.email.addresses, signatureTemplates: config.email.signatureTemplates } } : {}),
    agents: config.agents.map((a) => ({
      number: a.number,
      name: a.name,
      role: a.role,
      voiceQueues: voiceQueueNumbers(a),
      messagingQueues: a.messagingQueues,
      campaigns: a.campaigns,
      capacity: a.capacity,
    })),
    whatsappTemplates: catalogTemplates(config.whatsapp?.templates),
    contacts: {
      personTypes: config.contacts.personTypes,
      customFields: config.contacts.customFields.map((f) => ({ name: f.name, label: f.label ?? f.name })),
      deleteRoles: config.contacts.deleteRoles,
      mergeRoles: config.contacts.mergeRoles,
    },
  };
}

const CURRENT_CATALOG = 'current';

/**
 * Keep the catalog panels are sent as the "current" catalog entity, when it
 * differs from the one kept: its event (catalog.updated, to everyone) brings
 * panels that resume the catalog of a changed configuration.
 */
export function publishCatalog(ctx: Pick<HandlerContext, 'state' | 'tx'>, catalog: Catalog): void {
  const kept = ctx.state.get('catalog', CURRENT_CATALOG);
  const next = { id: CURRENT_CATALOG, ...catalog };
  if (!kept || JSON.stringify(kept) !== JSON.stringify(next)) ctx.tx.put('catalog', next, 'configured');
}
