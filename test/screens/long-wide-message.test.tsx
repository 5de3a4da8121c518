import { describe, expect, it } from 'vitest';
import { visitorStart } from '../../src/core/messaging/visitor.js';
import { alwaysOpenChatConfig, killedPanelScene } from './killed-panel-scene.js';
import { logIn } from './support.js';

/**
 * A customer's message of wide characters (Japanese, emoji; or a name whose
 * control character the panel shows as U+FFFD, which makes the whole first
 * line "wide") used to be wrapped by measuring what was left of it again for
 * every line drawn: 4,000 characters of Japanese took 10 s, and an outside
 * tester's 20,000 (the most a chat message may have) froze the agent's panel
 * for minutes, its clock stopped and no key answered.
 */
const { open } = killedPanelScene();

describe("a customer's long message of wide characters", () => {
  it('is drawn when the chat opens, and the panel goes on answering keys', async () => {
    const p = await open({ config: alwaysOpenChatConfig() });
    await logIn(p, '1001');
    // 6,000 characters: before, most of a minute on a busy machine; the protocol allows 20,000.
    const text = 'ご注文の商品が届きません。'.repeat(461);
    p.server.engine.run((ctx) =>
      visitorStart(ctx, { visitorId: 'v-wide', name: 'Aoi \u001b[31mSato', email: null, queue: 'support-chat', ip: '198.51.100.7', geo: null, text }),
    );
    await p.press('nav.chats');
    await p.waitForText('Aoi');
    const opened = Date.now();
    await p.press('chats.open');
    await p.waitFor((s) => s.includes('Aoi \ufffd[31mSato —') && s.includes('Reply'), 'the chat with Aoi open', 15_000);
    // Drawing is synchronous: a panel that froze is only seen to have taken long once it is drawn.
    expect(Date.now() - opened).toBeLessThan(5_000);
    // The end of the message is the last thing in the log, whole at 80 columns.
    await p.waitForText('ご注文の商品が届きません。ご注文の商品が届きません。', 15_000);
    await p.type('お待たせしました');
    await p.waitForText('お待たせしました', 15_000);
  });

  it('does not make each key typed in the reply wait for the message to be measured again', async () => {
    const p = await open({ config: alwaysOpenChatConfig() });
    await logIn(p, '1001');
    // 20,000 characters, the most a chat message may have.
    const text = 'ご注文の商品が届きません。'.repeat(1_538);
    p.server.engine.run((ctx) => visitorStart(ctx, { visitorId: 'v-wide', name: 'Aoi Sato', email: null, queue: 'support-chat', ip: '198.51.100.7', geo: null, text }));
    await p.press('nav.chats');
    await p.waitForText('Aoi Sato');
    await p.press('chats.open');
    await p.waitFor((s) => s.includes('Aoi Sato —') && s.includes('Reply'), 'the chat with Aoi open', 15_000);
    // Before, every key drew the log anew and measured all 20,000 characters again (about half a second a key
    // on a busy machine: these 22 took over 30 s); now 3 s there, most of it drawing the panel.
    const typed = Date.now();
    await p.type('お待たせしました。ご迷惑をおかけしております');
    await p.waitForText('お待たせしました。ご迷惑をおかけしております', 15_000);
    expect(Date.now() - typed).toBeLessThan(10_000);
  });
});
