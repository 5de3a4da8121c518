import { afterEach } from 'vitest';
import type { Config } from '../../src/core/config/schema.js';
import type { Conversation } from '../../src/core/protocol/model.js';
import { visitorStart } from '../../src/core/messaging/visitor.js';
import { demoConfig } from '../helpers.js';
import { runCleanups } from '../server/support.js';
import { startPanel, type Panel } from './support.js';

/**
 * The scene of the tests where a panel is killed and the agent logs in again
 * (drafts, where the agent was): panels opened on one server, closed after
 * each test the later ones first (they share the first one's server).
 */
export function killedPanelScene(): { open(options: Parameters<typeof startPanel>[0]): Promise<Panel> } {
  const panels: Panel[] = [];
  afterEach(async () => {
    for (const p of panels.reverse()) await p.close();
    panels.length = 0;
    await runCleanups();
  });
  return {
    async open(options) {
      const p = await startPanel(options);
      panels.push(p);
      return p;
    },
  };
}

/** The demo with its chat queue always open (tests must not depend on the hour), and no survey: the customer leaving closes the chat. */
export function alwaysOpenChatConfig(): Config {
  const config = demoConfig();
  const support = config.messagingQueues.find((q) => q.id === 'support-chat')!;
  delete (support as { hours?: unknown }).hours;
  support.survey = false;
  return config;
}

/** Pat Jones starts a chat on the website (visitor v-1), in Support Chat. */
export function visitPatJones(p: Panel): Conversation {
  return p.server.engine.run((ctx) =>
    visitorStart(ctx, {
      visitorId: 'v-1',
      name: 'Pat Jones',
      email: null,
      queue: 'support-chat',
      ip: '198.51.100.1',
      geo: { lat: 51.5072, lon: -0.1276, city: 'London', country: 'GB' },
      text: 'Hello, my order is late.',
    }),
  );
}

/** Pat Jones's chat (visitPatJones) opened from Chats, its reply box focused. */
export async function openPatJonesChat(p: Panel): Promise<void> {
  visitPatJones(p);
  await p.key('g t');
  await p.waitForText('Pat Jones');
  await p.key('enter');
  await p.waitFor((s) => s.includes('Pat Jones — ') && /Enter send/.test(s), 'the reply box focused');
}
