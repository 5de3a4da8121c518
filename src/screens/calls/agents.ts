import { catalogAgent, type Catalog, type CatalogAgent } from '../../core/protocol/catalog.js';
import type { Agent } from '../../core/protocol/model.js';
import type { VoiceSettings } from '../../client/settings.js';

/** Idle / Ringing / On call / Wrap-up / Paused (reason) / Logged off, as the Agents tab shows. */
export function agentStatus(agent: Agent): string {
  if (agent.status === 'logged-out' || !agent.session) return 'Logged off';
  if (agent.status === 'paused' && agent.activity === 'idle') return `Paused (${agent.pauseReason ?? 'no reason'})`;
  switch (agent.activity) {
    case 'ringing':
      return 'Ringing';
    case 'on-call':
      return 'On call';
    case 'wrap-up':
      return 'Wrap-up';
    case 'previewing':
      return 'Previewing';
    default:
      return 'Idle';
  }
}

const TITLE: Record<string, string> = { inbound: 'Inbound', outbound: 'Outbound', blended: 'Blended', softphone: 'Softphone', deskphone: 'Deskphone' };

/** The agent's login type: working strategy and device ("Inbound · Softphone"). */
export function agentType(agent: Agent): string {
  if (!agent.session) return '—';
  return `${TITLE[agent.session.strategy] ?? agent.session.strategy} · ${TITLE[agent.session.device] ?? agent.session.device}`;
}

/** Free for a call or a transfer right now. */
export function agentAvailable(agent: Agent): boolean {
  return Boolean(agent.session) && agent.status === 'available' && agent.activity === 'idle';
}

/**
 * What "Agents of my queues" means for me: the voice queues I work this
 * session (none, as outbound: those I am configured in) and the campaigns I
 * am assigned to, so that a supervisor and colleagues see the outbound agents
 * of their campaigns. The roster follows the same (AgentsTab), so the server
 * sends only these agents' presence.
 */
export interface MyWork {
  queues: string[];
  campaigns: string[];
}

export function myWork(me: Agent, catalog: Catalog | null): MyWork {
  const row = catalogAgent(catalog, me.id);
  const queues = me.session?.voiceQueues.length ? me.session.voiceQueues : (row?.voiceQueues ?? []);
  const campaigns = new Set(row?.campaigns ?? []);
  const working = workingCampaign(me);
  if (working) campaigns.add(working);
  return { queues, campaigns: [...campaigns] };
}

/**
 * The campaign a session works, unless its agent was taken off it while
 * logged in: the session keeps the campaign's name beside the manual's
 * warning (and gets no more leads), but the agent is no longer one of its
 * agents, so it makes nobody their colleague.
 */
function workingCampaign(agent: Agent): string | null {
  const s = agent.session;
  return s?.campaign && !s.campaignWarning ? s.campaign : null;
}

/** What a colleague works: logged in, this session's queues and campaign; offline, what they are configured in. */
function theirWork(agent: Agent, row: CatalogAgent | undefined): MyWork {
  if (agent.session) {
    const working = workingCampaign(agent);
    return { queues: agent.session.voiceQueues, campaigns: working ? [working] : [] };
  }
  return { queues: row?.voiceQueues ?? [], campaigns: row?.campaigns ?? [] };
}

/**
 * The agents the Agents tab lists, as Voice settings say: those sharing a
 * queue or a campaign with me (myWork), all, or a custom list; offline ones
 * only when asked for. Never me.
 */
export function shownAgents(agents: Agent[], catalog: Catalog | null, settings: VoiceSettings, me: string, mine: MyWork): Agent[] {
  const rows = new Map((catalog?.agents ?? []).map((a) => [a.number, a]));
  const custom = new Set(settings.agents.custom);
  return agents
    .filter((a) => a.id !== me)
    .filter((a) => settings.agents.showOffline || a.session)
    .filter((a) => {
      if (settings.agents.show === 'all') return true;
      if (settings.agents.show === 'custom') return custom.has(a.id);
      const theirs = theirWork(a, rows.get(a.id));
      return theirs.queues.some((q) => mine.queues.includes(q)) || theirs.campaigns.some((c) => mine.campaigns.includes(c));
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function agentMatches(agent: { name: string; id: string }, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const hay = `${agent.name} ${agent.id}`.toLowerCase();
  return words.every((w) => hay.includes(w));
}
