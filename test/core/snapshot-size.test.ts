import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/config/parse.js';
import { createConversation } from '../../src/core/messaging/conversation.js';
import { FakeClock } from '../fake-clock.js';
import { makeCore } from '../helpers.js';

const CONFIG = `
center: { name: Big, timeZone: Europe/London }
messagingQueues:
  - { id: web, name: Web, channels: [livechat, email, sms, whatsapp, facebook] }
  - { id: billing, name: Billing, channels: [email] }
agents:
  - { number: "301", name: Ada, email: a@x.io, pin: "3010", password: pass, messagingQueues: [web, billing], capacity: { email: 3 } }
  - { number: "302", name: Bo, email: b@x.io, pin: "3020", password: pass, messagingQueues: [web], capacity: { email: 3 } }
  - { number: "309", name: Sue, email: s@x.io, pin: "3090", password: pass, role: supervisor, messagingQueues: [web, billing], capacity: { email: 3 } }
`;

const OPEN = 20_000;
const LIMIT = 64 * 1024;
/** The web queue takes every channel: its preview carries the next few of each. */
const WEB_CHANNELS = ['livechat', 'email', 'sms', 'whatsapp', 'facebook'] as const;
/** A customer's first mail: a few lines, as they write them. */
const MAIL = 'Hello, my order has not arrived yet and the tracking page has said "in transit" for a week. '.repeat(3);

describe('the login snapshot in a large centre', () => {
  it('stays under 64 KiB for an agent and a supervisor with 20,000 conversations open, and still shows what the first screen needs', () => {
    const core = makeCore({ config: parseConfig(CONFIG, 'big.yaml'), clock: new FakeClock('2026-01-05T10:00:00Z') });
    // Nobody is logged in yet: every conversation waits unassigned (the 09:00 backlog).
    for (let done = 0; done < OPEN; done += 2000) {
      core.engine.run((ctx) => {
        for (let i = done; i < done + 2000; i++) {
          const email = `c${i}@example.com`;
          const billing = i % 4 === 0;
          createConversation(ctx, {
            channel: billing ? 'email' : WEB_CHANNELS[i % WEB_CHANNELS.length]!,
            queue: billing ? 'billing' : 'web',
            customer: { id: `email:${email}`, name: `Customer ${i}`, email, phone: null, ip: null, geo: null },
            subject: `Order ${i}`,
            text: MAIL,
          });
        }
      });
    }
    const ada = core.login('301', { pin: '3010' });
    const sue = core.login('309', { pin: '3090' });
    const size = (o: typeof ada) => Buffer.byteLength(JSON.stringify(core.engine.snapshot(o.principal!)));
    expect(size(ada)).toBeLessThan(LIMIT);
    expect(size(sue)).toBeLessThan(LIMIT);

    const snapshot = core.engine.snapshot(ada.principal!);
    // Ada's own chats (assigned at login, up to her email capacity), each with its last message.
    const mine = snapshot.entities.conversation.filter((c) => c.agent === '301');
    expect(mine).toHaveLength(3);
    expect(snapshot.entities.message.map((m) => m.conversation).sort()).toEqual(mine.map((c) => c.id).sort());
    // Her queues: how many wait in all, and the next few to take.
    const waiting = Object.fromEntries(snapshot.entities.mqueueStats.map((s) => [s.id, s.waiting]));
    const all = [...core.engine.state.all('conversation')];
    const unassignedIn = (q: string) => all.filter((c) => c.queue === q && c.agent === null).length;
    expect(waiting).toEqual({ web: unassignedIn('web'), billing: unassignedIn('billing') });
    expect(waiting.web! + waiting.billing!).toBeGreaterThan(OPEN - 10);
    const previews = snapshot.entities.mqueueWaiting;
    expect(previews.map((p) => p.id).sort()).toEqual(['billing', 'web']);
    for (const p of previews) {
      expect(p.conversations.length).toBeGreaterThan(0);
      expect(p.conversations.every((c) => c.agent === null && c.queue === p.id)).toBe(true);
      // Each channel's count, adding up to the queue's figure (the desks' headings and the header).
      expect(Object.values(p.countByChannel ?? {}).reduce((a, b) => a + b, 0)).toBe(waiting[p.id]);
    }
    // Every channel of the web queue has its next few, so each desk has something to show.
    const web = previews.find((p) => p.id === 'web')!;
    for (const channel of WEB_CHANNELS) expect(web.conversations.filter((c) => c.channel === channel).length).toBeGreaterThan(0);
    // The catalog has her own row, not the centre's directory.
    expect(snapshot.catalog.agents.map((a) => a.number)).toEqual(['301']);
  });
});

const CAMPAIGN_CONFIG = `
center: { name: Big, timeZone: Europe/London }
dispositions:
  sales:
    - { name: Sale, code: SALE, hotkey: "1", color: green, type: final }
    - { name: Callback, code: CB, hotkey: "4", color: cyan, type: callback }
campaigns:
  - { id: renew, name: Renewals, strategy: preview, dispositions: sales, callerId: "+442070000002", timeZone: Europe/London }
agents:
  - { number: "301", name: Ada, email: a@x.io, pin: "3010", password: pass, campaigns: [renew] }
  - { number: "309", name: Sue, email: s@x.io, pin: "3090", password: pass, role: supervisor, campaigns: [renew] }
`;

describe('the login snapshot of a centre with a large lead list', () => {
  it('stays under 64 KiB for a supervisor after 50,000 leads are imported: leads reach them as they reach agents', () => {
    const core = makeCore({ config: parseConfig(CAMPAIGN_CONFIG, 'leads.yaml'), clock: new FakeClock('2026-01-05T10:00:00Z') });
    const sue = core.login('309', { pin: '3090', strategy: 'outbound', campaign: 'renew' });
    for (let done = 0; done < 50_000; done += 2000) {
      const rows = Array.from({ length: 2000 }, (_, i) => ({ line: done + i + 2, phone: `+4420794${String(done + i).padStart(5, '0')}`, name: `Lead ${done + i}` }));
      const r = core.send('leads.import', { campaign: 'renew', rows }, sue);
      expect(r.ok).toBe(true);
    }
    expect(core.engine.state.count('lead')).toBe(50_000);
    // Before, every lead of every campaign was in a supervisor's snapshot: some 20 MB, more than
    // the gateway lets pile up for one socket, so the supervisor could no longer log in over WebSocket.
    const again = core.login('309', { pin: '3090', strategy: 'outbound', campaign: 'renew' });
    expect(Buffer.byteLength(JSON.stringify(core.engine.snapshot(again.principal!)))).toBeLessThan(LIMIT);

    // A callback for anyone of the campaign still reaches whoever works it, the supervisor included.
    const ada = core.login('301', { pin: '3010', strategy: 'outbound', campaign: 'renew' });
    const lead = [...core.engine.state.all('lead')][0]!;
    expect(core.send('lead.dispose', { leadId: lead.id, code: 'CB', callbackAt: Date.parse('2026-01-05T15:00:00Z') }, sue).ok).toBe(true);
    const callbacks = (o: typeof ada) => core.engine.snapshot(o.principal!).entities.lead.filter((l) => l.callback).map((l) => l.id);
    expect(callbacks(ada)).toEqual([lead.id]);
    expect(callbacks(core.login('309', { pin: '3090', strategy: 'outbound', campaign: 'renew' }))).toEqual([lead.id]);
  });
});
