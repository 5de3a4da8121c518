import { afterEach, describe, expect, it } from 'vitest';
import { expectFits, logIn, startPanel, type Panel } from './support.js';

let panel: Panel | null = null;
afterEach(async () => {
  await panel?.close();
  panel = null;
});

/** What the core does when telephony releases an offer as `unreachable` (calls/device-unreachable.ts), for agent 1001. */
function markUnreachable(p: Panel, reason: string, waitMs: number) {
  p.server.engine.run((ctx) => {
    const a = ctx.state.agent('1001')!;
    const now = ctx.clock.now();
    ctx.tx.put('agent', { ...a, deviceUnreachable: { reason, since: now, failures: 1, waitUntil: now + waitMs } }, 'device-unreachable');
  });
}

describe('phone unreachable banner', () => {
  it('says the phone cannot be reached and why, when it is tried again, and T tries now', async () => {
    panel = await startPanel();
    await logIn(panel);
    expect(panel.screen()).not.toMatch(/cannot be reached/);
    markUnreachable(panel, 'the phone at sip:ann@192.0.2.21:5062 could not be reached (SIP 503 Service Unavailable)', 20_000);
    const screen = await panel.waitForText(/Your softphone cannot be reached: calls go to others\. T tries now, or in 0:[01]\d/);
    expect(screen).toMatch(/Why: the phone at sip:ann@192\.0\.2\.21:5062 could not be reached \(SIP 503/);
    expect(screen).toMatch(/T try phone again/); // in the footer, from the registry
    expectFits(panel.frame());

    await panel.press('device.retry');
    await panel.waitFor((s) => !s.includes('cannot be reached'), 'the banner to go');
    expect(panel.sent('device.retry')).toHaveLength(1);
    expect(panel.server.engine.state.agent('1001')!.deviceUnreachable).toBeNull();
  });

  it('T is not offered while the phone is reachable', async () => {
    panel = await startPanel();
    await logIn(panel);
    await panel.key('?');
    const help = await panel.waitForText('help');
    expect(help).not.toMatch(/try phone again/);
  });
});
