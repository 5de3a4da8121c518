// Memory attacks from clients that never read (issue 10, item 4): whatever the
// server queues for such a socket stays in its memory until it cuts the socket.
// Two of them, each bounded in bytes and each on a fresh server of its own (so
// one's memory cannot hide or swell the other's):
//  - anonymous: an /agent socket that never logs in sends large frames with
//    long unknown command names (an answer that repeats the name is as large);
//  - typing: a supervisor's socket stops reading while a visitor types long
//    drafts into a chat the supervisor sees.
// The flooding sockets stay open until the part ends, so a server that keeps
// queuing holds all of it; one that cuts them holds little. Flood frames are
// not fuzz frames: nobody reads their answers, and being cut off is the right
// answer for such a client.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import WebSocket from 'ws';
import { SUPERVISOR } from '../lib/center.mjs';
import { removeScratch, scratchDir } from '../lib/scratch.mjs';
import { startServe } from '../lib/serve-child.mjs';
import { MIB } from './arb-raw.mjs';
import { RssWatch } from './rss-watch.mjs';
import { PROBE } from './visitor-actor.mjs';

const opened = (ws) =>
  new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });

function socket(url, headers = {}) {
  const ws = new WebSocket(url, { perMessageDeflate: false, headers });
  ws.on('error', () => {});
  return ws;
}

/** Stop reading: the kernel's buffers fill, then the server's. */
const stopReading = (ws) => ws._socket.pause();

/** Wait until our own send queue is short, so it is the server that holds the bytes, not us. */
async function drained(ws, budgetMs = 10_000) {
  const until = Date.now() + budgetMs;
  while (ws.readyState === WebSocket.OPEN && ws.bufferedAmount > 4 * MIB && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
}

async function anonymous({ url, frames, frameBytes, reads = false }, sockets) {
  const ws = socket(`${url}/agent`);
  sockets.push(ws);
  await opened(ws);
  if (!reads) stopReading(ws);
  const name = 'y'.repeat(Math.min(frameBytes, MIB) - 200);
  let sent = 0;
  for (let i = 0; i < frames && ws.readyState === WebSocket.OPEN; i++) {
    ws.send(`{"v":1,"id":"flood-${i}","cmd":"x.${name}"}`);
    sent++;
    await drained(ws);
  }
  return sent;
}

async function typing({ url, frames, deadlineMs, reads = false }, sockets) {
  const supervisor = socket(`${url}/agent`);
  sockets.push(supervisor);
  await opened(supervisor);
  const loggedIn = new Promise((resolve) => supervisor.once('message', resolve));
  supervisor.send(JSON.stringify({ v: 1, id: `flood-login-${randomUUID()}`, cmd: 'session.login', args: { agent: SUPERVISOR, pin: SUPERVISOR } }));
  await loggedIn;
  if (!reads) stopReading(supervisor);

  const visitor = socket(`${url}/visitor`, { 'X-Forwarded-For': '192.0.2.77' });
  sockets.push(visitor);
  await opened(visitor);
  const errors = [];
  visitor.on('message', (d) => {
    const f = JSON.parse(d.toString());
    if (f.type === 'error') errors.push(f.message);
  });
  visitor.send(JSON.stringify({ type: 'start', name: 'Flood', visitorId: `flood-${randomUUID()}`, queue: 'help' }));
  // The probe's answer, learned first, and seen again once the server has read every typing frame before it.
  visitor.send(PROBE);
  const until = Date.now() + deadlineMs;
  const probeAnswers = () => errors.filter((m) => m === errors[0]).length;
  const waitFor = async (n) => {
    while (Date.now() < until && visitor.readyState === WebSocket.OPEN && probeAnswers() < n) await new Promise((r) => setTimeout(r, 20));
  };
  await waitFor(1);
  const draft = 'd'.repeat(2000);
  let sent = 0;
  for (let i = 0; i < frames && visitor.readyState === WebSocket.OPEN; i++) {
    visitor.send(JSON.stringify({ type: 'typing', text: `${i} ${draft}` }));
    sent++;
    if (i % 500 === 0) await drained(visitor);
  }
  visitor.send(PROBE);
  await waitFor(2);
  return sent;
}

export const FLOOD_PARTS = { anonymous, typing };

/**
 * Run each part on a fresh server: [{ part, sent, growthMiB, crashed, lastWords }].
 * anonymous: { frames, frameBytes }; typing: { frames }. Before the baseline
 * the server meets a quarter of the same traffic from a client that reads
 * (so the heap has grown to what such traffic needs, as any server's does):
 * what grows after it is what the server keeps for the client that does not.
 */
export async function runFloods({ dist, config, parts, deadlineMs = 30_000 }) {
  const results = [];
  for (const [part, settings] of Object.entries(parts)) {
    const root = scratchDir(`switchboard-flood-${part}-`);
    const server = await startServe({ dist, config, data: join(root, 'data'), log: join(root, 'server.log'), trustProxy: ['127.0.0.1'] });
    const rss = new RssWatch(100);
    rss.follow(server);
    const sockets = [];
    try {
      const warm = [];
      await FLOOD_PARTS[part]({ url: server.wsUrl, deadlineMs, ...settings, frames: Math.ceil(settings.frames / 4), reads: true }, warm);
      for (const ws of warm) ws.terminate();
      // Let the warm-up's sockets go before the baseline.
      await new Promise((r) => setTimeout(r, 1000));
      await rss.baseline();
      rss.start();
      const sent = await FLOOD_PARTS[part]({ url: server.wsUrl, deadlineMs, ...settings }, sockets);
      // The server has read it all; let it queue what it will, then read its memory once more.
      await new Promise((r) => setTimeout(r, 500));
      await server.sample().then((m) => rss.record(m), () => {});
      results.push({ part, sent, growthMiB: rss.growthMiB(), crashed: !(await server.responsive()), lastWords: server.lastWords() });
    } finally {
      for (const ws of sockets) ws.terminate();
      await rss.stop();
      await server.stop();
      removeScratch(root);
    }
  }
  return results;
}
