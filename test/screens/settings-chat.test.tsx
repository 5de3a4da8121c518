import { afterEach, describe, expect, it } from 'vitest';
import { expectFits, logIn, startPanel, type Panel } from './support.js';

/** Settings > General names the visitor chat page, the one place the demo shows its address. */
let panel: Panel | undefined;
afterEach(async () => {
  await panel?.close();
  panel = undefined;
});

describe('Settings > General', () => {
  it("shows the live chat page's address on the server the panel talks to", async () => {
    panel = await startPanel({ httpBase: 'http://127.0.0.1:7399' });
    await logIn(panel, '1001');
    await panel.press('nav.settings');
    const screen = await panel.waitForText('Chat page');
    expect(screen).toMatch(/Chat page\s+http:\/\/127\.0\.0\.1:7399\/chat/);
    expectFits(panel.frame());
  });
});
