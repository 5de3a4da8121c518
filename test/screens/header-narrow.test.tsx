import { afterEach, describe, expect, it } from 'vitest';
import { visitorStart } from '../../src/core/messaging/visitor.js';
import { demoConfig } from '../helpers.js';
import { expectFits, logIn, placeCall, startPanel, type Panel } from './support.js';

/**
 * Narrower than 80 columns (down to the panel's minimum, 60), the header's
 * first line keeps what the agent reads most, their state and its times,
 * whole: the parts on its right give way first.
 */
let panel: Panel | undefined;
afterEach(async () => {
  await panel?.close();
  panel = undefined;
});

/** The demo with its chat queue open at any hour. */
function chatConfig() {
  const config = demoConfig();
  delete (config.messagingQueues.find((q) => q.id === 'support-chat')! as { hours?: unknown }).hours;
  return config;
}

const headerOf = (screen: string) => screen.split('\n')[0]!;

describe('the header on a narrow terminal', () => {
  it('keeps a ringing agent their state and both times at 60 columns; the modes not worked give way', async () => {
    panel = await startPanel({ config: chatConfig(), columns: 60, rows: 16 });
    await logIn(panel, '1001');
    panel.server.engine.run((ctx) =>
      visitorStart(ctx, { visitorId: 'v-1', name: 'Pat Jones', email: null, queue: 'support-chat', ip: '198.51.100.1', geo: null, text: 'Hello, my order is late.' }),
    );
    await panel.waitFor((s) => headerOf(s).includes('Chats 1'), 'the chat counted in the header');
    placeCall(panel);
    const screen = await panel.waitFor((s) => headerOf(s).includes('RINGING'), 'the call ringing in the header');
    const header = headerOf(screen);
    expect(header).toMatch(/^Ava Turner {2}RINGING \d+:\d\d {2}available \d+:\d\d/);
    // The chat count and the mode worked stay while there is room; the modes not worked went first.
    expect(header).toMatch(/Chats 1 ●1 {2}IN {2}●$/);
    expect(header).not.toContain('OUT');
    expectFits(panel.frame(), 60, 16);
  });

  it('keeps the state whole before the name when even the counts do not leave room', async () => {
    const config = chatConfig();
    // A name as long as many are: with the state's two times it leaves no room for anything else at 60 columns.
    config.agents.find((a) => a.number === '1001')!.name = 'Maria-Fernanda Villanueva Ortega';
    panel = await startPanel({ config, columns: 60, rows: 16 });
    await logIn(panel, '1001');
    placeCall(panel);
    const screen = await panel.waitFor((s) => headerOf(s).includes('RINGING'), 'the call ringing in the header');
    const header = headerOf(screen);
    expect(header).toMatch(/^RINGING \d+:\d\d {2}available \d+:\d\d +●$/);
    expectFits(panel.frame(), 60, 16);
    // Wide again, the name, the counts and every mode come back.
    await panel.resize(100, 24);
    const wide = await panel.waitFor((s) => headerOf(s).includes('BLEND'), 'the whole header');
    expect(headerOf(wide)).toMatch(/^Maria-Fernanda Villanueva Ortega 1001 {2}RINGING/);
    expect(headerOf(wide)).toMatch(/Chats 0 {2}IN {2}OUT {2}BLEND {2}●$/);
  });
});
