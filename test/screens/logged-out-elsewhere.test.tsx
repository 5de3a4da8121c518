import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DraftFile } from '../../src/client/drafts.js';
import { draftsPathFor } from '../../src/client/paths.js';
import { wsTransport } from '../../src/client/ws-transport.js';
import type { Transport } from '../../src/core/protocol/transport.js';
import { localTime } from '../../src/core/dialer/local-time.js';
import { startRelay, type TcpRelay } from '../tcp-relay.js';
import { runCleanups, tempDir } from '../server/support.js';
import { alwaysOpenChatConfig, openPatJonesChat } from './killed-panel-scene.js';
import { expectFits, logIn, loginAgent, startPanel, startPanelBehindRelay, type Panel } from './support.js';

/**
 * The agent logs out from another panel of theirs, or a script does. A panel
 * online at the time went to the login screen without a word; one offline
 * then, coming back, was told its session was broken "because the service
 * was restarted". Both now say what happened, when and from where.
 */
let panel: Panel | null = null;
afterEach(async () => {
  await panel?.close();
  panel = null;
  await runCleanups();
});

/** The screen as one line of words: the login screen wraps the sentence. */
const words = (screen: string) => screen.replace(/\s+/g, ' ');
/** When the logout ended her status, on the server's clock in the centre's time zone, as the sentence says it. */
const loggedOutAt = (p: Panel) => localTime(p.server.engine.config.center.timeZone, p.server.engine.state.agent('1001')!.statusSince).hhmm;

/** Once the server has seen the panel's link go: a pause typed offline (kept in the journal), then a script of the agent's logs 1001 out. */
async function pauseOfflineThenLoggedOutByScript(p: Panel): Promise<void> {
  await p.waitFor(() => p.server.gateway.loggedInCount() === 0, 'the server to see the panel gone');
  await p.press('agent.pause');
  await p.waitForText('Pause — choose a reason');
  await p.key('enter');
  await p.waitForText('1 action will be sent when it is back');
  const script = loginAgent(p.server, '1001', { joinOnly: true, client: 'script' });
  script('session.logout');
}

async function waitForDraft(file: string, key: string, text: string): Promise<void> {
  const deadline = Date.now() + 3000;
  while (!(existsSync(file) && new DraftFile(file).get(key) === text)) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for the draft ${key} in ${file}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('logged out elsewhere', () => {
  it('a panel online at the time says so on the login screen at 80x24, and keeps the reply being typed', async () => {
    const journalPath = join(tempDir(), 'state', 'journal.jsonl');
    panel = await startPanel({ config: alwaysOpenChatConfig(), journalPath });
    await logIn(panel, '1001');
    await openPatJonesChat(panel);
    await panel.type('Your parcel left today');
    const conversation = panel.client.store.list('conversation')[0]!.id;
    await waitForDraft(draftsPathFor(journalPath, '1001'), `composer:${conversation}`, 'Your parcel left today');

    // Her second window logs her out.
    const elsewhere = loginAgent(panel.server, '1001', { client: 'panel' });
    elsewhere('session.logout');
    const at = loggedOutAt(panel);

    const screen = await panel.waitFor((s) => s.includes('switchboard — agent login') && s.includes('You were logged out'), 'the login screen saying why');
    expect(words(screen)).toContain(`You were logged out from another panel at ${at}. Log in again to go on working.`);
    // On two lines at 80 columns, the second under the first, not back at the screen's edge.
    expect(screen).toMatch(/^ {4}You were logged out/m);
    expect(screen).toMatch(/^ {4}working\./m);
    expect(screen).not.toContain('service was restarted');
    expectFits(panel.frame());

    // The reply she was typing is still hers after the path, on disk and in the composer once she is back.
    expect(new DraftFile(draftsPathFor(journalPath, '1001')).get(`composer:${conversation}`)).toBe('Your parcel left today');
    await panel.press('form.next');
    await panel.type('1001');
    await panel.press('login.submit');
    await panel.waitForText('Agent login');
    await panel.press('agentLogin.submit');
    await panel.waitFor((s) => s.includes('Profile'), 'the agent panel');
    expect(panel.screen()).not.toContain('You were logged out');
    await panel.key('g t');
    await panel.waitForText('Pat Jones');
    await panel.key('enter');
    await panel.waitForText('Your parcel left today');
  });

  it('a panel the agent logs out from herself says nothing of elsewhere (its own logout comes back as an event first)', async () => {
    panel = await startPanel();
    await logIn(panel, '1001');
    await panel.press('session.logout');
    await panel.waitForText('Log out?');
    await panel.press('dialog.confirm');
    const screen = await panel.waitForText('switchboard — agent login');
    // Give a wrongly asked reason the time to arrive: the server answers within milliseconds here.
    await new Promise((r) => setTimeout(r, 300));
    expect(panel.screen()).not.toContain('You were logged out');
    expect(screen).toContain('Email and password are optional');
    expectFits(panel.frame());
  });

  it('a panel offline at the time is told, when it is back, that a script logged it out, not that the service restarted', async () => {
    const behind = await startPanelBehindRelay();
    panel = behind.panel;
    const relay = behind.relay;
    await logIn(panel, '1001');
    const gateway = panel.server.gateway;

    // Her panel's link is cut; meanwhile a script of hers logs her out.
    relay.set('frozen');
    relay.drop();
    await panel.waitFor(() => gateway.loggedInCount() === 0, 'the server to see the panel gone');
    const script = loginAgent(panel.server, '1001', { joinOnly: true, client: 'script' });
    script('session.logout');
    const at = loggedOutAt(panel);
    relay.set('up');

    const screen = await panel.waitFor((s) => s.includes('switchboard — agent login') && s.includes('You were logged out'), 'the login screen saying why', 10_000);
    expect(words(screen)).toContain(`You were logged out by a script at ${at}. Log in again to go on working.`);
    expect(screen).not.toContain('session is broken');
    expect(screen).not.toContain('service was restarted');
    expect(screen).not.toContain('Connection lost');
    expectFits(panel.frame());
  });
  it('a pause typed offline, then a logout by a script: the login screen says the pause is kept, and the next login sends it and says so', async () => {
    const behind = await startPanelBehindRelay();
    panel = behind.panel;
    const relay = behind.relay;
    await logIn(panel, '1001');
    // What the panel sends by itself at login (the agent's alert settings) is answered first: the pause is the one action kept.
    await panel.waitFor(() => panel!.client.queued() === 0, 'the commands of the login answered');
    relay.set('frozen');
    relay.drop();
    await pauseOfflineThenLoggedOutByScript(panel);
    const at = loggedOutAt(panel);
    relay.set('up');

    // Before: only 'You were logged out by a script', and the pause waiting in the journal looked lost.
    const screen = await panel.waitFor((s) => s.includes('switchboard — agent login') && s.includes('You were logged out'), 'the login screen saying why', 10_000);
    expect(words(screen)).toContain(
      `You were logged out by a script at ${at}. Log in again to go on working. 1 action of yours was not sent yet: it is kept and goes out when you log in again as 1001.`,
    );
    expectFits(panel.frame());
    expect(panel.server.engine.state.agent('1001')!.status).not.toBe('paused');

    await panel.press('form.next');
    await panel.type('1001');
    await panel.press('login.submit');
    await panel.waitForText('Agent login');
    await panel.press('agentLogin.submit');
    await panel.waitForText('Sent after reconnect: pause (Break)');
    expect(panel.server.engine.state.agent('1001')!.status).toBe('paused');
  });

  it("alert settings the panel sends by itself, cut in flight by the drop, are not counted as the agent's actions nor said as sent after the next login", async () => {
    let relay: TcpRelay | null = null;
    let cutAlertSettings = true;
    panel = await startPanel({
      listen: true,
      transport: async (server) => {
        relay = await startRelay(server.http!.port);
        const real = wsTransport(relay.url);
        // The link goes just as the panel sends the agent's alert settings at login: they are on their way, unanswered.
        return () => {
          const inner = real();
          return {
            ...inner,
            send(text) {
              if (cutAlertSettings && text.includes('"alerts.configure"')) {
                cutAlertSettings = false;
                relay!.set('frozen');
                relay!.drop();
                return;
              }
              inner.send(text);
            },
          } satisfies Transport;
        };
      },
    });
    await logIn(panel, '1001');
    await pauseOfflineThenLoggedOutByScript(panel);
    relay!.set('up');

    // Before: '2 actions of yours were not sent yet', where she had typed one.
    const screen = await panel.waitFor((s) => s.includes('switchboard — agent login') && s.includes('You were logged out'), 'the login screen saying why', 10_000);
    expect(words(screen)).toContain('1 action of yours was not sent yet: it is kept and goes out when you log in again as 1001.');

    await panel.press('form.next');
    await panel.type('1001');
    await panel.press('login.submit');
    await panel.waitForText('Agent login');
    await panel.press('agentLogin.submit');
    // Before: 'Sent after reconnect: pause (Break), your voice alert settings'.
    const notice = await panel.waitForText('Sent after reconnect: pause (Break)');
    expect(notice).not.toContain('voice alert settings');
    // The settings still reach the server: the panel sends them after every login.
    await panel.waitFor(() => panel!.server.engine.state.get('alerts', '1001')?.settings != null, 'the alert settings on the server');
  });
});
