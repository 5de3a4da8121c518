import { afterEach, describe, expect, it } from 'vitest';
import { runCleanups } from '../server/support.js';
import { expectFits, logIn, startPanelBehindRelay, type Panel } from './support.js';

/**
 * The panel over a real WebSocket, through a relay that stops forwarding
 * without closing anything (a stopped server, a cut without a reset): the
 * panel says the connection is lost instead of ● online, and what the agent
 * did meanwhile reaches the server once it answers again.
 */
const LIVENESS = { pingEveryMs: 100, deadAfterMs: 500 };

let panel: Panel | null = null;
afterEach(async () => {
  await panel?.close();
  panel = null;
  await runCleanups();
});

const header = (screen: string) => screen.split('\n')[0] ?? '';

describe('a server that stops answering', () => {
  it('the panel shows the connection lost with the action it keeps, and is back online with it applied once the server answers', async () => {
    const behind = await startPanelBehindRelay({}, { liveness: LIVENESS });
    panel = behind.panel;
    const relay = behind.relay;
    let screen = await logIn(panel, '1001');
    expect(header(screen)).toContain('●');
    // What the panel sends by itself after a login (its alert settings) is answered first.
    await panel.waitFor(() => panel!.client.queued() === 0, 'the panel to have nothing queued');

    relay.set('frozen');
    await panel.press('agent.pause');
    await panel.waitForText('Pause — choose a reason');
    await panel.press('list.choose');
    screen = await panel.waitForText('Connection lost — reconnecting…', 2_000);
    expect(screen).toContain('1 action will be sent when it is back.');
    expect(header(screen)).toContain('○');
    expect(header(screen)).not.toContain('●');
    expect(panel.server.engine.state.agent('1001')?.status).toBe('available');
    expectFits(panel.frame());

    relay.set('up');
    screen = await panel.waitFor((s) => header(s).includes('PAUSED') && !s.includes('Connection lost'), 'PAUSED and no banner');
    expect(header(screen)).toContain('●');
    expect(panel.server.engine.state.agent('1001')?.status).toBe('paused');
    expectFits(panel.frame());
  });
});
