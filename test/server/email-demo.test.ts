import { readdirSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../../src/core/config/schema.js';
import { FakeClock, SeededRandom } from '../fake-clock.js';
import { demoConfig } from '../helpers.js';
import { conversations, messagesOf, until } from './email-support.js';
import { agentUrlOf, loginAgent, ok, runCleanups, startTestServer, tempDir } from './support.js';

/**
 * The demo's email, as `npm start` runs it: the listener on a free port,
 * the demo's own capture relay for what agents send, and simulated
 * customers who write a few mails an hour through the real listener and
 * now and then answer a reply, in its thread.
 */
afterEach(runCleanups);

/** The demo's configuration with its email queue open at any hour (tests must not depend on the time of day). */
function demo(): Config {
  const config = demoConfig();
  for (const q of config.messagingQueues) delete (q as { hours?: unknown }).hours;
  return config;
}

describe('the demo', () => {
  it('simulated customers write through the real listener, and answer a reply in its thread', async () => {
    const clock = new FakeClock('2026-01-05T10:00:00Z');
    const server = await startTestServer({ config: demo(), clock, random: new SeededRandom(3), dataDir: tempDir(), simulate: true, email: { listener: { host: '127.0.0.1', port: 0 }, captureRelay: true, env: {} } });
    expect(server.email?.listener?.address.port).toBeGreaterThan(0);
    const hassan = await loginAgent(agentUrlOf(server), '1008');
    // Six an hour on average: within two hours some have arrived, each over SMTP.
    for (let i = 0; i < 12; i++) clock.advance(10 * 60_000);
    await until(() => server.emailSim!.sent >= 3 && conversations(server).length >= 3, 'three simulated mails', 10_000);
    const first = conversations(server)[0]!;
    const customer = messagesOf(server, first.id).find((m) => m.author === 'customer')!;
    expect(customer.mail?.to.some((a) => a.endsWith('@demo.switchboard'))).toBe(true);
    expect(first.customer.email).toMatch(/@example\.net$/);

    // (The demo's simulated calls find the agent too, and pause them when unanswered: the mails are taken by hand.)
    for (const c of conversations(server)) ok(await hassan.client.request('conversation.assign', { id: c.id }));
    const mine = conversations(server).filter((c) => c.agent === '1008');
    expect(mine.length).toBeGreaterThanOrEqual(3);
    // Replies go to the capture relay (kept as .eml), and customers answer some of them a few minutes later.
    for (const c of mine) ok(await hassan.client.request('message.send', { conversation: c.id, text: 'Thank you, we are on it.' }));
    await until(() => readdirSync(server.email!.capture!.dir).filter((f) => f.endsWith('.eml')).length === mine.length, 'the replies at the capture relay', 10_000);
    await until(() => mine.every((c) => messagesOf(server, c.id).find((m) => m.author === 'agent')?.delivery?.status === 'sent'), 'the replies marked sent', 10_000);
    for (let i = 0; i < 6; i++) clock.advance(60_000);
    const answered = await until(
      () => mine.find((c) => messagesOf(server, c.id).filter((m) => m.author === 'customer').length === 2),
      'a simulated customer to answer in the same conversation',
      10_000,
    );
    expect(server.engine.state.get('conversation', answered.id)!.status).toBe('open');
  });
});
