import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { resetKeymap, setKeymap } from '../../src/keys/keymap.js';
import { memorySettings, DEFAULT_VOICE_SETTINGS } from '../../src/client/settings.js';
import { demoConfig } from '../helpers.js';
import { freePort } from '../server/support.js';
import { expectFits, footerOf, logIn, placeCall, startPanel, type Panel } from './support.js';

/**
 * Screen pop inside the panel: a queue's URL is fetched from a real HTTP
 * server on 127.0.0.1 and shown as text; failures say why and can be reloaded.
 */
let panel: Panel | undefined;
let crm: Server | undefined;
afterEach(async () => {
  await panel?.close();
  panel = undefined;
  if (crm) await new Promise((resolve) => crm!.close(resolve));
  crm = undefined;
});

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const page: Handler = (req, res) => {
  const number = new URL(req.url ?? '/', 'http://x').searchParams.get('number');
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(`<html><head><title>Acme CRM &mdash; ${number}</title></head><body><h1>Acme CRM</h1><table><tr><th>Customer</th><td>Jane Example</td></tr><tr><th>Plan</th><td>Gold</td></tr></table></body></html>`);
};

/** The same page under a title as long as the demo CRM's ("Demo CRM — +442004442860"). */
const longerTitle: Handler = (req, res) => {
  const number = new URL(req.url ?? '/', 'http://x').searchParams.get('number');
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(`<html><head><title>Acme CRM: caller ${number}</title></head><body><table><tr><th>Customer</th><td>Jane Example</td></tr></table></body></html>`);
};

/** A CRM on 127.0.0.1:0 whose behaviour the test changes as it goes. */
async function startCrm(handler: { current: Handler }): Promise<number> {
  crm = createServer((req, res) => handler.current(req, res));
  await new Promise<void>((resolve) => crm!.listen(0, '127.0.0.1', resolve));
  return (crm.address() as { port: number }).port;
}

function configPoppingTo(url: string) {
  const config = demoConfig();
  config.voiceQueues.find((q) => q.number === '7001')!.screenPopUrl = url;
  return config;
}

async function answerSupportCall(p: Panel): Promise<void> {
  placeCall(p, '7001');
  await p.waitForText('Ring In');
  await p.press('call.answer');
  await p.waitForText('On-call');
}

describe('screen pop in the panel', () => {
  it("answering a call shows the queue's page as text; the URL can be copied; the pane hides and shows", async () => {
    const handler = { current: page };
    const port = await startCrm(handler);
    panel = await startPanel({ config: configPoppingTo(`http://127.0.0.1:${port}/crm?number={caller.number}`) });
    await logIn(panel, '1001');
    await answerSupportCall(panel);
    let screen = await panel.waitForText('Customer  Jane Example');
    expect(screen).toMatch(/Screen pop: Acme CRM — \+441234 ✓ loaded/);
    expect(screen).toContain('Plan  Gold');
    // The footer keeps the call's keys and its disposition keys; the pane names its toggle beside its title.
    expect(screen).toMatch(/✓ loaded\s+w hide/);
    expect(footerOf(screen)).toMatch(/^x hang up .* 1-4 disposition .*\? help/);
    expectFits(panel.frame());

    await panel.press('pop.copyUrl');
    await panel.waitForText(`Copied the URL: http://127.0.0.1:${port}/crm?number=%2B441234`);

    await panel.press('pop.toggle');
    screen = await panel.waitFor((s) => !s.includes('Jane Example'), 'the pane to hide');
    expect(screen).toMatch(/Screen pop: Acme CRM — \+441234 ✓ loaded\s+w show/);
    await panel.press('pop.toggle');
    await panel.waitForText('Customer  Jane Example');
  });

  it('names its own keys: beside its title at 80x24, where the call keeps the footer; in the footer where it has room', async () => {
    const port = await startCrm({ current: longerTitle });
    panel = await startPanel({ config: configPoppingTo(`http://127.0.0.1:${port}/crm?number={caller.number}`) });
    await logIn(panel, '1001');
    await answerSupportCall(panel);
    let screen = await panel.waitForText('Customer  Jane Example');
    // A title as long as the demo CRM's leaves no room for the toggle (the footer names it), but for the page's keys.
    expect(screen).toMatch(/Screen pop: Acme CRM: caller \+441234 ✓ loaded\s+B browser · Y copy URL/);
    expect(footerOf(screen)).toMatch(/^x hang up +o hold +t transfer/);
    expectFits(panel.frame());
    await panel.press('call.hangup');
    screen = await panel.waitFor((s) => !s.includes('x hang up'), 'the call to end');
    // Wrap-up: the disposition hotkeys keep their place in the footer before the page's keys.
    expect(footerOf(screen)).toContain('1-4 disposition');
    await panel.resize(120, 24);
    screen = await panel.waitFor((s) => footerOf(s).includes('B open in browser'), 'the footer to list the page keys at 120 columns');
    expect(footerOf(screen)).toContain('Y copy URL');
  });

  it("names the agent's own keys for the page, not the registry's", async () => {
    const port = await startCrm({ current: longerTitle });
    panel = await startPanel({ config: configPoppingTo(`http://127.0.0.1:${port}/crm?number={caller.number}`) });
    await logIn(panel, '1001');
    // As the Keys settings page or a keymap file sets them (the panel reads its keymap at start).
    expect(setKeymap({ 'pop.browser': 'O', 'pop.copyUrl': 'U' })).toEqual([]);
    onTestFinished(resetKeymap);
    await answerSupportCall(panel);
    const screen = await panel.waitForText('Customer  Jane Example');
    expect(screen).toMatch(/✓ loaded\s+O browser · U copy URL/);
    await panel.press('call.hangup');
    await panel.resize(120, 24);
    await panel.waitFor((s) => footerOf(s).includes('O open in browser') && footerOf(s).includes('U copy URL'), 'the footer to name O and U');
  });

  it('a page that fails shows the reason; Reload loads it once the server is fixed', async () => {
    const handler: { current: Handler } = {
      current: (_req, res) => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('boom');
      },
    };
    const port = await startCrm(handler);
    panel = await startPanel({ config: configPoppingTo(`http://127.0.0.1:${port}/crm?number={caller.number}`) });
    await logIn(panel, '1001');
    await answerSupportCall(panel);
    let screen = await panel.waitForText('The page answered 500 Internal Server Error.');
    expect(screen).toContain('✗ failed');
    expect(screen).toContain('R reload');
    expectFits(panel.frame());

    handler.current = page;
    await panel.press('pop.reload');
    screen = await panel.waitForText('Customer  Jane Example');
    expect(screen).not.toContain('500');
  });

  it('a refused connection says so', async () => {
    const port = await freePort();
    panel = await startPanel({ config: configPoppingTo(`http://127.0.0.1:${port}/crm`) });
    await logIn(panel, '1001');
    await answerSupportCall(panel);
    await panel.waitForText('Could not load the page: ECONNREFUSED.');
  });

  it('shows progress while loading, and Stop stops it', async () => {
    const held: ServerResponse[] = [];
    const handler: { current: Handler } = { current: (_req, res) => void held.push(res) };
    const port = await startCrm(handler);
    panel = await startPanel({ config: configPoppingTo(`http://127.0.0.1:${port}/slow`) });
    await logIn(panel, '1001');
    await answerSupportCall(panel);
    let screen = await panel.waitForText(/Loading [■□]+ \d+\.\d s/);
    expect(screen).toContain('loading…');
    expect(footerOf(screen)).not.toContain('reload');
    await panel.press('pop.stop');
    screen = await panel.waitForText('Stopped before the page loaded. R reload');
    for (const res of held) res.destroy();
    handler.current = page;
    await panel.press('pop.reload');
    await panel.waitForText('Customer  Jane Example');
  });

  it('a URL that is a path is read against the server address given to the panel', async () => {
    const handler = { current: page };
    const port = await startCrm(handler);
    panel = await startPanel({ config: configPoppingTo('/crm?number={caller.number}'), httpBase: `http://127.0.0.1:${port}` });
    await logIn(panel, '1001');
    await answerSupportCall(panel);
    await panel.waitForText('Customer  Jane Example');
  });
});

describe('screen pop settings', () => {
  it('"off" shows no pane', async () => {
    const handler = { current: page };
    const port = await startCrm(handler);
    const settings = memorySettings();
    settings.setVoice('1001', { ...structuredClone(DEFAULT_VOICE_SETTINGS), screenPop: 'off' });
    panel = await startPanel({ settings, config: configPoppingTo(`http://127.0.0.1:${port}/crm`) });
    await logIn(panel, '1001');
    await answerSupportCall(panel);
    const screen = await panel.waitForText('Feedback form: Support call');
    expect(screen).not.toContain('Screen pop');
    expect(footerOf(screen)).not.toContain('screen pop');
  });

  it.skipIf(process.platform !== 'linux')('"browser" with no display copies the URL and says so', async () => {
    const display = process.env.DISPLAY;
    const wayland = process.env.WAYLAND_DISPLAY;
    delete process.env.DISPLAY;
    delete process.env.WAYLAND_DISPLAY;
    try {
      const settings = memorySettings();
      settings.setVoice('1001', { ...structuredClone(DEFAULT_VOICE_SETTINGS), screenPop: 'browser' });
      panel = await startPanel({ settings, config: configPoppingTo('http://127.0.0.1:9/crm?number={caller.number}') });
      await logIn(panel, '1001');
      await answerSupportCall(panel);
      // A toast longer than the line takes two: the sentence is read across them.
      const screen = await panel.waitFor((s) => /Screen pop: no browser here, URL copied — http:\/\/127\.0\.0\.1:9\/crm\?number=%2B44/.test(s.replace(/\s+/g, ' ')), 'the screen pop toast');
      expect(screen).not.toMatch(/─ Screen pop/);
    } finally {
      if (display !== undefined) process.env.DISPLAY = display;
      if (wayland !== undefined) process.env.WAYLAND_DISPLAY = wayland;
    }
  });
});
