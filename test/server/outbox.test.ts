import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/config/parse.js';
import { confirm, deliveryReport } from '../../src/core/messaging/outbox.js';
import { EARLY_STATUSES_KEPT } from '../../src/core/messaging/early-status.js';
import { receiveInbound, type InboundMessage } from '../../src/core/messaging/inbound.js';
import type { Conversation, Message, OutboxItem } from '../../src/core/protocol/model.js';
import type { ChannelSender, SendOutcome } from '../../src/channels/outbox/sender.js';
import { FakeClock, SeededRandom } from '../fake-clock.js';
import { agentUrlOf, loginAgent, ok, runCleanups, startTestServer, tempDir } from './support.js';
import { allMessages } from '../helpers.js';

/**
 * The durable outbox of the provider channels, driven through a fake
 * provider (FakeProvider, a test double named as such: the real adapters
 * live in src/channels/<name>). An agent's reply is kept with the message
 * and acknowledged; it is handed to the provider, retried with back-off
 * while the provider is down, failed with the provider's reason, and never
 * handed over twice, across restarts too.
 */
afterEach(runCleanups);

const CONFIG = `
center: { name: Outbox Test, timeZone: Europe/London }
messagingQueues:
  - { id: texts, name: Texts, channels: [sms] }
agents:
  - { number: "2001", name: Ana Lima, email: a@x.io, pin: "2001", password: pass, messagingQueues: [texts], capacity: { sms: 5 } }
`;

/** A fake SMS provider: records what it is handed and answers as it is told. */
class FakeProvider implements ChannelSender {
  readonly channel = 'sms' as const;
  readonly concurrency = 2;
  readonly taken: Array<{ item: OutboxItem; text: string }> = [];
  answers: Array<SendOutcome | 'hang'> = [];
  private hung: Array<() => void> = [];

  constructor(readonly unsureGraceMs = 60_000) {}

  send(item: OutboxItem, message: Message): Promise<SendOutcome> {
    const answer = this.answers.shift() ?? { kind: 'sent', externalId: `SM${this.taken.length + 1}`, detail: 'queued at the provider' };
    this.taken.push({ item, text: message.text });
    if (answer === 'hang') return new Promise((resolve) => this.hung.push(() => resolve({ kind: 'retry', reason: 'hung' })));
    return Promise.resolve(answer);
  }
}

function inbound(externalId: string, text = 'Where is my parcel?'): InboundMessage {
  return {
    channel: 'sms',
    queue: 'texts',
    externalId,
    threadRef: 'sms:+447700900123:+447700900999',
    customer: { id: 'phone:+447700900123', name: '+447700900123', email: null, phone: '+447700900123', ip: null, geo: null },
    text,
    attachments: [],
  };
}

async function center(options: { dataDir?: string; provider?: FakeProvider; clock?: FakeClock } = {}) {
  const clock = options.clock ?? new FakeClock('2026-01-05T10:00:00Z');
  const provider = options.provider ?? new FakeProvider();
  const server = await startTestServer({
    config: parseConfig(CONFIG, 'outbox.yaml'),
    clock,
    random: new SeededRandom(4),
    dataDir: options.dataDir ?? tempDir(),
    senders: [provider],
    outbox: { baseDelayMs: 1000, maxDelayMs: 60_000 },
  });
  return { server, clock, provider };
}

const messageOf = (server: Awaited<ReturnType<typeof startTestServer>>, id: string) => server.engine.state.get('message', id)!;
const settle = () => new Promise((r) => setTimeout(r, 20));

async function reply(server: Awaited<ReturnType<typeof startTestServer>>, text: string): Promise<{ conversation: Conversation; message: Message }> {
  const { conversation } = server.engine.run((ctx) => receiveInbound(ctx, inbound(`SMin-${text}`)));
  const ana = await loginAgent(agentUrlOf(server), '2001');
  return ok<{ conversation: Conversation; message: Message }>(await ana.client.request('message.send', { conversation: conversation.id, text }));
}

describe('the outbox', () => {
  it("keeps an agent's reply with the message, hands it to the provider once, and shows it sent", async () => {
    const { server, provider } = await center();
    const sent = await reply(server, 'It ships today.');
    expect(sent.message.delivery?.status).toBe('queued');
    await server.engine.run(() => undefined);
    await settle();
    expect(provider.taken.map((t) => t.text)).toEqual(['It ships today.']);
    const message = messageOf(server, sent.message.id);
    expect(message.delivery).toMatchObject({ status: 'sent', detail: 'queued at the provider' });
    expect(message.externalId).toBe('SM1');
    expect([...server.engine.state.all('outbox')]).toEqual([]);
  });

  it('retries with back-off while the provider is down, says why on the message, then sends it once', async () => {
    const { server, provider, clock } = await center();
    provider.answers = [{ kind: 'retry', reason: 'The provider answered 503.' }, { kind: 'retry', reason: 'The provider answered 503.' }];
    const sent = await reply(server, 'Back soon.');
    await settle();
    expect(messageOf(server, sent.message.id).delivery).toMatchObject({ status: 'queued' });
    expect(messageOf(server, sent.message.id).delivery!.detail).toMatch(/^The provider answered 503\. Trying again at \d\d:\d\d UTC\.$/);
    expect(provider.taken).toHaveLength(1);
    clock.advance(1200);
    await settle();
    expect(provider.taken).toHaveLength(2);
    // The second wait is twice the first.
    clock.advance(1200);
    await settle();
    expect(provider.taken).toHaveLength(2);
    clock.advance(1200);
    await settle();
    expect(provider.taken).toHaveLength(3);
    expect(messageOf(server, sent.message.id).delivery!.status).toBe('sent');
  });

  it("fails a message the provider refuses, with the provider's reason", async () => {
    const { server, provider } = await center();
    provider.answers = [{ kind: 'failed', reason: 'The number +447700900123 cannot receive messages (21610: unsubscribed).' }];
    const sent = await reply(server, 'Hello?');
    await settle();
    expect(messageOf(server, sent.message.id).delivery).toMatchObject({ status: 'failed', detail: 'The number +447700900123 cannot receive messages (21610: unsubscribed).' });
    expect([...server.engine.state.all('outbox')]).toEqual([]);
  });

  it('keeps what waits across a restart, and sends it after', async () => {
    const dataDir = tempDir();
    const clock = new FakeClock('2026-01-05T10:00:00Z');
    const first = await center({ dataDir, clock });
    first.provider.answers = [{ kind: 'retry', reason: 'Down.', afterMs: 600_000 }];
    const sent = await reply(first.server, 'Kept across a restart.');
    await settle();
    await first.server.close();
    const second = await center({ dataDir, clock });
    clock.advance(600_000);
    await settle();
    expect(second.provider.taken.map((t) => t.text)).toEqual(['Kept across a restart.']);
    expect(messageOf(second.server, sent.message.id).delivery!.status).toBe('sent');
  });

  it('does not send again what may have reached the provider when the server stopped, unless the provider stays silent', async () => {
    const dataDir = tempDir();
    const clock = new FakeClock('2026-01-05T10:00:00Z');
    const first = await center({ dataDir, clock });
    first.provider.answers = ['hang', 'hang'];
    const a = await reply(first.server, 'First.');
    const b = await reply(first.server, 'Second.');
    await settle();
    expect(first.provider.taken).toHaveLength(2);
    // The server stops while both are with the provider.
    await first.server.close();
    const second = await center({ dataDir, clock, provider: new FakeProvider(60_000) });
    const items = () => [...second.server.engine.state.all('outbox')];
    expect(items().map((i) => i.state)).toEqual(['unsure', 'unsure']);
    // The provider's callback names the first: it was sent, and is not sent again.
    const first_ = items().find((i) => i.message === a.message.id)!;
    second.server.engine.run((ctx) => confirm(ctx, first_.id, 'SM77'));
    expect(messageOf(second.server, a.message.id)).toMatchObject({ delivery: { status: 'sent' }, externalId: 'SM77' });
    // The second hears nothing within the grace: it goes again, once.
    clock.advance(60_001);
    await settle();
    expect(second.provider.taken.map((t) => t.text)).toEqual(['Second.']);
    expect(messageOf(second.server, b.message.id).delivery!.status).toBe('sent');
  });

  it("moves a message's status only forward on the provider's reports", async () => {
    const { server } = await center();
    const sent = await reply(server, 'Track it here.');
    await settle();
    const report = (status: 'delivered' | 'read' | 'failed') => server.engine.run((ctx) => deliveryReport(ctx, 'sms', 'SM1', status, null));
    expect(report('read')).toBe(true);
    report('delivered');
    expect(messageOf(server, sent.message.id).delivery!.status).toBe('read');
    expect(server.engine.run((ctx) => deliveryReport(ctx, 'sms', 'SM-unknown', 'read', null))).toBe(false);
  });

  it("keeps a status that comes before the provider's answer naming the message, shows it once the answer comes, and forgets one whose message never comes after a day", async () => {
    const { server, clock } = await center();
    // The provider's callback (no key of ours) is quicker than its answer to the send: it names SM1, which nothing has yet.
    expect(server.engine.run((ctx) => deliveryReport(ctx, 'sms', 'SM1', 'delivered', null))).toBe(false);
    server.engine.run((ctx) => deliveryReport(ctx, 'sms', 'SM1', 'sent', null));
    const sent = await reply(server, 'Your code is 4411.');
    await settle();
    expect(messageOf(server, sent.message.id)).toMatchObject({ externalId: 'SM1', delivery: { status: 'delivered' } });
    // A message sent from elsewhere on the same number is never ours: its status is not kept for ever.
    server.engine.run((ctx) => deliveryReport(ctx, 'sms', 'SM-elsewhere', 'read', null));
    expect([...server.engine.state.all('earlyStatus')].map((s) => s.id)).toEqual(['sms:SM-elsewhere']);
    clock.advance(25 * 3600_000);
    await settle();
    expect([...server.engine.state.all('earlyStatus')]).toEqual([]);
  });

  it("keeps at most EARLY_STATUSES_KEPT statuses of messages it does not know, forgetting the oldest, so another tool's flood on a shared number neither grows without end nor loses a status of our own", async () => {
    const { server, clock } = await center();
    const kept = () => server.engine.state.count('earlyStatus');
    server.engine.run((ctx) => deliveryReport(ctx, 'sms', 'SM-elsewhere-first', 'delivered', null));
    clock.advance(1000);
    // Another tool sending on the same account: a status for each of its messages, none of them ours.
    server.engine.run((ctx) => {
      for (let i = 1; i < EARLY_STATUSES_KEPT; i++) deliveryReport(ctx, 'sms', `SM-elsewhere-${i}`, 'delivered', null);
    });
    expect(kept()).toBe(EARLY_STATUSES_KEPT);
    // A later status of one already kept takes no room.
    server.engine.run((ctx) => deliveryReport(ctx, 'sms', 'SM-elsewhere-first', 'read', null));
    expect(kept()).toBe(EARLY_STATUSES_KEPT);
    clock.advance(1000);
    // Our own message's delivery beats the send's answer: it is kept, and the oldest goes to make room.
    server.engine.run((ctx) => deliveryReport(ctx, 'sms', 'SM1', 'delivered', null));
    expect(kept()).toBe(EARLY_STATUSES_KEPT);
    expect(server.engine.state.get('earlyStatus', 'sms:SM-elsewhere-first')).toBeUndefined();
    expect(server.engine.state.get('earlyStatus', 'sms:SM-elsewhere-1')).toBeDefined();
    const sent = await reply(server, 'Your code is 4411.');
    await settle();
    expect(messageOf(server, sent.message.id)).toMatchObject({ externalId: 'SM1', delivery: { status: 'delivered' } });
    expect(kept()).toBe(EARLY_STATUSES_KEPT - 1);
  });
});

describe('messages from a provider', () => {
  it('are taken once per provider id, into the open conversation of their thread', async () => {
    const { server } = await center();
    const one = server.engine.run((ctx) => receiveInbound(ctx, inbound('SMa', 'Hello')));
    const again = server.engine.run((ctx) => receiveInbound(ctx, inbound('SMa', 'Hello')));
    const two = server.engine.run((ctx) => receiveInbound(ctx, inbound('SMb', 'Anyone there?')));
    expect(again).toMatchObject({ duplicate: true, message: { id: one.message.id } });
    expect(two.conversation.id).toBe(one.conversation.id);
    const texts = allMessages(server.engine).filter((m) => m.author === 'customer').map((m) => m.text);
    expect(texts).toEqual(['Hello', 'Anyone there?']);
  });
});
