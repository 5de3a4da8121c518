import { afterEach, describe, expect, it } from 'vitest';
import { ok, RawClient, runCleanups } from '../server/support.js';
import { demoConfig } from '../helpers.js';
import { expectFits, logIn, startPanelBehindRelay, type Panel } from './support.js';

/**
 * A panel whose link dropped comes back with its session token; the server
 * may refuse to take the session back for a while (the agent's connections
 * full, TOO_MANY_SESSIONS). The panel said only "Connection lost —
 * reconnecting…" and asked again and again: it now says the server's
 * sentence, keeps what the agent does, and is back by itself once it may.
 */
let panel: Panel | null = null;
afterEach(async () => {
  await panel?.close();
  panel = null;
  await runCleanups();
});

const header = (screen: string) => screen.split('\n')[0] ?? '';
/** The screen as one line of words: the banner wraps the sentence. */
const words = (screen: string) => screen.replace(/\s+/g, ' ');

describe('a resume the server refuses for now', () => {
  it("says why in the panel at 80x24, keeps the agent's action, and is back once one of her connections closes", async () => {
    const demo = demoConfig();
    const behind = await startPanelBehindRelay({ config: { ...demo, security: { ...demo.security, socketsPerAgent: 2 } } });
    panel = behind.panel;
    const relay = behind.relay;
    await logIn(panel, '1001');
    await panel.waitFor(() => panel!.client.queued() === 0, 'the panel to have nothing queued');
    const gateway = panel.server.gateway;
    const token = panel.client.token!;

    // Her panel's link is cut; while it reconnects, two other windows of hers take the places there are.
    relay.set('frozen');
    relay.drop();
    await panel.waitFor(() => gateway.loggedInCount() === 0, 'the server to see the panel gone');
    const url = `${panel.server.http!.url}/agent`;
    const windows = [await RawClient.open(url), await RawClient.open(url)];
    for (const w of windows) ok(await w.request('session.resume', { token, lastSeq: 0 }));
    relay.set('up');

    let screen = await panel.waitForText('Not logged back in:');
    expect(words(screen)).toContain(
      'Not logged back in: Agent 1001 already has 2 connections open to this server (panels, windows, scripts); close one and try again. Trying again by itself…',
    );
    expect(screen).not.toContain('Connection lost');
    expect(header(screen)).toContain('○');
    expectFits(panel.frame());

    // What she does meanwhile is kept, and said so.
    await panel.press('agent.pause');
    await panel.waitForText('Pause — choose a reason');
    await panel.press('list.choose');
    screen = await panel.waitFor((s) => words(s).includes('1 action will be sent when it is back.'), 'the action kept');
    expect(words(screen)).toContain('close one and try again.');
    expectFits(panel.frame());
    // Her token still holds: the panel stays in her session, not at the login screen.
    expect(panel.client.session).toBe('logged-in');

    windows[0]!.close();
    screen = await panel.waitFor((s) => header(s).includes('PAUSED') && header(s).includes('●'), 'PAUSED and online', 10_000);
    expect(screen).not.toContain('Not logged back in');
    expect(panel.server.engine.state.agent('1001')?.status).toBe('paused');
    expectFits(panel.frame());
  });
});
