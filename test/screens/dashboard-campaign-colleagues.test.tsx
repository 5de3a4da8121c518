import { afterEach, describe, expect, it } from 'vitest';
import { expectFits, loginAgent, logIn, patientConfig, startPanel, type Panel } from './support.js';

/**
 * Dashboard > Agents, for an agent, lists the colleagues they work with. It
 * counted voice and messaging queues only, so an outbound colleague of the
 * same campaign (in no queue at all) was missing there while the Agents tab
 * listed them: the two screens now agree.
 */
let panel: Panel;
afterEach(async () => {
  await panel?.close();
});

/** Kim works the Power Sales campaign only, as Ava (1001) does among her queues and campaigns. */
function configWithCampaignColleague() {
  const config = patientConfig();
  const ben = config.agents.find((a) => a.number === '1002')!;
  config.agents.push({ ...structuredClone(ben), number: '1011', name: 'Kim Soto', email: '1011@demo.switchboard', pin: '1011', voiceQueues: [], messagingQueues: [], campaigns: ['power-sales'] });
  return config;
}

describe('Dashboard > Agents and campaigns', () => {
  it('lists a colleague who shares only a campaign with me, live, as the Agents tab does', async () => {
    panel = await startPanel({ config: configWithCampaignColleague() });
    loginAgent(panel.server, '1011', { strategy: 'outbound', campaign: 'power-sales', as: 'paused', pauseReason: 'Break' });
    await logIn(panel, '1001');
    await panel.press('nav.dashboard');
    const screen = await panel.waitFor((s) => s.includes('Kim Soto'), 'Kim among my colleagues');
    expect(screen.split('\n').find((l) => l.includes('Kim Soto'))).toMatch(/Paused \(Break\)/);
    expect(screen).toContain('12 agents, you included · 1 logged in · 1 paused · 10 off');
    expectFits(panel.frame());
  });
});

describe('Dashboard > Agents in a centre of one', () => {
  it('counts the agent alone in the singular', async () => {
    const config = patientConfig();
    config.agents = config.agents.filter((a) => a.number === '1001');
    panel = await startPanel({ config });
    await logIn(panel, '1001');
    await panel.press('nav.dashboard');
    const screen = await panel.waitForText('you included');
    expect(screen).toContain('1 agent, you included · 1 logged in · 0 paused · 0 off');
  });
});
