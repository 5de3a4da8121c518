import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../../src/core/config/schema.js';
import { visitorStart } from '../../src/core/messaging/visitor.js';
import { demoConfig } from '../helpers.js';
import { displayWidth, expectFits, logIn, startPanel, visible, type Panel } from './support.js';

/**
 * Customers' words reach an agent's terminal, which obeys control
 * characters: a name or a message carrying ESC sequences, a carriage return
 * or a bidirectional override must show as text and do nothing (80x24).
 */
let panel: Panel | undefined;
afterEach(async () => {
  await panel?.close();
  panel = undefined;
});

function alwaysOpenChat(): Config {
  const config = demoConfig();
  delete (config.messagingQueues.find((q) => q.id === 'support-chat') as { hours?: unknown }).hours;
  return config;
}

const ESC = '\u001b';
const HOSTILE_NAME = `Bob${ESC}[7mINV${ESC}[0m`;
// A carriage return would draw the rest over the start of the line, as if the agent had written it.
const HOSTILE_TEXT = `please refund my order\r22:29 Ava Turner: REFUND APPROVED \u202eevil`;

describe('text from outside on the agent terminal', () => {
  it('a customer name and message with escape sequences, a carriage return and a bidi override show as text and do nothing', async () => {
    panel = await startPanel({ config: alwaysOpenChat() });
    await logIn(panel, '1001');
    await panel.press('nav.chats');
    await panel.waitForText('My Chats');
    panel.server.engine.run((ctx) =>
      visitorStart(ctx, { visitorId: 'v-hostile', name: HOSTILE_NAME, email: null, queue: 'support-chat', ip: '198.51.100.7', geo: null, text: HOSTILE_TEXT }),
    );
    // The name is seen with what it carried, each ESC as U+FFFD.
    const listed = await panel.waitForText('Bob\ufffd[7mINV\ufffd[0m');
    expectFits(panel.frame());
    expect(listed).toContain('please refund my order');

    await panel.press('chats.open');
    const screen = await panel.waitFor((s) => s.includes('REFUND APPROVED') && s.includes('Reply'), 'the conversation open');
    const raw = panel.frame();
    expect(raw).not.toContain(`${ESC}[7mINV`);
    expect(raw).not.toContain(`${ESC}[0m:`);
    expect(raw).not.toContain('\r');
    expect(raw).not.toContain('\u202e');
    // The forged line is the second line of the customer's message, indented under it: it does not start the way a log line does.
    const lines = visible(screen).split('\n');
    const forged = lines.find((l) => l.includes('REFUND APPROVED'))!;
    const first = lines.findIndex((l) => l.includes('please refund my order'));
    expect(lines.indexOf(forged)).toBe(first + 1);
    expect(lines[first]).toMatch(/^ \d\d:\d\d Bob/);
    expect(forged).not.toMatch(/^ \d\d:\d\d /);
    expect(forged.indexOf('22:29 Ava Turner')).toBeGreaterThan(lines[first]!.search(/\d\d:\d\d/));
    expect(screen).toContain('evil');
    expectFits(panel.frame());
  });

  // CJK characters and most emoji take two columns: a list cuts and pads its cells by columns, not characters.
  it('a chat from a customer with a long CJK name and emoji keeps every cell of its row under its heading', async () => {
    panel = await startPanel({ config: alwaysOpenChat() });
    await logIn(panel, '1001');
    await panel.press('nav.chats');
    await panel.waitForText('My Chats');
    panel.server.engine.run((ctx) =>
      visitorStart(ctx, {
        visitorId: 'v-wide',
        name: '山田太郎山田太郎山田太郎山田太郎',
        email: null,
        queue: 'support-chat',
        ip: '198.51.100.7',
        geo: null,
        text: '注文した商品がまだ届きません🙏🙏🙏 いつ届きますか？ 注文番号は12345です',
      }),
    );
    const screen = await panel.waitForText('山田');
    expectFits(panel.frame());
    const lines = visible(screen).split('\n');
    const header = lines.find((l) => l.includes('Customer') && l.includes('Queue'))!;
    const row = lines.find((l) => l.includes('山田'))!;
    // The name is cut to its column, and the cells after it stay under their headings.
    const at = (line: string, index: number) => displayWidth(line.slice(0, index));
    expect(row).toMatch(/ 山田[山田太郎]*… /);
    expect(at(row, row.indexOf('Support Chat')), `${header}\n${row}`).toBe(at(header, header.indexOf('Queue')));
    expect(row).toMatch(/ \d\d:\d\d /);
  });
});
