import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/config/parse.js';
import type { Conversation, Message } from '../../src/core/protocol/model.js';
import { FakeClock } from '../fake-clock.js';
import { conversations, emailConfig, messagesOf, startMailCentre, startRelay, until } from './email-support.js';
import { agentUrlOf, err, freePort, loginAgent, ok, runCleanups, startTestServer, tempDir } from './support.js';

/**
 * Replies leave through the centre's relay, here a real smtp-server on
 * 127.0.0.1: what the relay is handed (From the queue's address with the
 * agent's name, threading headers, copies, attachments, the signature),
 * what the message then says (sent with the relay's reply, failed with its
 * refusal, queued while it cannot be reached), and the mail machines send
 * back (auto-replies, delivery reports).
 */
afterEach(runCleanups);

async function centreWithRelay() {
  const relay = await startRelay();
  const centre = await startMailCentre({ relayPort: relay.port });
  const first = await centre.mta.sendMail({ from: '"Cara Diaz" <cara@example.org>', to: 'help@mail.test', subject: 'Broken kettle', text: 'It stopped working.', messageId: '<first@example.org>' });
  const [c] = conversations(centre.server);
  const ana = await loginAgent(agentUrlOf(centre.server), '2001');
  const reply = async (args: Record<string, unknown>) =>
    ok<{ message: Message; conversation: Conversation }>(await ana.client.request('message.send', { conversation: c!.id, text: 'Here is how to fix it.', ...args }));
  const message = (id: string) => centre.server.engine.state.get('message', id)!;
  return { ...centre, relay, conversation: c!, ana, reply, message, first };
}

describe('replies through the relay', () => {
  it('go From the queue with the agent\'s name, threaded, with copies, attachments and the default signature', async () => {
    const { relay, reply, message, ana, conversation, server } = await centreWithRelay();
    // An upload of the agent's (as POST /files makes one).
    writeFileSync(join(server.dataDir, 'files', 'file-manual'), 'Step 1: descale.');
    server.engine.run((ctx) => ctx.tx.put('file', { id: 'file-manual', name: 'manual.txt', size: 16, type: 'text/plain', owner: '2001', at: ctx.clock.now() }));
    ok(await ana.client.request('signature.create', { name: 'Work', text: 'Kind regards,\n{{agent.name}} ({{agent.number}})\n{{queue.name}} team' }));
    const sent = await reply({ cc: ['Boss@Example.org'], bcc: ['audit@example.org'], attachments: ['file-manual'] });
    expect(sent.message.delivery?.status).toBe('queued');
    const [got] = await relay.count(1);
    expect(got!.mail.from?.text).toBe('"Ana Lima" <help@mail.test>');
    expect(got!.mail.to && !Array.isArray(got!.mail.to) ? got!.mail.to.text : '').toBe('cara@example.org');
    expect(got!.mail.cc && !Array.isArray(got!.mail.cc) ? got!.mail.cc.text : '').toBe('boss@example.org');
    expect(got!.mail.headers.has('bcc')).toBe(false);
    expect(got!.to.sort()).toEqual(['audit@example.org', 'boss@example.org', 'cara@example.org']);
    expect(got!.mail.subject).toBe(`Re: Broken kettle [#${conversation.id}]`);
    expect(got!.mail.messageId).toBe(`<${sent.message.id}@mail.test>`);
    expect(got!.mail.inReplyTo).toBe('<first@example.org>');
    expect(got!.mail.references).toBe('<first@example.org>');
    expect(got!.mail.text).toBe('Here is how to fix it.\n\n-- \nKind regards,\nAna Lima (2001)\nSupport team');
    expect(got!.mail.attachments.map((a) => [a.filename, a.content.toString()])).toEqual([['manual.txt', 'Step 1: descale.']]);
    await until(() => message(sent.message.id).delivery?.status === 'sent', 'the reply marked sent');
    expect(message(sent.message.id).delivery!.detail).toMatch(/^Relay 127\.0\.0\.1:\d+: 250 2\.0\.0 Ok: queued as Q1$/);
    expect(message(sent.message.id).mail).toMatchObject({ cc: ['boss@example.org'], bcc: ['audit@example.org'], signature: 'Work' });
  });

  it('carry another signature or none when the composer says so', async () => {
    const { relay, reply, ana } = await centreWithRelay();
    ok(await ana.client.request('signature.create', { name: 'Work', text: 'Regards, {{agent.firstname}}' }));
    const short = ok<{ signature: { id: string; isDefault: boolean } }>(await ana.client.request('signature.create', { name: 'Short', text: '— A.' }));
    expect(short.signature.isDefault).toBe(false);
    await reply({ signature: short.signature.id, text: 'One.' });
    await reply({ signature: null, text: 'Two.' });
    const got = await relay.count(2);
    const texts = got.map((g) => g.mail.text).sort();
    expect(texts).toEqual(['One.\n\n-- \n— A.\n', 'Two.\n']);
  });

  it('fails a reply the relay refuses (5xx), with the relay\'s words', async () => {
    const { relay, reply, message } = await centreWithRelay();
    relay.refuse(550, '5.1.1 <cara@example.org>: Recipient address rejected');
    const sent = await reply({});
    await until(() => message(sent.message.id).delivery?.status === 'failed', 'the reply failed');
    expect(message(sent.message.id).delivery!.detail).toMatch(/^The relay 127\.0\.0\.1:\d+ refused the email: 550 5\.1\.1 <cara@example\.org>: Recipient address rejected$/);
  });

  it('keeps a reply queued while the relay is down, saying why, and sends it once it is back', async () => {
    const port = await freePort();
    const centre = await startMailCentre({ relayPort: port });
    await centre.mta.sendMail({ from: 'cara@example.org', to: 'help@mail.test', subject: 'Hello', text: 'Hi' });
    const [c] = conversations(centre.server);
    const ana = await loginAgent(agentUrlOf(centre.server), '2001');
    const sent = ok<{ message: Message }>(await ana.client.request('message.send', { conversation: c!.id, text: 'Answer.' }));
    const message = () => centre.server.engine.state.get('message', sent.message.id)!;
    await until(() => message().delivery?.detail, 'the reason on the message');
    expect(message().delivery!.status).toBe('queued');
    expect(message().delivery!.detail).toMatch(new RegExp(`^The relay 127\\.0\\.0\\.1:${port} could not be reached: .*ECONNREFUSED.* Trying again at \\d\\d:\\d\\d UTC\\.$`));
    const relay = await startRelay({ port });
    centre.clock.advance(2_000);
    await until(() => message().delivery?.status === 'sent', 'the reply sent once the relay is up');
    expect(relay.got.map((g) => g.mail.text)).toEqual(['Answer.\n']);
  });
});

describe('a crash while replies are with the relay', () => {
  it('sends again only what the relay did not confirm with a delivery notification (ENVID = the outbox item)', async () => {
    const { SMTPServer } = await import('smtp-server');
    const dataDir = tempDir();
    const clock = new FakeClock('2026-01-05T10:00:00Z');
    // The first relay takes one mail whole and never answers it, and never gets to the data of the other.
    const had: Array<{ envid: string | null; raw: string }> = [];
    let sessions = 0;
    const stuck = new SMTPServer({
      // DSN is off in smtp-server unless asked for: this relay offers it.
      hideDSN: false,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      closeTimeout: 100,
      onMailFrom: (_a, session, cb) => {
        sessions += 1;
        if (sessions > 1) return; // hangs: this mail never reaches the relay
        cb();
      },
      onData: (stream, session, _cb) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.once('end', () => had.push({ envid: session.envelope.dsn?.envid ?? null, raw: Buffer.concat(chunks).toString() }));
      },
    });
    await new Promise<void>((r) => stuck.listen(0, '127.0.0.1', () => r()));
    const stuckPort = (stuck.server.address() as { port: number }).port;
    const first = await startMailCentre({ relayPort: stuckPort, relayExtra: ', dsn: true, dsnWaitSeconds: 60', dataDir, clock, seed: 11 });
    await first.mta.sendMail({ from: 'cara@example.org', to: 'help@mail.test', subject: 'Two questions', text: 'One and two?' });
    const [c] = conversations(first.server);
    const ana = await loginAgent(agentUrlOf(first.server), '2001');
    const one = ok<{ message: Message }>(await ana.client.request('message.send', { conversation: c!.id, text: 'Answer one.' }));
    await until(() => had.length === 1, 'the relay holding the first reply');
    const two = ok<{ message: Message }>(await ana.client.request('message.send', { conversation: c!.id, text: 'Answer two.' }));
    await until(() => sessions === 2, 'the second reply on its way');
    expect(had[0]!.envid).toMatch(/^out-/);
    // The server stops while both are with the relay (the outbox gives up waiting after 5 s).
    await first.server.close();
    stuck.close();

    const relay = await startRelay();
    const second = await startMailCentre({ relayPort: relay.port, relayExtra: ', dsn: true, dsnWaitSeconds: 60', dataDir, clock, seed: 12 });
    const message = (id: string) => second.server.engine.state.get('message', id)!;
    expect([...second.server.engine.state.all('outbox')].map((i) => i.state)).toEqual(['unsure', 'unsure']);
    // The relay's notification for the one it had comes back to the queue's address.
    const boundary = 'dsn';
    await second.mta.sendMail({
      envelope: { from: '', to: ['help@mail.test'] },
      raw: [
        'From: MAILER-DAEMON@relay.test',
        'To: help@mail.test',
        'Subject: Delivery Status Notification (Success)',
        'Message-ID: <dsn-ok@relay.test>',
        `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
        '',
        `--${boundary}`,
        'Content-Type: text/plain',
        '',
        'Your message was delivered.',
        `--${boundary}`,
        'Content-Type: message/delivery-status',
        '',
        `Original-Envelope-Id: ${had[0]!.envid}`,
        'Reporting-MTA: dns; relay.test',
        '',
        'Final-Recipient: rfc822; cara@example.org',
        'Action: delivered',
        'Status: 2.0.0',
        '',
        `--${boundary}`,
        'Content-Type: text/rfc822-headers',
        '',
        `Message-ID: <${one.message.id}@mail.test>`,
        '',
        `--${boundary}--`,
        '',
      ].join('\r\n'),
    });
    expect(message(one.message.id).delivery).toMatchObject({ status: 'delivered', detail: 'Delivered to cara@example.org.' });
    // The other waits its grace for a notification, hears none, and goes again: once.
    clock.advance(60_001);
    await relay.count(1);
    await until(() => message(two.message.id).delivery?.status === 'sent', 'the second reply sent');
    expect(relay.got.map((g) => g.mail.messageId)).toEqual([`<${two.message.id}@mail.test>`]);
    expect(messagesOf(second.server, c!.id).some((m) => m.text.includes('Your message was delivered.'))).toBe(false);
  }, 20_000);
});

describe('mail from machines', () => {
  it('an auto-reply is kept in its conversation but reopens, assigns and answers nothing', async () => {
    const { mta, server, conversation, ana, reply, relay } = await centreWithRelay();
    const sent = await reply({});
    await relay.count(1);
    ok(await ana.client.request('conversation.status', { id: conversation.id, status: 'waiting' }));
    const unread = server.engine.state.get('conversation', conversation.id)!.unread;
    await mta.sendMail({
      from: 'cara@example.org',
      to: 'help@mail.test',
      subject: 'Out of office: Re: Broken kettle',
      text: 'I am away until Monday.',
      inReplyTo: `<${sent.message.id}@mail.test>`,
      headers: { 'Auto-Submitted': 'auto-replied' },
    });
    const after = server.engine.state.get('conversation', conversation.id)!;
    expect(after.status).toBe('waiting');
    expect(after.unread).toBe(unread);
    const auto = messagesOf(server, conversation.id).find((m) => m.text === 'I am away until Monday.')!;
    expect(auto.mail?.automatic).toBe('auto-reply (Auto-Submitted: auto-replied)');
    // Precedence: bulk with no thread: kept closed, given to nobody.
    await mta.sendMail({ from: 'news@shop.example', to: 'help@mail.test', subject: 'Our summer sale', text: 'Buy now', headers: { Precedence: 'bulk' } });
    const bulk = conversations(server).find((c) => c.subject === 'Our summer sale')!;
    expect(bulk).toMatchObject({ status: 'closed', agent: null, closedBy: { kind: 'system' } });
    expect(relay.got).toHaveLength(1);
  });

  it('a delivery failure report marks the reply it reports as failed', async () => {
    const { mta, server, reply, relay, message, conversation } = await centreWithRelay();
    const sent = await reply({});
    await relay.count(1);
    await until(() => message(sent.message.id).delivery?.status === 'sent', 'sent');
    const boundary = 'dsn-boundary';
    const raw = [
      'From: Mail Delivery System <MAILER-DAEMON@relay.example>',
      'To: help@mail.test',
      'Subject: Undelivered Mail Returned to Sender',
      'Message-ID: <dsn-1@relay.example>',
      'MIME-Version: 1.0',
      `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
      '',
      `--${boundary}`,
      'Content-Type: text/plain',
      '',
      'I could not deliver your message to cara@example.org.',
      `--${boundary}`,
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; relay.example',
      '',
      'Final-Recipient: rfc822; cara@example.org',
      'Action: failed',
      'Status: 5.1.1',
      'Diagnostic-Code: smtp; 550 5.1.1 User unknown',
      '',
      `--${boundary}`,
      'Content-Type: text/rfc822-headers',
      '',
      `Message-ID: <${sent.message.id}@mail.test>`,
      'Subject: Re: Broken kettle',
      '',
      `--${boundary}--`,
      '',
    ].join('\r\n');
    await mta.sendMail({ envelope: { from: '', to: ['help@mail.test'] }, raw });
    expect(message(sent.message.id).delivery).toMatchObject({ status: 'failed', detail: 'Delivery to cara@example.org failed: 5.1.1 (550 5.1.1 User unknown).' });
    const report = messagesOf(server, conversation.id).find((m) => m.mail?.automatic === 'delivery report')!;
    expect(report.text).toContain('I could not deliver your message');
    expect(server.engine.state.get('conversation', conversation.id)!.unread).toBe(1);
  });
});

describe('configuration', () => {
  it('is refused with CONFIG_INVALID naming the place', () => {
    const bad = (extra: string, listener?: string) => {
      try {
        parseConfig(emailConfig(extra, listener), 'mail.yaml');
      } catch (e) {
        return e as Error & { code: string };
      }
      throw new Error('expected the configuration to be refused');
    };
    const chat = bad('', 'listener: { port: 0 }\n  imap: { host: imap.test, queue: chat, auth: { username: u, passwordEnv: IMAP_PASS } }');
    expect(chat.code).toBe('CONFIG_INVALID');
    expect(chat.message).toContain('email.imap.queue: Chat does not take email (add email to its channels)');
    expect(bad('  relay: { host: smtp.test, port: 70000 }').message).toContain('email.relay.port: expected a port from 1 to 65535');
    expect(bad('  relay: { host: smtp.test, auth: { username: u, password: hunter2 } }').message).toMatch(/email\.relay\.auth: unknown setting password; the settings here are username, passwordEnv, passwordFile/);
    expect(bad('  relay: { host: smtp.test, auth: { username: u } }').message).toContain('email.relay.auth: expected exactly one of passwordEnv or passwordFile');
  });

  it('a secret that cannot be read stops the start, naming where it was looked for', async () => {
    const config = parseConfig(emailConfig('  relay: { host: 127.0.0.1, port: 2, auth: { username: u, passwordEnv: RELAY_PASSWORD } }'), 'mail.yaml');
    const refused = await startTestServer({ config, dataDir: tempDir(), email: { env: {} } }).then(
      () => null,
      (e: Error & { code?: string }) => e,
    );
    expect(refused?.code).toBe('CONFIG_INVALID');
    expect(refused?.message).toBe('email.relay.auth.passwordEnv: the environment variable RELAY_PASSWORD is not set');
  });
});

describe('signatures', () => {
  it('are each agent\'s own, one default at a time, and refused when empty or unknown', async () => {
    const { server, ana } = await centreWithRelay();
    const ben = await loginAgent(agentUrlOf(server), '2002');
    const a = ok<{ signature: { id: string; isDefault: boolean } }>(await ana.client.request('signature.create', { name: 'First', text: 'A' }));
    expect(a.signature.isDefault).toBe(true);
    const b = ok<{ signature: { id: string } }>(await ana.client.request('signature.create', { name: 'Second', text: 'B', isDefault: true }));
    const mine = [...server.engine.state.all('signature')].filter((s) => s.agent === '2001');
    expect(mine.filter((s) => s.isDefault).map((s) => s.id)).toEqual([b.signature.id]);
    expect(err(await ben.client.request('signature.delete', { id: a.signature.id })).code).toBe('SIGNATURE_NOT_FOUND');
    expect(err(await ana.client.request('signature.create', { name: 'Empty', text: '  ' })).code).toBe('TEXT_REQUIRED');
    expect(err(await ana.client.request('signature.update', { id: a.signature.id, name: '', text: 'x' })).code).toBe('TITLE_REQUIRED');
    ok(await ana.client.request('signature.delete', { id: a.signature.id }));
    expect(server.engine.state.get('signature', a.signature.id)).toBeUndefined();
  });

  it('copies and signatures are refused on a conversation that is not an email', async () => {
    const { server, ana } = await centreWithRelay();
    const chat = server.engine.run((ctx) =>
      ctx.tx.put('conversation', { ...conversations(server)[0]!, id: 'conv-chat', channel: 'livechat', queue: 'support', externalRef: null, agent: '2001' }),
    );
    expect(err(await ana.client.request('message.send', { conversation: chat.id, text: 'hi', cc: ['x@example.org'] })).code).toBe('NOT_EMAIL');
  });
});
