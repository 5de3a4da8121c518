import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../../src/core/config/schema.js';
import { visitorStart } from '../../src/core/messaging/visitor.js';
import { demoConfig } from '../helpers.js';
import { displayWidth, expectFits, logIn, startPanel, visible, type Panel } from './support.js';

/**
 * Customers write in every script: CJK characters and most emoji take two
 * columns of a terminal. A list cuts and pads its cells by columns, not by
 * characters, so a row with wide text keeps its border where the others have
 * it (80x24).
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

describe('wide characters on the agent terminal', () => {
  it('a chat from a customer with a long CJK name and emoji keeps the list inside its border', async () => {
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
