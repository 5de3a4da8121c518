import { afterEach, describe, expect, it } from 'vitest';
import { expectFits, loginAgent, logIn, patientConfig, startPanel, type Panel } from './support.js';

/**
 * An agent taken off a campaign while logged in keeps their session, with
 * the manual's warning and the campaign's name, and gets no more leads. The
 * Agents tab still counted them as working that campaign, so they stayed
 * among "agents of my queues" of the campaign's other agents.
 */
let panel: Panel;
afterEach(async () => {
  await panel?.close();
});

/** Kim is configured in Billing (7003) and Power Sales; Hassan (1008) in Support, Billing and Power Sales among others. */
function configWithKim() {
  const config = patientConfig();
  const ben = config.agents.find((a) => a.number === '1002')!;
  config.agents.push({ ...structuredClone(ben), number: '1011', name: 'Kim Soto', email: '1011@demo.switchboard', pin: '1011', voiceQueues: ['7003'], messagingQueues: [], campaigns: ['power-sales'] });
  return config;
}

describe('Agents tab after a campaign change', () => {
  it('drops a colleague taken off the campaign we shared, while they stay logged in', async () => {
    const config = configWithKim();
    panel = await startPanel({ config });
    // Outbound on Power Sales: Kim works no queue this session, only the campaign shared with Hassan.
    loginAgent(panel.server, '1011', { strategy: 'outbound', campaign: 'power-sales', as: 'paused', pauseReason: 'Break' });
    await logIn(panel, '1008');
    for (let i = 0; i < 2; i++) await panel.press('tab.next');
    await panel.waitFor((s) => /Kim Soto\s+1011\s+Paused \(Break\)/.test(s), 'Kim, who works Power Sales as I do');

    // The configuration is reloaded without Power Sales for Kim (what SIGHUP on serve does).
    const reloaded = structuredClone(config);
    reloaded.agents.find((a) => a.number === '1011')!.campaigns = [];
    panel.server.engine.reconfigure(reloaded);
    expect(panel.server.engine.state.agent('1011')!.session!.campaignWarning).toContain('removed from campaign power-sales');
    const screen = await panel.waitFor((s) => !s.includes('Kim Soto'), 'Kim to leave my colleagues');
    expect(screen).toContain('Nobody to show is logged in');
    expectFits(panel.frame());
  });
});
