// The email channel end to end, against `switchboard serve` as a child
// process (compiled dist/, or --dist) on 127.0.0.1 with a temporary data
// directory:
//
//   npm run bench:email -- [--mails 10000] [--queues 20] [--agents 200]
//                          [--connections 8] [--latency-mails 200] [--rate 20]
//                          [--replies 1000] [--no-kill] [--dist <dir>] [--data <dir>] [--profile <dir>]
//
// Configuration: --queues email queues (q0..), each with an address of its own
// (q<k>@bench.test), --agents agents spread over them (capacity 10,000 emails,
// so every mail is assigned at once), the listener on a free port with no
// per-address limit, and the relay: an smtp-server in this process that counts
// what it is handed by Message-ID.
//
// Measured:
//   (1) --mails mails (20 KB of text, every third with a 200 KB attachment),
//       sent by nodemailer over --connections pooled connections to the
//       listener, as fast as it takes them: mails accepted per second (each
//       accepted = answered 250, i.e. committed);
//   (2) --latency-mails more at --rate per second, one every 1000/rate ms:
//       from the moment a mail is handed to nodemailer to the moment the
//       agent it is assigned to (a WebSocket client, 200 of them) has the
//       conversation in its store, as My Emails shows it (its log is read
//       when the agent opens it): arrival -> agent's store, p50/p99;
//   (3) --replies agents' replies (message.send over the agents' sockets, each
//       acknowledged = kept with its outbox item) leave through the outbox to
//       the relay: replies per second at the relay; the server is killed with
//       SIGKILL when half have arrived and started again on the same data
//       (unless --no-kill), and then every acknowledged reply must arrive at
//       the relay exactly once (by its Message-ID).
// Goals: email.accept_per_s (>= 200), email.store_p99_ms (<= 50),
// email.outbox_lost (<= 0), email.outbox_doubled (<= 0).
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import WebSocket from 'ws';
import { flag, now, option, quantile, sleep } from './lib/common.mjs';
import { framesIn } from '../dist/core/protocol/event-group.js';
import { printGoals } from '../harness/lib/goals.mjs';

const MAILS = option('mails', 10_000);
const QUEUES = option('queues', 20);
const AGENTS = option('agents', 200);
const CONNECTIONS = option('connections', 8);
const LATENCY_MAILS = option('latency-mails', 200);
const RATE = option('rate', 20);
const REPLIES = option('replies', 1000);
const KILL = !flag('no-kill');
const DIST = resolve(option('dist', fileURLToPath(new URL('../dist', import.meta.url))));
const DATA_PARENT = option('data', tmpdir());
/** --profile <dir>: a V8 CPU profile of the server process, written there when it stops. */
const PROFILE = option('profile', null);
const TEXT = `${'Dear support, the parcel has not arrived and the tracking page says nothing new. '.repeat(256)}`.slice(0, 20 * 1024);
const ATTACHMENT = Buffer.alloc(200 * 1024, 7);

const agentNumber = (i) => String(30000 + i);

function configText(relayPort) {
  const queues = Array.from({ length: QUEUES }, (_, k) => `  - { id: q${k}, name: Queue ${k}, channels: [email] }`).join('\n');
  const agents = Array.from(
    { length: AGENTS },
    (_, i) => `  - { number: "${agentNumber(i)}", name: Agent ${i}, email: a${i}@bench.test, pin: "${agentNumber(i)}", password: bench, messagingQueues: [q${i % QUEUES}], capacity: { email: 10000 } }`,
  ).join('\n');
  const addresses = Array.from({ length: QUEUES }, (_, k) => `    - { address: q${k}@bench.test, queue: q${k} }`).join('\n');
  return `center: { name: Bench Contact Center, timeZone: UTC }
messagingQueues:
${queues}
agents:
${agents}
email:
  addresses:
${addresses}
  domain: bench.test
  listener: { host: 127.0.0.1, port: 0, perMinute: 100000000 }
  relay: { host: 127.0.0.1, port: ${relayPort}, connections: 4, dsn: true, dsnWaitSeconds: 10 }
`;
}

/**
 * The relay, as a DSN-capable MTA would be: takes everything, counts each
 * Message-ID it is handed, and for a mail that asked (NOTIFY=SUCCESS) sends
 * a success notification naming its ENVID back to the envelope sender,
 * through switchboard's listener, trying again every 500 ms while the
 * server is down (a real MTA queues it).
 */
async function startRelay() {
  const seen = new Map();
  const arrivals = [];
  const notices = { listener: null, pending: new Set(), stopped: false };
  const notify = async (envid, messageId, to, rcpt) => {
    const raw = [
      'From: MAILER-DAEMON@relay.bench.test',
      `To: ${to}`,
      'Subject: Delivery Status Notification (Success)',
      `Message-ID: <dsn-${envid}-${Math.random().toString(36).slice(2)}@relay.bench.test>`,
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
      '',
      '--b',
      'Content-Type: message/delivery-status',
      '',
      `Original-Envelope-Id: ${envid}`,
      'Reporting-MTA: dns; relay.bench.test',
      '',
      `Final-Recipient: rfc822; ${rcpt}`,
      'Action: delivered',
      'Status: 2.0.0',
      '',
      '--b',
      'Content-Type: text/rfc822-headers',
      '',
      `Message-ID: ${messageId}`,
      '',
      '--b--',
      '',
    ].join('\r\n');
    for (;;) {
      if (notices.stopped) return;
      if (notices.listener) {
        const t = nodemailer.createTransport({ host: '127.0.0.1', port: notices.listener, secure: false, ignoreTLS: true });
        try {
          await t.sendMail({ envelope: { from: '', to: [to] }, raw });
          return;
        } catch {
          // the server is down: try again
        } finally {
          t.close();
        }
      }
      await sleep(500);
    }
  };
  const server = new SMTPServer({
    hideDSN: false,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    closeTimeout: 100,
    onData(stream, session, callback) {
      const chunks = [];
      stream.on('data', (c) => chunks.push(c));
      stream.once('end', () => {
        const head = Buffer.concat(chunks).toString('latin1').split(/\r?\n\r?\n/, 1)[0];
        const id = /^message-id:\s*(<[^>]+>)/im.exec(head)?.[1] ?? '(none)';
        seen.set(id, (seen.get(id) ?? 0) + 1);
        arrivals.push(now());
        // Read before answering: smtp-server starts a fresh envelope once the mail is answered.
        const envid = session.envelope.dsn?.envid;
        const wants = session.envelope.rcptTo.some((r) => (r.dsn?.notify ?? []).some((n) => /success/i.test(n)));
        const sender = session.envelope.mailFrom.address;
        const rcpt = session.envelope.rcptTo[0].address;
        callback(null, 'Ok: kept');
        if (envid && wants) {
          const work = notify(envid, id, sender, rcpt).finally(() => notices.pending.delete(work));
          notices.pending.add(work);
        }
      });
    },
  });
  // The server's connections break when it is killed on purpose.
  server.on('error', () => {});
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: server.server.address().port,
    seen,
    arrivals,
    notices,
    close: async () => {
      notices.stopped = true;
      await new Promise((r) => server.close(r));
    },
  };
}

/** `switchboard serve` as a child; resolves with its WebSocket and SMTP ports once it says where it listens. */
function startServe(config, data) {
  const child = fork(join(DIST, 'cli.js'), ['serve', '--config', config, '--data', data, '--host', '127.0.0.1', '--port', '0', '--log', join(data, 'serve.log')], {
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: { ...process.env, NODE_ENV: 'production' },
    execArgv: PROFILE ? ['--cpu-prof', '--cpu-prof-dir', PROFILE] : [],
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (c) => (err += c));
  return new Promise((resolveStart, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${err}`)), 60_000);
    child.stdout.on('data', (c) => {
      out += c;
      const ws = /listening on ws:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      const smtp = /SMTP listener on 127\.0\.0\.1:(\d+)/.exec(out);
      if (ws && smtp) {
        clearTimeout(timer);
        resolveStart({ child, ws: Number(ws[1]), smtp: Number(smtp[1]), exited: new Promise((r) => child.once('exit', r)) });
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`serve ended (${code ?? signal}) before listening:\n${err}`));
    });
  });
}

/** An agent's socket: logs in, hands each event to onEvent, sends commands and waits for their answers. */
async function agentSocket(port, number, onEvent) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/agent`);
  const pending = new Map();
  let seq = 0;
  // A server killed on purpose resets its sockets: that is expected here.
  ws.on('error', () => {});
  ws.on('message', (raw) => {
    for (const frame of framesIn(JSON.parse(raw.toString()))) {
      if (frame.re !== undefined && pending.has(frame.re)) {
        pending.get(frame.re)(frame);
        pending.delete(frame.re);
      } else if (frame.ev) onEvent(frame, now());
    }
  });
  await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
  const request = (cmd, args) =>
    new Promise((r) => {
      const id = `${number}-${++seq}`;
      pending.set(id, r);
      ws.send(JSON.stringify({ v: 1, id, cmd, args }));
    });
  const login = await request('session.login', { agent: number, pin: number });
  if (!login.ok) throw new Error(`login of ${number}: ${login.error.message}`);
  return { ws, request };
}

async function main() {
  console.log(`bench:email: ${MAILS} mails to ${QUEUES} queues, ${AGENTS} agents; ${LATENCY_MAILS} at ${RATE}/s; ${REPLIES} replies${KILL ? ', kill -9 half way' : ''} (${cpus().length} CPUs, load ${loadavg()[0].toFixed(1)})`);
  const dir = mkdtempSync(join(DATA_PARENT, 'switchboard-bench-email-'));
  const relay = await startRelay();
  const config = join(dir, 'bench.yaml');
  writeFileSync(config, configText(relay.port));
  const data = join(dir, 'data');
  let serve = await startServe(config, data);
  relay.notices.listener = serve.smtp;
  const goals = [];
  try {
    // The agents, logged in over WebSocket; the first event of each latency mail is noted.
    const firstSeen = new Map();
    const agents = [];
    for (let i = 0; i < AGENTS; i += 50)
      agents.push(
        ...(await Promise.all(
          Array.from({ length: Math.min(50, AGENTS - i) }, (_, k) =>
            agentSocket(serve.ws, agentNumber(i + k), (frame, at) => {
              // The mail is in the agent's store once its conversation is, assigned to them.
              if (frame.ev !== 'conversation.updated' || frame.data.conversation?.agent !== agentNumber(i + k)) return;
              const subject = frame.data.conversation.subject ?? '';
              const m = /^latency (\d+)$/.exec(subject);
              if (m && !firstSeen.has(m[1])) firstSeen.set(m[1], at);
            }),
          ),
        )),
      );

    // (1) Accepted per second.
    const mta = nodemailer.createTransport({ host: '127.0.0.1', port: serve.smtp, secure: false, ignoreTLS: true, pool: true, maxConnections: CONNECTIONS, maxMessages: Infinity });
    const started = now();
    let accepted = 0;
    let refused = 0;
    let next = 0;
    await Promise.all(
      Array.from({ length: CONNECTIONS * 2 }, async () => {
        while (next < MAILS) {
          const i = next++;
          try {
            await mta.sendMail({
              from: `customer${i}@example.org`,
              to: `q${i % QUEUES}@bench.test`,
              subject: `Mail ${i}`,
              text: TEXT,
              attachments: i % 3 === 0 ? [{ filename: 'photo.bin', content: ATTACHMENT }] : [],
            });
            accepted++;
          } catch {
            refused++;
          }
        }
      }),
    );
    const acceptSeconds = (now() - started) / 1000;
    const perSecond = accepted / acceptSeconds;
    console.log(`(1) ${accepted} mails accepted in ${acceptSeconds.toFixed(1)} s (${refused} refused): ${perSecond.toFixed(0)} mails/s`);
    goals.push({ name: 'email.accept_per_s', value: perSecond, unit: 'msgs/s', op: '>=', target: 200 });

    // (2) Arrival -> the agent's store, at RATE per second.
    const sentAt = new Map();
    const sends = [];
    for (let i = 0; i < LATENCY_MAILS; i++) {
      sentAt.set(String(i), now());
      sends.push(mta.sendMail({ from: `late${i}@example.org`, to: `q${i % QUEUES}@bench.test`, subject: `latency ${i}`, text: TEXT }));
      await sleep(1000 / RATE);
    }
    await Promise.all(sends);
    const until = now() + 10_000;
    while (firstSeen.size < LATENCY_MAILS && now() < until) await sleep(20);
    const latencies = [...sentAt].filter(([k]) => firstSeen.has(k)).map(([k, t]) => firstSeen.get(k) - t);
    const p50 = quantile(latencies, 0.5);
    const p99 = quantile(latencies, 0.99);
    console.log(`(2) ${latencies.length}/${LATENCY_MAILS} mails reached an agent: arrival -> store p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms`);
    goals.push({ name: 'email.store_p99_ms', value: latencies.length === LATENCY_MAILS ? p99 : Infinity, unit: 'ms', op: '<=', target: 50 });
    mta.close();

    // (3) Replies through the outbox: each agent answers its own conversations.
    const mine = await Promise.all(agents.map((a) => a.request('conversations.list', { state: 'active', limit: 50 })));
    const targets = [];
    for (const [k, answer] of mine.entries()) for (const row of answer.ok ? answer.result.rows : []) if (row.agent === agentNumber(k)) targets.push([k, row.id]);
    const expected = new Set();
    const replyStart = now();
    const base = relay.arrivals.length;
    let asked = 0;
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        while (asked < REPLIES && asked < targets.length) {
          const [k, id] = targets[asked++];
          const r = await agents[k].request('message.send', { conversation: id, text: `Reply ${asked}: we are on it.` });
          if (r.ok) expected.add(`<${r.result.message.id}@bench.test>`);
        }
      }),
    );
    console.log(`(3) ${expected.size} replies acknowledged in ${((now() - replyStart) / 1000).toFixed(1)} s`);
    let killedAt = null;
    if (KILL) {
      while (relay.seen.size < expected.size / 2) await sleep(5);
      killedAt = relay.seen.size;
      serve.child.kill('SIGKILL');
      await serve.exited;
      for (const a of agents) a.ws.terminate();
      const halfSeconds = (now() - replyStart) / 1000;
      console.log(`    killed with SIGKILL after ${killedAt} had arrived (${(killedAt / halfSeconds).toFixed(0)} replies/s to then); starting again on the same data`);
      relay.notices.listener = null;
      serve = await startServe(config, data);
      relay.notices.listener = serve.smtp;
    }
    const deadline = now() + 120_000;
    while ([...expected].some((id) => !relay.seen.has(id)) && now() < deadline) await sleep(20);
    await sleep(1000);
    const elapsed = (relay.arrivals.at(-1) - replyStart) / 1000;
    const lost = [...expected].filter((id) => !relay.seen.has(id)).length;
    const doubled = [...expected].filter((id) => (relay.seen.get(id) ?? 0) > 1).length;
    console.log(`    ${relay.arrivals.length - base} mails at the relay for ${expected.size} replies in ${elapsed.toFixed(1)} s (${((relay.arrivals.length - base) / elapsed).toFixed(0)} replies/s including the restart); lost ${lost}, doubled ${doubled}`);
    goals.push({ name: 'email.outbox_lost', value: lost, unit: 'count', op: '<=', target: 0 });
    goals.push({ name: 'email.outbox_doubled', value: doubled, unit: 'count', op: '<=', target: 0 });
    for (const a of agents) a.ws.terminate();
  } finally {
    serve.child.kill('SIGTERM');
    await Promise.race([serve.exited, sleep(10_000)]);
    serve.child.kill('SIGKILL');
    await relay.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const ok = printGoals(goals);
  process.exit(ok ? 0 : 1);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
