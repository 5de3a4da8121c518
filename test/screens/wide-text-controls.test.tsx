import './force-color.js';
import React from 'react';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { createSignature } from '../../src/core/messaging/signatures.js';
import type { Principal } from '../../src/core/context.js';
import { TabStrip } from '../../src/ui/TabStrip.js';
import { themeFor } from '../../src/ui/theme.js';
import { ThemeProvider } from '../../src/ui/ThemeContext.js';
import { demoConfig } from '../helpers.js';
import { displayWidth, expectFits, logIn, startPanel, visible, type Panel } from './support.js';

/**
 * Text in Japanese takes two terminal columns a character. A text field, a
 * dialog and a tab strip that measured it by its length wrapped it under
 * the label, broke a sentence onto a second line, or ran off the edge.
 */
let panel: Panel | undefined;
afterEach(async () => {
  await panel?.close();
  panel = undefined;
});

/** The terminal column where a field's value starts: after its label and the spaces that follow it. */
function valueColumn(line: string, label: string): number {
  const after = line.indexOf(label) + label.length;
  const gap = /^\s*/.exec(line.slice(after))![0].length;
  return displayWidth(line.slice(0, after + gap));
}

/** The index of the first line of the screen holding `text`. */
function lineIndex(screen: string, text: string): number {
  const at = screen.split('\n').findIndex((l) => l.includes(text));
  expect(at, `"${text}" on screen:\n${screen}`).toBeGreaterThanOrEqual(0);
  return at;
}

describe('wide text at 80x24', () => {
  it('a text field scrolls a Japanese value to keep its end in view, on its one line, the label in its column', async () => {
    panel = await startPanel({ config: demoConfig() });
    await logIn(panel, '9001');
    await panel.press('nav.settings');
    while (!/Canned Response\s+Channels\s+Language/.test(panel.screen())) await panel.press('tab.next');
    await panel.press('canned.new');
    await panel.waitForText('New canned response');
    // 40 characters, 80 columns: more than the field's room.
    await panel.type('返金のご案内返金のご案内返金のご案内返金のご案内返金のご案内返金のご案内お待ちください');
    const screen = await panel.waitForText('お待ちください');
    const lines = screen.split('\n');
    const title = lineIndex(screen, '› Title');
    // The end of what was typed is on the Title line, and the Text field follows it at once: nothing wrapped.
    expect(lines[title]).toContain('お待ちください');
    expect(lines[title + 1]).toMatch(/│\s+Text\s/);
    // The value starts in the same column as the Text field's (a wide value squeezed the label).
    expect(valueColumn(lines[title]!, 'Title')).toBe(valueColumn(lines[title + 1]!, 'Text'));
    expectFits(panel.frame());
  });

  it('a dialog naming a signature in Japanese is wide enough for its sentence', async () => {
    panel = await startPanel({ config: demoConfig() });
    await logIn(panel, '1001');
    const me = { agent: '1001', sessionId: 'test', token: 'test', supervisor: false, queues: [] } as Principal;
    panel.server.engine.run((ctx) => createSignature(ctx, me, { name: '署名 太郎 山田', text: 'よろしくお願いします。' }));
    await panel.press('nav.settings');
    for (let i = 0; i < 5; i++) await panel.key('right');
    await panel.waitForText('── Preview: 署名 太郎 山田');
    await panel.press('signatures.delete');
    const screen = await panel.waitForText('Delete the signature');
    expect(screen.split('\n')[lineIndex(screen, 'Delete the signature')]).toContain('Delete the signature "署名 太郎 山田"?');
    expectFits(panel.frame());
  });

  it('a tab strip of Japanese titles keeps within the width, saying with › that more tabs follow', () => {
    const tabs = ['受信トレイの一覧', '未割り当ての会話', '対応済みの会話', '保留中の会話一覧', '統計と報告の一覧'].map((title, i) => ({ id: `t${i}`, title }));
    const ink = render(
      <ThemeProvider theme={themeFor({})}>
        <TabStrip tabs={tabs} current="t0" width={80} hint="← → tabs" />
      </ThemeProvider>,
    );
    const line = visible(ink.lastFrame() ?? '');
    ink.unmount();
    expect(displayWidth(line.trimEnd())).toBeLessThanOrEqual(80);
    // Every tab shown is whole, and the strip says more follow instead of ending mid-title.
    expect(line).toContain('›');
    expect(line).not.toContain('…');
    for (const t of tabs.filter((t) => line.includes(t.title.slice(0, 2)))) expect(line).toContain(t.title);
  });
});
