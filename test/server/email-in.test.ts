import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import nodemailer from 'nodemailer';
import { conversations, messagesOf, startMailCentre, until } from './email-support.js';
import { MAX_CONNECTIONS_PER_ADDRESS } from '../../src/channels/email/listener.js';
import { agentUrlOf, err, loginAgent, ok, runCleanups, startTestServer, tempDir } from './support.js';
import { parseConfig } from '../../src/core/config/parse.js';
import { emailConfig } from './email-support.js';
import { http } from './visitor-support.js';

/**
 * Mail into switchboard's own SMTP listener, sent by nodemailer as a
 * centre's MTA would: what is taken (only the queues' addresses), what is
 * refused with which SMTP code, and what a mail becomes (a conversation of
 * its queue, its text, its attachments in the file store, its thread).
 */
afterEach(runCleanups);

type Mta = Awaited<ReturnType<typeof startMailCentre>>['mta'];
type SmtpError = Error & { responseCode?: number; response?: string };

async function refusal(send: Promise<unknown>): Promise<SmtpError> {
  try {
    await send;
  } catch (e) {
    return e as SmtpError;
  }
  throw new Error('expected the listener to refuse the mail');
}

/** A throwaway self-signed key and certificate (openssl), as a centre would configure for STARTTLS. */
function selfSigned(): { key: string; cert: string } {
  const dir = tempDir();
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost'], { stdio: 'ignore' });
  return { key, cert };
}

/** What the listener offers after EHLO (its extensions), read over a plain socket. */
async function extensions(smtp: { host: string; port: number }): Promise<string> {
  const socket = connect(smtp.port, smtp.host);
  let said = '';
  socket.on('data', (d: Buffer) => (said += d.toString()));
  const heard = (re: RegExp) => until(() => re.test(said), `the listener to say ${re}`);
  await heard(/^220 /m);
  socket.write('EHLO probe.example\r\n');
  await heard(/^250 /m);
  socket.end('QUIT\r\n');
  return said;
}

/** One mail over a plain socket, as an MTA sends it: when its last byte was written, and the listener's answer. */
async function sendRaw(smtp: { host: string; port: number }, raw: string): Promise<{ written: number; reply: string; replied: number }> {
  const socket = connect(smtp.port, smtp.host);
  let said = '';
  socket.on('data', (d: Buffer) => (said += d.toString()));
  const heard = (re: RegExp) => until(() => re.test(said), `the listener to say ${re}`, 240_000);
  try {
    await heard(/^220 /m);
    socket.write('EHLO mta.example\r\nMAIL FROM:<cara@example.org>\r\nRCPT TO:<help@mail.test>\r\nDATA\r\n');
    await heard(/^354 /m);
    said = '';
    await new Promise<void>((resolve, reject) => socket.write(`${raw.replace(/^\./gm, '..')}.\r\n`, (e) => (e ? reject(e) : resolve())));
    const written = Date.now();
    await heard(/^\d{3} .*\r\n/m);
    return { written, reply: said.trim(), replied: Date.now() };
  } finally {
    socket.destroy();
  }
}

/** The listener's answer to MAIL FROM with these parameters ("SIZE=123"), over a plain socket. */
async function mailFrom(smtp: { host: string; port: number }, params: string): Promise<string> {
  const socket = connect(smtp.port, smtp.host);
  let said = '';
  socket.on('data', (d: Buffer) => (said += d.toString()));
  const heard = (re: RegExp) => until(() => re.test(said), `the listener to say ${re}`);
  try {
    await heard(/^220 /m);
    socket.write('EHLO mta.example\r\n');
    await heard(/^250 /m);
    said = '';
    socket.write(`MAIL FROM:<cara@example.org> ${params}\r\n`);
    await heard(/^\d{3} .*\r\n/m);
    return said.trim();
  } finally {
    socket.destroy();
  }
}

const write = (mta: Mta, fields: Record<string, unknown>) => mta.sendMail({ from: '"Cara Diaz" <cara@example.org>', to: 'help@mail.test', subject: 'Broken kettle', text: 'It stopped working.', ...fields });

describe('the SMTP listener', () => {
  it("turns a mail to a queue's address into a conversation of that queue, with its text and attachments", async () => {
    const { server, mta } = await startMailCentre();
    const info = await write(mta, {
      to: 'Sales@Mail.Test',
      subject: 'Price list',
      text: 'Could you send me the 2026 price list?\n\nThanks,\nCara',
      attachments: [{ filename: 'notes.txt', content: 'bulk order: 40 units' }],
    });
    expect(info.response).toMatch(/^250 2\.0\.0 Taken as conv-/);
    const [c] = conversations(server);
    expect(c).toMatchObject({ queue: 'sales', subject: 'Price list', customer: { name: 'Cara Diaz', email: 'cara@example.org', id: 'email:cara@example.org' }, externalRef: info.messageId });
    const m = messagesOf(server, c!.id).find((x) => x.author === 'customer')!;
    expect(m.text).toBe('Could you send me the 2026 price list?\n\nThanks,\nCara');
    expect(m.mail).toMatchObject({ from: 'Cara Diaz <cara@example.org>', to: ['sales@mail.test'], subject: 'Price list' });
    expect(m.attachments).toEqual([expect.objectContaining({ name: 'notes.txt', type: 'text/plain', size: 20 })]);
    const file = server.engine.state.get('file', m.attachments[0]!.id)!;
    expect(readFileSync(join(server.dataDir, 'files', file.id), 'utf8')).toBe('bulk order: 40 units');
  });

  it('keeps a long mail whole; its conversation carries only the start as its preview', async () => {
    const { server, mta } = await startMailCentre();
    const long = `${'The kettle whistles, then stops, then starts again. '.repeat(400)}End.`;
    await write(mta, { text: long });
    const [c] = conversations(server);
    expect(messagesOf(server, c!.id).find((x) => x.author === 'customer')!.text).toBe(long);
    expect(c!.preview).toHaveLength(300);
    expect(c!.preview).toBe(`${long.slice(0, 299)}…`);
  });

  it('reads an HTML-only mail as text, in its own charset', async () => {
    const { server, mta } = await startMailCentre();
    await write(mta, { text: undefined, html: '<p>Grüße aus <b>Köln</b></p><ul><li>Kessel</li><li>Toaster</li></ul><a href="https://example.org/order/7">my order</a>', textEncoding: 'quoted-printable', encoding: 'iso-8859-1' });
    const [c] = conversations(server);
    const text = messagesOf(server, c!.id).find((x) => x.author === 'customer')!.text;
    expect(text).toContain('Grüße aus Köln');
    expect(text).toMatch(/\* Kessel\n \* Toaster/);
    expect(text).toContain('my order [https://example.org/order/7]');
  });

  it('takes an HTML mail nested deeper than the converter can walk, rather than refusing it with 451 for ever', async () => {
    const { server, mta } = await startMailCentre();
    // Before, html-to-text ran out of stack on it: the listener answered "try again later" and the sender's
    // MTA retried a mail that could never be kept, with or without an inline image beside it.
    const deep = `<p>Order 4413</p>${'<div>'.repeat(50_000)}deep`;
    const info = await write(mta, { text: undefined, html: deep, attachments: [{ filename: 'a.png', content: Buffer.from('89504e47', 'hex'), cid: 'a@example.org', contentType: 'image/png' }] });
    expect(info.response).toMatch(/Taken as/);
    const [c] = conversations(server);
    expect(messagesOf(server, c!.id).find((x) => x.author === 'customer')!.text).toContain('Order 4413');
  });

  it('reads HTML off the event loop: a mail of deeply nested lists never stalls the server, and its HTML is kept as a file', async () => {
    const { server, mta } = await startMailCentre();
    // Before, html-to-text ran on the server's only thread: half this megabyte took it most of a minute,
    // with every panel, call and chat of the centre waiting (an outside tester's mail, sent over and over).
    // 120,000 deep: html-to-text's time grows with the square of it, so no machine reads it within the thread's
    // 5 s (60,000 it read in time on a quiet one, and the kept-as-a-file path went untested).
    const html = `<p>Order 4413</p>${'<ul><li>'.repeat(120_000)}the end`;
    let last = Date.now();
    let longestStall = 0;
    const ticker = setInterval(() => {
      const now = Date.now();
      longestStall = Math.max(longestStall, now - last);
      last = now;
    }, 20);
    try {
      const info = await write(mta, { text: undefined, html });
      expect(info.response).toMatch(/Taken as/);
    } finally {
      clearInterval(ticker);
    }
    expect(longestStall).toBeLessThan(1500);
    const [c] = conversations(server);
    const m = messagesOf(server, c!.id).find((x) => x.author === 'customer')!;
    expect(m.text).toBe("[This email's HTML could not be read as text in time; it is attached as message.html.]");
    expect(m.attachments).toEqual([expect.objectContaining({ name: 'message.html', type: 'text/html' })]);
    // Compared as a yes or no: a failure would print half a megabyte of <ul><li>.
    const kept = readFileSync(join(server.dataDir, 'files', m.attachments[0]!.id), 'utf8');
    expect(kept.trimEnd() === html).toBe(true);
  });

  it("does not let one sender's slow HTML hold everyone's mail: past three parts held by the HTML thread, a mail's HTML is kept as a file at once", async () => {
    const { server, mta } = await startMailCentre();
    // Each takes the HTML thread its whole 5 s (see above). Before, they queued without end (120 a minute from
    // the MTA's address) and every other HTML mail of the centre waited behind all of them.
    const nested = `<p>Spam</p>${'<ul><li>'.repeat(120_000)}the end`;
    const answeredAt: Record<string, number> = {};
    const slow = [1, 2, 3, 4].map((i) =>
      write(mta, { subject: `Slow ${i}`, text: undefined, html: nested, messageId: `<slow-${i}@example.org>` }).then((info) => {
        answeredAt[`slow ${i}`] = Date.now();
        return info;
      }),
    );
    // The first answer comes once the thread holds the others (a part read, or one kept as a file because it is full).
    await Promise.race(slow);
    const info = await write(mta, { subject: 'Order 4413', text: undefined, html: '<p>Where is my <b>order 4413</b>?</p>', messageId: '<order-4413@example.org>' });
    answeredAt.order = Date.now();
    expect(info.response).toMatch(/Taken as/);
    for (const s of await Promise.all(slow)) expect(s.response).toMatch(/Taken as/);
    // Answered before the slow mails ahead of it were read (before, after all four), and nothing lost: its HTML
    // is a file of its message (or its text, had the thread had room).
    expect(Object.keys(answeredAt).filter((k) => answeredAt[k]! < answeredAt.order!).length).toBeLessThan(3);
    const order = conversations(server).find((c) => c.subject === 'Order 4413')!;
    const m = messagesOf(server, order.id).find((x) => x.author === 'customer')!;
    expect(m.text.includes('order 4413') || m.attachments.some((a) => a.name === 'message.html')).toBe(true);
    expect(conversations(server)).toHaveLength(5);
  }, 120_000);

  it("reads a mail's MIME off the event loop: /healthz is answered all the while a 20 MB mail is being read, and the mail is kept", async () => {
    // 20 MB of quoted-printable, every byte escaped: mailparser decodes a text part in one go at its end, which
    // on the server's thread held every panel, call and chat of the centre for seconds (7 s on a busy 2-core machine).
    const { server, smtp } = await startMailCentre({ edit: (yaml) => yaml.replace('maxMessageMb: 1', 'maxMessageMb: 25') });
    const line = `${'=41'.repeat(25)}=\r\n`;
    const body = line.repeat(Math.floor((20 * 1024 * 1024) / line.length));
    const raw = `From: cara@example.org\r\nTo: help@mail.test\r\nSubject: Logs\r\nMessage-ID: <logs-1@example.org>\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n${body}the end\r\n`;
    const answered: number[] = [];
    let polling = true;
    const poll = (async () => {
      while (polling) {
        const answer = await http(server, 'GET', '/healthz');
        expect(answer.status).toBe(200);
        answered.push(Date.now());
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    let delivered: { written: number; reply: string; replied: number };
    try {
      delivered = await sendRaw(smtp, raw);
    } finally {
      polling = false;
      await poll;
    }
    expect(delivered.reply).toMatch(/^250 .*Taken as/);
    // The longest /healthz went unanswered while the server read the mail (its last byte written, to its answer),
    // compared with that time, not with a number of milliseconds: a slow machine is slow at both.
    const reading = delivered.replied - delivered.written;
    const times = [delivered.written, ...answered.filter((t) => t > delivered.written && t < delivered.replied), delivered.replied];
    const longest = Math.max(...times.slice(1).map((t, i) => t - times[i]!));
    expect(longest).toBeLessThan(reading / 4);
    const [c] = conversations(server);
    const m = messagesOf(server, c!.id).find((x) => x.author === 'customer')!;
    expect(m.text.startsWith('A'.repeat(1000))).toBe(true);
  }, 240_000);

  it('reads the tables of an HTML-only mail row by row, cells apart (an order confirmation), and layout tables as their paragraphs', async () => {
    const { server, mta } = await startMailCentre();
    const order = '<p>Your order:</p><table><tr><th>Item</th><th>Qty</th></tr>\n<tr> <td>Blue mug</td> <td>2</td></tr></table>';
    const layout = '<table width="600"><tr><td><p>Everything must go.</p><p>Visit our shop.</p></td></tr></table>';
    await write(mta, { text: undefined, html: order + layout });
    const [c] = conversations(server);
    const text = messagesOf(server, c!.id).find((x) => x.author === 'customer')!.text;
    // Before, every cell of the table ran together on one line: "ItemQtyBlue mug2".
    expect(text).toContain('Item | Qty\nBlue mug | 2');
    expect(text).toContain('Everything must go.\n\nVisit our shop.');
  });

  it('refuses any recipient that is not a queue\'s address (550): it is never an open relay', async () => {
    const { server, mta } = await startMailCentre();
    const e = await refusal(write(mta, { to: 'someone@elsewhere.example' }));
    expect(e.responseCode).toBe(550);
    expect(e.response).toMatch(/no such queue here/);
    expect(conversations(server)).toEqual([]);
  });

  it('refuses an address more connections than it may hold (421), and takes its mail again once it holds fewer', async () => {
    const { server, smtp, mta } = await startMailCentre();
    /** A connection that says nothing after the greeting, as one holding the listener would: its first reply. */
    const hold = () =>
      new Promise<{ reply: string; end: () => void }>((resolve, reject) => {
        const socket = connect(smtp.port, smtp.host);
        socket.once('data', (d) => resolve({ reply: d.toString(), end: () => socket.destroy() }));
        socket.on('error', reject);
      });
    const held = await Promise.all(Array.from({ length: MAX_CONNECTIONS_PER_ADDRESS }, hold));
    expect(held.every((h) => h.reply.startsWith('220'))).toBe(true);
    const over = await hold();
    expect(over.reply).toMatch(/^421 4\.7\.0 Too many connections from [0-9a-f.:]+: at most 50 at once; try again later/);
    over.end();
    // One given up makes room: the next connection's mail is taken (the listener hears of the close on its own turn).
    held.pop()!.end();
    let sent: unknown = null;
    for (let tries = 0; !sent && tries < 50; tries++) sent = await write(mta).catch(() => new Promise((r) => setTimeout(() => r(null), 20)));
    expect((sent as { response: string }).response).toMatch(/^250 /);
    for (const h of held) h.end();
    expect(conversations(server)).toHaveLength(1);
  });

  it('refuses a mail over the size limit (552) and keeps nothing of it', async () => {
    const { server, mta } = await startMailCentre();
    const e = await refusal(write(mta, { text: 'x'.repeat(1_200_000) }));
    expect(e.responseCode).toBe(552);
    expect(conversations(server)).toEqual([]);
  });

  it('refuses a mail declared over the limit (SIZE=) at MAIL FROM in the same words as one found over it at its end (552)', async () => {
    const { server, smtp } = await startMailCentre();
    const limit = 1024 * 1024; // maxMessageMb: 1
    expect(await extensions(smtp)).toMatch(/^250[- ]SIZE/m);
    const declared = await mailFrom(smtp, `SIZE=${limit + 1}`);
    const found = (await sendRaw(smtp, `From: cara@example.org\r\nTo: help@mail.test\r\nSubject: Photos\r\n\r\n${`${'x'.repeat(998)}\r\n`.repeat(1100)}`)).reply;
    // Before: smtp-server's own "552 Error: message exceeds fixed maximum message size 1048576" for the declared one.
    expect(declared).toBe(`552 5.3.4 Message too big: at most ${limit} bytes are taken`);
    expect(found).toBe(declared);
    expect(await mailFrom(smtp, `SIZE=${limit}`)).toMatch(/^250 /);
    expect(conversations(server)).toEqual([]);
  });

  it('makes a client address that sends too many mails in a minute wait (450)', async () => {
    const { server, mta } = await startMailCentre({ listener: 'listener: { port: 0, perMinute: 3 }' });
    for (let i = 0; i < 3; i++) await write(mta, { subject: `Mail ${i}` });
    const e = await refusal(write(mta, { subject: 'One too many' }));
    expect(e.responseCode).toBe(450);
    expect(e.response).toMatch(/Too many mails from 127\.0\.0\.1: try again in \d+ s/);
    expect(conversations(server)).toHaveLength(3);
  });

  it('requires AUTH when configured, with the password from the environment', async () => {
    const { server, smtp } = await startMailCentre({
      listener: 'listener: { port: 0, auth: { username: mta, passwordEnv: LISTENER_SECRET } }',
      env: { LISTENER_SECRET: 's3cret-pass' },
    });
    const as = (auth?: { user: string; pass: string }) => nodemailer.createTransport({ host: smtp.host, port: smtp.port, secure: false, ignoreTLS: true, ...(auth ? { auth } : {}) });
    const none = await refusal(write(as() as unknown as Mta, {}));
    expect(none.responseCode).toBe(530);
    const wrong = await refusal(write(as({ user: 'mta', pass: 'guess' }) as unknown as Mta, {}));
    expect(wrong.responseCode).toBe(535);
    await write(as({ user: 'mta', pass: 's3cret-pass' }) as unknown as Mta, {});
    expect(conversations(server)).toHaveLength(1);
  });

  it('offers STARTTLS with the configured key and certificate, and only then', async () => {
    const { key, cert } = selfSigned();
    const { server, smtp } = await startMailCentre({ listener: `listener: { port: 0, tls: { key: ${JSON.stringify(key)}, cert: ${JSON.stringify(cert)} } }` });
    expect(await extensions(smtp)).toMatch(/^250[- ]STARTTLS/m);
    // A client that insists on encryption gets it (and would fail without it).
    const secure = nodemailer.createTransport({ host: smtp.host, port: smtp.port, secure: false, requireTLS: true, tls: { rejectUnauthorized: false } });
    await write(secure as unknown as Mta, { subject: 'Over TLS' });
    expect(conversations(server).map((c) => c.subject)).toEqual(['Over TLS']);

    const plain = await startMailCentre();
    expect(await extensions(plain.smtp)).not.toMatch(/STARTTLS/);
    const insisting = nodemailer.createTransport({ host: plain.smtp.host, port: plain.smtp.port, secure: false, requireTLS: true });
    await refusal(write(insisting as unknown as Mta, {}));
    expect(conversations(plain.server)).toEqual([]);
  });

  it('a TLS key it cannot read stops the start with CONFIG_INVALID naming the setting', async () => {
    const config = parseConfig(emailConfig('', 'listener: { port: 0, tls: { key: /nonexistent/key.pem, cert: /nonexistent/cert.pem } }'), 'mail.yaml');
    const refused = await startTestServer({ config, dataDir: tempDir(), email: { env: {} } }).then(
      () => null,
      (e: Error & { code?: string }) => e,
    );
    expect(refused?.code).toBe('CONFIG_INVALID');
    expect(refused?.message).toBe('email.listener.tls.key: /nonexistent/key.pem cannot be read (ENOENT)');
  });

  it('takes mails arriving together on several connections, each answered once it is stored', async () => {
    const dataDir = tempDir();
    const { server, smtp } = await startMailCentre({ dataDir });
    const mtas = Array.from({ length: 6 }, () => nodemailer.createTransport({ host: smtp.host, port: smtp.port, secure: false, ignoreTLS: true }));
    const answers = await Promise.all(mtas.map((m, i) => write(m as unknown as Mta, { subject: `Together ${i}`, messageId: `<together-${i}@example.org>` })));
    mtas.forEach((m) => m.close());
    expect(answers.every((a) => /^250 2\.0\.0 Taken as conv-/.test(a.response))).toBe(true);
    await server.close();
    // What was answered 250 is on disk: a new server on the same data has every one.
    const again = await startMailCentre({ dataDir });
    expect(conversations(again.server).map((c) => c.subject).sort()).toEqual(Array.from({ length: 6 }, (_, i) => `Together ${i}`));
  });

  it('keeps inline images of an HTML mail as its files, the text naming them by their alt text', async () => {
    const { server, mta } = await startMailCentre();
    await write(mta, {
      text: undefined,
      html: '<p>The crack is here:</p><img src="cid:crack@example.org" alt="photo of the crack">',
      attachments: [{ filename: 'crack.png', content: Buffer.from('89504e47', 'hex'), cid: 'crack@example.org', contentType: 'image/png' }],
    });
    const [c] = conversations(server);
    const m = messagesOf(server, c!.id).find((x) => x.author === 'customer')!;
    expect(m.text).toContain('The crack is here:');
    expect(m.text).toContain('[image: photo of the crack]');
    expect(m.attachments).toEqual([expect.objectContaining({ name: 'crack.png', type: 'image/png', size: 4 })]);
    expect(readFileSync(join(server.dataDir, 'files', m.attachments[0]!.id)).toString('hex')).toBe('89504e47');
  });

  it('takes a mail delivered twice (same Message-ID) once', async () => {
    const { server, mta } = await startMailCentre();
    const first = await write(mta, { messageId: '<once@example.org>' });
    const again = await write(mta, { messageId: '<once@example.org>' });
    expect(first.response).toMatch(/Taken as/);
    expect(again.response).toMatch(/Already have it as/);
    const [c] = conversations(server);
    expect(messagesOf(server, c!.id).filter((m) => m.author === 'customer')).toHaveLength(1);
  });

  it('keeps a mail whose MIME cannot be read raw, and says so', async () => {
    const { server, mta } = await startMailCentre();
    const raw = [
      'From: Dan <dan@example.org>',
      'To: help@mail.test',
      'Subject: Broken parts',
      'Message-ID: <broken@example.org>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="never-used"',
      '',
      'This body has no parts at all.',
      '',
    ].join('\r\n');
    await mta.sendMail({ envelope: { from: 'dan@example.org', to: ['help@mail.test'] }, raw });
    const [c] = conversations(server);
    const m = messagesOf(server, c!.id).find((x) => x.author === 'customer')!;
    expect(m.mail?.unreadable).toMatch(/^This email could not be read \(it says its parts are separated by "never-used", which never appears\)/);
    expect(m.text).toContain('This body has no parts at all.');
    expect(m.text).toContain('Content-Type: multipart/mixed; boundary="never-used"');
    expect(m.attachments).toEqual([expect.objectContaining({ name: 'message.eml', type: 'message/rfc822' })]);
    expect(c!.customer.email).toBe('dan@example.org');
  });

  it('keeps a mail whose From is more than one address as it came, and replies to none of them', async () => {
    const { server, mta } = await startMailCentre();
    const raw = ['From: Eve <cara@example.org,eve@evil.example>', 'To: help@mail.test', 'Subject: My order', 'Message-ID: <two@example.org>', '', 'Where is my order?', ''].join('\r\n');
    await mta.sendMail({ envelope: { from: 'eve@evil.example', to: ['help@mail.test'] }, raw });
    const [c] = conversations(server);
    const m = messagesOf(server, c!.id).find((x) => x.author === 'customer')!;
    expect(m.mail?.unreadable).toMatch(/^This email could not be read \(its From address \(.*\) is not one address\)/);
    expect(c!.customer.email).toBeNull();
    const ana = await loginAgent(agentUrlOf(server), '2001');
    await until(() => server.engine.state.get('conversation', c!.id)?.agent === '2001', 'the mail to reach Ana');
    expect(err(await ana.client.request('message.send', { conversation: c!.id, text: 'It left on Monday.' })).code).toBe('NO_CUSTOMER_ADDRESS');
  });

  it("does not make senders without an address one customer: one's Conversation History never shows another's mail", async () => {
    const { server, mta } = await startMailCentre();
    const mail = (id: string, subject: string, text: string) => ['To: help@mail.test', `Subject: ${subject}`, `Message-ID: <${id}>`, '', text, ''].join('\r\n');
    await mta.sendMail({ envelope: { from: 'ann@one.example', to: ['help@mail.test'] }, raw: mail('first@one.example', 'My account', 'My account number is 12345.') });
    await mta.sendMail({ envelope: { from: 'bob@two.example', to: ['help@mail.test'] }, raw: mail('second@two.example', 'Hello', 'Someone else entirely.') });
    const first = conversations(server).find((c) => c.subject === 'My account');
    const second = conversations(server).find((c) => c.subject === 'Hello');
    expect(first!.customer.id).not.toBe(second!.customer.id);
    expect(second!.customer.email).toBeNull();
    const ana = await loginAgent(agentUrlOf(server), '2001');
    await until(() => server.engine.state.get('conversation', first!.id)?.agent === '2001', 'the first mail to reach Ana');
    ok(await ana.client.request('conversation.close', { id: first!.id }));
    const history = ok<{ rows: Array<{ id: string }> }>(await ana.client.request('conversation.pastHistory', { id: second!.id }));
    expect(history.rows.map((r) => r.id)).not.toContain(first!.id);
    // A reply in the same thread (the closed one goes on in a new conversation), still without an address, is the same stranger's.
    await mta.sendMail({ envelope: { from: 'ann@one.example', to: ['help@mail.test'] }, raw: ['To: help@mail.test', 'Subject: Re: My account', 'Message-ID: <third@one.example>', 'In-Reply-To: <first@one.example>', '', 'Any news?', ''].join('\r\n') });
    const third = conversations(server).find((c) => c.follows === first!.id);
    expect(third!.customer.id).toBe(first!.customer.id);
  });

  it("keeps a sender's name, the subject and an attachment's name as one line without controls, and not endless", async () => {
    const { server, mta } = await startMailCentre();
    const raw = [
      'From: =?utf-8?Q?Evil=0D=0ABcc=3A_x=40y=2Ez=1B[2J?= <evil@example.org>',
      'To: help@mail.test',
      `Subject: =?utf-8?Q?Refund=0D=0ABcc:_all=1B]0;pwned=07_now?= ${'s'.repeat(3000)}`,
      'Message-ID: <controls@example.org>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain',
      '',
      'Please refund me.',
      '--b1',
      'Content-Type: text/plain',
      `Content-Disposition: attachment; filename*=utf-8''..%2F..%2Finvoice%1B%5B31m%0D%0Afdp%E2%80%AE${'n'.repeat(400)}.exe`,
      '',
      'not an invoice',
      '--b1--',
      '',
    ].join('\r\n');
    await mta.sendMail({ envelope: { from: 'evil@example.org', to: ['help@mail.test'] }, raw });
    const [c] = conversations(server);
    const m = messagesOf(server, c!.id).find((x) => x.author === 'customer')!;
    expect(c!.customer.name).toBe('Evil Bcc: x@y.z[2J');
    expect(m.mail?.from).toBe('Evil Bcc: x@y.z[2J <evil@example.org>');
    expect(c!.subject).toBe(`Refund Bcc: all]0;pwned now ${'s'.repeat(200 - 'Refund Bcc: all]0;pwned now '.length)}`);
    expect(m.mail?.subject).toBe(c!.subject);
    const name = m.attachments[0]!.name;
    expect(name).toBe(`invoice[31m fdp${'n'.repeat(200 - 'invoice[31m fdp'.length)}`);
    expect(server.engine.state.get('file', m.attachments[0]!.id)?.name).toBe(name);
  });

  it('names an attachment given in RFC 2231 form with a bare "%" as the sender wrote it, whole or in sections', async () => {
    const { server, mta } = await startMailCentre();
    const part = (disposition: string) => ['--b1', 'Content-Type: application/pdf', disposition, 'Content-Transfer-Encoding: base64', '', 'JVBERi0xLjQK'];
    const raw = [
      'From: "Percy Cent" <percy@example.org>',
      'To: help@mail.test',
      'Subject: Invoice',
      'Message-ID: <percent@example.org>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain',
      '',
      'See the attached invoices.',
      ...part("Content-Disposition: attachment; filename*=utf-8''Rechnung%20100%%20%C3%BCber.pdf"),
      ...part("Content-Disposition: attachment;\r\n filename*0*=utf-8''50%off;\r\n filename*1*=%zz.pdf"),
      '--b1--',
      '',
    ].join('\r\n');
    await mta.sendMail({ envelope: { from: 'percy@example.org', to: ['help@mail.test'] }, raw });
    const [c] = conversations(server);
    const m = messagesOf(server, c!.id).find((x) => x.author === 'customer')!;
    expect(m.text).toContain('See the attached invoices.');
    // mailparser read each bare "%" as "=": "Rechnung 100= über.pdf", "50=off=zz.pdf".
    expect(m.attachments.map((a) => a.name)).toEqual(['Rechnung 100% über.pdf', '50%off%zz.pdf']);
  });

  it('keeps the mail but not an attachment over the limit, and names it on the message', async () => {
    const { server, mta } = await startMailCentre();
    await write(mta, { attachments: [{ filename: 'photo.jpg', content: Buffer.alloc(300_000, 1) }, { filename: 'small.txt', content: 'ok' }] });
    const [c] = conversations(server);
    const m = messagesOf(server, c!.id).find((x) => x.author === 'customer')!;
    expect(m.attachments.map((a) => a.name)).toEqual(['small.txt']);
    expect(m.mail?.dropped).toEqual(['photo.jpg (0.3 MB) was not kept: attachments are limited to 0.2 MB.']);
  });

  it('takes a mail over the limit of any file (21 MB) kept raw, with its text, instead of asking for it again forever', async () => {
    // A centre's own limits: mail up to 25 MB (the default), a conversation's files up to 100 MB.
    const { server, mta } = await startMailCentre({ edit: (yaml) => yaml.replace('maxMessageMb: 1', 'maxMessageMb: 25').replace('conversationMb: 1', 'conversationMb: 100') });
    // No From: the mail cannot be read, and is kept as it came (message.eml, the whole mail).
    const raw = `To: help@mail.test\r\nSubject: The scan\r\nMessage-ID: <big@example.org>\r\n\r\nPlease see the scan.\r\n${`${'A'.repeat(998)}\r\n`.repeat(22_000)}`;
    const info = await mta.sendMail({ envelope: { from: 'dan@example.org', to: ['help@mail.test'] }, raw });
    expect(info.response).toMatch(/^250 /);
    const [c] = conversations(server);
    const m = messagesOf(server, c!.id).find((x) => x.author === 'customer')!;
    expect(m.text).toContain('Please see the scan.');
    expect(m.attachments).toEqual([]);
    expect(m.mail?.dropped).toEqual(['message.eml (21.0 MB) was not kept: attachments are limited to 20 MB.']);
  });

  it('keeps the mail when the disk refuses its attachment, and names what was not kept and why', async () => {
    const { server, mta } = await startMailCentre();
    // The file store's folder is gone (root is not stopped by permissions): every write there fails.
    rmSync(join(server.dataDir, 'files'), { recursive: true });
    const info = await write(mta, { attachments: [{ filename: 'notes.txt', content: 'bulk order: 40 units' }] });
    expect(info.response).toMatch(/^250 /);
    const [c] = conversations(server);
    const m = messagesOf(server, c!.id).find((x) => x.author === 'customer')!;
    expect(m.text).toBe('It stopped working.');
    expect(m.attachments).toEqual([]);
    expect(m.mail?.dropped).toEqual(['notes.txt could not be kept (the disk refused it: ENOENT).']);
    expect([...server.engine.state.all('file')]).toEqual([]);
  });
});

describe('threads', () => {
  it('a reply lands in its conversation by In-Reply-To; waiting and solved return to open', async () => {
    const { server, mta } = await startMailCentre();
    const first = await write(mta, {});
    const [c] = conversations(server);
    const ana = await loginAgent(agentUrlOf(server), '2001');
    const mine = conversations(server)[0]!;
    expect(mine.agent).toBe('2001');
    ok(await ana.client.request('conversation.status', { id: c!.id, status: 'waiting' }));
    await write(mta, { subject: 'Re: Broken kettle', inReplyTo: first.messageId, references: [first.messageId], text: 'Model K-200.' });
    expect(conversations(server)).toHaveLength(1);
    expect(conversations(server)[0]!.status).toBe('open');
    expect(messagesOf(server, c!.id).filter((m) => m.author === 'customer').map((m) => m.text)).toEqual(['It stopped working.', 'Model K-200.']);
    // Solved waits for the customer to confirm: still Ana's, and their reply opens the same conversation.
    ok(await ana.client.request('conversation.status', { id: c!.id, status: 'solved' }));
    expect(conversations(server)[0]).toMatchObject({ status: 'solved', agent: '2001', closedAt: null });
    await write(mta, { subject: 'Re: Broken kettle', inReplyTo: first.messageId, references: [first.messageId], text: 'It works again, thanks.' });
    expect(conversations(server)).toHaveLength(1);
    expect(conversations(server)[0]).toMatchObject({ status: 'open', agent: '2001' });
  });

  it("a reply to an email solved by an agent who has since logged out goes to someone who is here", async () => {
    const { server, mta } = await startMailCentre();
    const first = await write(mta, {});
    const [c] = conversations(server);
    const ana = await loginAgent(agentUrlOf(server), '2001');
    await until(() => server.engine.state.get('conversation', c!.id)?.agent === '2001', 'the mail to reach Ana');
    ok(await ana.client.request('conversation.status', { id: c!.id, status: 'solved' }));
    ok(await ana.client.request('session.logout', {}));
    await loginAgent(agentUrlOf(server), '2002');
    await write(mta, { subject: 'Re: Broken kettle', inReplyTo: first.messageId, references: [first.messageId], text: 'It broke again.' });
    expect(conversations(server)).toHaveLength(1);
    await until(() => server.engine.state.get('conversation', c!.id)?.agent === '2002', 'the reopened email to reach Ben');
    expect(server.engine.state.get('conversation', c!.id)?.status).toBe('open');
  });

  it('falls back on the ticket token in the subject, only from the conversation\'s own customer', async () => {
    const { server, mta } = await startMailCentre();
    await write(mta, {});
    const [c] = conversations(server);
    await write(mta, { subject: `Re: Broken kettle [#${c!.id}]`, text: 'My mail program drops headers.' });
    expect(conversations(server)).toHaveLength(1);
    await write(mta, { from: 'mallory@example.net', subject: `Re: Broken kettle [#${c!.id}]`, text: 'Let me in.' });
    expect(conversations(server)).toHaveLength(2);
    expect(messagesOf(server, c!.id).some((m) => m.text === 'Let me in.')).toBe(false);
  });

  it('a reply to a closed conversation starts a new one that says which it continues', async () => {
    const { server, mta } = await startMailCentre();
    const first = await write(mta, {});
    const ana = await loginAgent(agentUrlOf(server), '2001');
    const [c] = conversations(server);
    ok(await ana.client.request('conversation.close', { id: c!.id }));
    await write(mta, { subject: 'Re: Broken kettle', inReplyTo: first.messageId, references: [first.messageId], text: 'It broke again.' });
    const next = conversations(server).find((x) => x.id !== c!.id)!;
    expect(next).toMatchObject({ follows: c!.id, status: 'open', externalRef: c!.externalRef });
    expect(messagesOf(server, next.id).map((m) => m.text)).toContain(`The customer replied to closed conversation ${c!.id} ("Broken kettle"): this one continues it.`);
  });
});
