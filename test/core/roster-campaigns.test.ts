import { describe, expect, it } from 'vitest';
import { demoConfig, makeCore, resultOf } from '../helpers.js';

/**
 * Who reaches a panel's roster for "Agents of my queues": an outbound agent
 * is in no voice queue this session, so the members of my queues alone left
 * out the agents of my campaigns.
 */
function withCampaignOnlyAgent() {
  const config = demoConfig();
  // Kim works Voice Reminders only: no queue shared with anyone.
  config.agents.push({ ...config.agents[0]!, number: '1011', name: 'Kim Soto', pin: '1011', email: '1011@demo.switchboard', voiceQueues: [], messagingQueues: [], campaigns: ['voice-reminders'] });
  return config;
}

type Roster = { agents: Array<{ id: string; session: { campaign: string | null } | null }>; directory: Array<{ number: string; campaigns: string[] }> };

describe('roster.subscribe by campaign', () => {
  it("follows the agents of the viewer's campaigns, the outbound one among them, with their directory rows", () => {
    const core = makeCore({ config: withCampaignOnlyAgent() });
    core.login('1011', { strategy: 'outbound', campaign: 'voice-reminders' });
    const sam = core.login('9001');
    const roster = resultOf<Roster>(core.send('roster.subscribe', { view: 'agents-tab', queues: ['7001'], campaigns: ['voice-reminders'] }, sam));
    expect(roster.agents.find((a) => a.id === '1011')?.session?.campaign).toBe('voice-reminders');
    expect(roster.directory.find((r) => r.number === '1011')?.campaigns).toEqual(['voice-reminders']);
  });

  it("stays bounded: an agent of no queue or campaign of the viewer's is not sent", () => {
    const core = makeCore({ config: withCampaignOnlyAgent() });
    core.login('1011', { strategy: 'outbound', campaign: 'voice-reminders' });
    const ava = core.login('1001');
    // Ava: Support and Sales, Power Sales and Preview Renewals; Kim shares none of them.
    const roster = resultOf<Roster>(core.send('roster.subscribe', { view: 'agents-tab', queues: ['7001', '7002'], campaigns: ['power-sales', 'preview-renewals'] }, ava));
    expect(roster.agents.map((a) => a.id)).not.toContain('1011');
    // Without campaigns in the scope, as before, Kim is not followed by queue either.
    const byQueue = resultOf<Roster>(core.send('roster.subscribe', { view: 'by-queue', queues: ['7001', '7002', '7003'] }, core.login('9001')));
    expect(byQueue.agents.map((a) => a.id)).not.toContain('1011');
  });
});
