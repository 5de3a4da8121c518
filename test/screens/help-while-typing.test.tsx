import { afterEach, describe, expect, it } from 'vitest';
import { expectFits, logIn, type Panel, startPanel } from './support.js';
import { alwaysOpenChatConfig, openPatJonesChat } from './killed-panel-scene.js';

/**
 * The help opened with Ctrl+/ from a chat's reply box listed the
 * conversation's letter keys (e subject, t transfer, i profile), though
 * while the box has the focus those letters go into the message. It now
 * follows the footer's rule: only keys that work where it was opened (no
 * letter, no chord such as g c that starts with one). The
 * help opened after Esc (out of the box) lists them.
 */
let panel: Panel;
afterEach(async () => {
  await panel?.close();
});

/** Scroll the help down a line at a time to its end, gathering every line it shows. */
async function helpText(): Promise<string> {
  const seen = new Set<string>();
  let screen = await panel.waitForText(/│ Keys\s/);
  for (let i = 0; i < 80; i++) {
    for (const line of screen.split('\n')) seen.add(line);
    const shown = /\((\d+)-(\d+) of (\d+) lines/.exec(screen);
    if (!shown || shown[2] === shown[3]) break;
    await panel.press('list.down');
    screen = panel.screen();
  }
  return [...seen].join('\n');
}

async function inReplyBox(): Promise<void> {
  const config = alwaysOpenChatConfig();
  panel = await startPanel({ config });
  await logIn(panel, '1001');
  await openPatJonesChat(panel);
}

describe('the help opened from a text box', () => {
  it('lists no letter the reply box would type; after Esc it lists the conversation keys', async () => {
    await inReplyBox();
    await panel.key('ctrl+/');
    let help = await helpText();
    expectFits(panel.frame());
    // The reply box's own keys, and the way out of it.
    expect(help).toMatch(/│ Enter\s+Send the message/);
    expect(help).toMatch(/│ Esc\s+Leave the composer/);
    // No letter that would go into the message.
    expect(help).not.toMatch(/│ e\s+Edit the subject/);
    expect(help).not.toMatch(/│ t\s+Transfer to a messaging queue/);
    expect(help).not.toMatch(/│ i\s+The customer's profile/);
    // A command reached by an arrow as well as a letter keeps the arrow only.
    expect(help).toMatch(/│ ↑\s+Scroll the messages up/);
    expect(help).not.toMatch(/↑ \/ k/);
    // Nor a chord that starts with a letter: the box types the g of g c.
    expect(help).not.toMatch(/│ g c\s+go to Calls/);

    await panel.press('help.close');
    await panel.waitFor((s) => !/│ Keys\s/.test(s), 'the help closed');
    await panel.press('composer.leave');
    await panel.waitFor((s) => !/Enter send/.test(s), 'out of the reply box');
    await panel.key('?');
    help = await helpText();
    expect(help).toMatch(/│ e\s+Edit the subject/);
    expect(help).toMatch(/│ t\s+Transfer to a messaging queue/);
    expect(help).toMatch(/│ ↑ \/ k\s+Scroll the messages up/);
    expect(help).toMatch(/│ g c\s+go to Calls/);
  });
});
