import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/config/parse.js';
import { createConversation } from '../../src/core/messaging/conversation.js';
import { visitorStart } from '../../src/core/messaging/visitor.js';
import type { WaitingPreview } from '../../src/core/protocol/model.js';
import { FakeClock } from '../fake-clock.js';
import { makeCore } from '../helpers.js';

const CONFIG = `
center: { name: Test, timeZone: Europe/London }
messagingQueues:
  - { id: support, name: Support Chat, channels: [livechat, email] }
agents:
  - { number: "301", name: Ada, email: a@x.io, pin: "3010", password: pass, messagingQueues: [support], capacity: { livechat: 2, email: 2 } }
`;

describe("a messaging queue's waiting preview", () => {
  it('lists an email behind six waiting chats, and counts each channel', () => {
    const core = makeCore({ config: parseConfig(CONFIG, 'test.yaml'), clock: new FakeClock('2026-01-05T10:00:00Z') });
    // Nobody is logged in: everything waits unassigned, the chats first.
    for (let i = 1; i <= 6; i++) {
      core.engine.run((ctx) => visitorStart(ctx, { visitorId: `v${i}`, name: `Visitor ${i}`, email: null, queue: 'support', ip: `192.0.2.${i}`, geo: null, text: 'hi' }));
      core.clock.advance(1000);
    }
    const email = core.engine.run((ctx) =>
      createConversation(ctx, {
        channel: 'email',
        queue: 'support',
        customer: { id: 'email:carol@example.com', name: 'Carol', email: 'carol@example.com', phone: null, ip: null, geo: null },
        subject: 'My order',
        text: 'Where is it?',
      }),
    );

    const preview = core.engine.state.get('mqueueWaiting', 'support') as WaitingPreview;
    const on = (channel: string) => preview.conversations.filter((c) => c.channel === channel);
    expect(on('email').map((c) => c.id)).toEqual([email.id]);
    expect(on('livechat')).toHaveLength(5);
    expect(preview.countByChannel).toEqual({ livechat: 6, email: 1 });
  });
});
