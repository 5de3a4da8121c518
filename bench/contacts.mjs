// Contacts at scale: 100,000 contacts and 500,000 linked conversations.
//
//   npm run bench:contacts -- [--contacts 100000] [--conversations 500000]
//                             [--queries 2000] [--data <dir>]
//
// Runs the compiled code from dist/ (build first). The engine runs in this
// process on a SQLite store in a temporary directory on disk (WAL, full
// sync, as serve runs it); every figure is the time of the engine's own
// handling of a protocol command frame (engine.handle: schema, session,
// handler, commit), the server's part of a request without the socket.
//
//   1. import: a 100,000-line CSV read with the panel's and CLI's parser
//      (csv-parse) and sent as contacts.import commands of 500 lines, as
//      `switchboard import contacts` does: lines per second, parse included;
//   2. 500,000 closed conversations linked to contacts, made through the core
//      (engine.run, 5,000 per transaction): one contact has 200, two have
//      1,000 each, the rest spread over the others;
//   3. contacts.search: name prefixes (2 to 4 letters of a real name), whole
//      emails, and phone numbers as people type them (020 8... national form):
//      p50 / p99 of each and of all;
//   4. contact.history of the contact with 200 conversations (all 200 in one
//      page): p50 / p99;
//   5. contact.merge of the two contacts with 1,000 conversations each (every
//      link moves, one transaction, committed to disk).
//
// For the choice of an in-memory index over SQLite FTS5 it also times an
// FTS5 table of the same contacts on the same disk, with the same queries.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { deadline, fmt, machineLine, now, option, quantile } from './lib/common.mjs';

const dist = (p) => import(new URL(`../dist/${p}`, import.meta.url).href);
const { parseConfig } = await dist('core/config/parse.js');
const { Engine } = await dist('core/engine.js');
const { SqliteEventStore } = await dist('store/sqlite-store.js');
const { SimTelephony } = await dist('telephony/sim/simulator.js');
const { SystemClock, CryptoRandom } = await dist('server/system-clock.js');
const { parseContactCsv } = await dist('client/contact-csv.js');

const CONTACTS = option('contacts', 100_000);
const CONVERSATIONS = option('conversations', 500_000);
const QUERIES = option('queries', 2000);
const DATA_PARENT = option('data', tmpdir());
const PART = 500;
const BATCH = 5000;
const loadAtStart = loadavg()[0];
const done = deadline(option('deadline', 900_000), 'bench:contacts', () => cleanup());

const FIRST = ['James', 'Mary', 'John', 'Patricia', 'Robert', 'Jennifer', 'Michael', 'Linda', 'William', 'Elizabeth', 'David', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Charles', 'Karen', 'Amir', 'Chen', 'Fatima', 'Igor', 'Yuki', 'Olu', 'Priya', 'Sven', 'Lucia', 'Mateo'];
const LAST = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson'];
const COMPANY = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Vandelay', 'Stark', 'Wayne', 'Wonka', 'Tyrell'];
// A deterministic spread: contact n's names, email and number.
const first = (n) => `${FIRST[n % FIRST.length]}${n % 7 === 0 ? 'a' : ''}`;
const last = (n) => `${LAST[Math.floor(n / FIRST.length) % LAST.length]}${Math.floor(n / 900) % 3 === 0 ? '' : `-${LAST[(n * 7) % LAST.length]}`}`;
const email = (n) => `${first(n).toLowerCase()}.${n}@example${n % 13}.com`;
/** London numbers 020 8xxx xxxx, one per contact. */
const national = (n) => `020 8${String(Math.floor(n / 10000) % 1000).padStart(3, '0')} ${String(n % 10000).padStart(4, '0')}`;

const CONFIG = `
center: { name: Bench, timeZone: UTC }
dialer: { defaultRegion: GB }
voiceQueues: [{ number: "7001", name: Support }]
messagingQueues: [{ id: web, name: Web, channels: [livechat, email, sms] }]
agents:
  - { number: "1001", name: Ada Agent, email: a@bench.io, pin: "1001", password: bench, voiceQueues: ["7001"], messagingQueues: [web] }
  - { number: "9001", name: Sue Supervisor, email: s@bench.io, pin: "9001", password: bench, role: supervisor, voiceQueues: ["7001"], messagingQueues: [web] }
simulator: { callsPerMinute: 0, chatsPerHour: 0 }
`;

let dataDir = null;
let store = null;
let engine = null;
function cleanup() {
  try {
    engine?.stop();
    store?.close();
  } finally {
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

let ids = 0;
function handle(cmd, args, principal) {
  const r = engine.handle({ v: 1, id: `b${++ids}`, cmd, args }, { principal, address: '127.0.0.1' });
  if (!r.ok) throw new Error(`${cmd}: ${r.error.code} ${r.error.message}`);
  return r.result;
}
/** The wall time of one command, and the CPU time the process spent on it (what the machine's other load does not add). */
function timed(cmd, args, principal) {
  const cpu0 = process.cpuUsage();
  const t0 = now();
  const result = handle(cmd, args, principal);
  const ms = now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, result };
}
/** The garbage of building the data set is collected before a timed phase (node --expose-gc), not during it. */
const collect = () => globalThis.gc?.();

const config = parseConfig(CONFIG, 'bench.yaml');
dataDir = mkdtempSync(join(DATA_PARENT, 'bench-contacts-'));
const clock = new SystemClock();
const random = new CryptoRandom();
store = new SqliteEventStore(join(dataDir, 'switchboard.db'));
engine = new Engine({ config, store, clock, random, telephony: new SimTelephony(clock, random, { queues: ['7001'], ...config.simulator }) });
engine.start();
const login = handle('session.login', { agent: '9001', pin: '9001' }, null);
const sue = engine.authenticate(login.token);

// 1. The CSV import.
const lines = ['First name,Last name,Person type,Company,Email,Phone'];
for (let n = 0; n < CONTACTS; n++) lines.push(`${first(n)},${last(n)},Customer,${COMPANY[n % COMPANY.length]},${email(n)},${national(n)}`);
const csv = lines.join('\n');
let t0 = now();
const parsed = parseContactCsv(csv, undefined);
const parseMs = now() - t0;
let imported = 0;
for (let i = 0; i < parsed.rows.length; i += PART) imported += handle('contacts.import', { rows: parsed.rows.slice(i, i + PART) }, sue).imported;
const importMs = now() - t0;
if (imported !== CONTACTS) throw new Error(`imported ${imported} of ${CONTACTS}`);
const contactIds = handle('contacts.search', { query: '', limit: 1 }, sue);
const idOf = new Map([...engine.state.all('contact')].map((c) => [c.emails[0], c.id]));
const idAt = (n) => idOf.get(email(n));

// 2. Conversations linked to contacts: 200 for contact 0, 1,000 each for contacts 1 and 2, the rest spread.
t0 = now();
const span = 365 * 86_400_000;
const base = Date.now() - span;
const owner = (k) => (k < 200 ? 0 : k < 1200 ? 1 : k < 2200 ? 2 : 3 + ((k * 7919) % (CONTACTS - 3)));
for (let start = 0; start < CONVERSATIONS; start += BATCH) {
  engine.run((ctx) => {
    for (let k = start; k < Math.min(CONVERSATIONS, start + BATCH); k++) {
      const n = owner(k);
      const at = base + Math.floor(((k * 104729) % CONVERSATIONS) / CONVERSATIONS * span);
      const contact = ctx.state.get('contact', idAt(n));
      ctx.tx.put(
        'conversation',
        {
          id: `conv-b${k}`,
          channel: ['livechat', 'email', 'sms'][k % 3],
          queue: 'web',
          customer: { id: `email:${email(n)}`, name: `${first(n)} ${last(n)}`, email: email(n), phone: null, ip: null, geo: null },
          subject: `Question ${k}`,
          status: 'closed',
          agent: '1001',
          createdAt: at,
          assignedAt: at,
          firstReplyAt: at + 30_000,
          closedAt: at + 600_000,
          closedBy: { kind: 'agent', id: '1001' },
          surveyPending: false,
          survey: null,
          transfers: [],
          assignment: null,
          hiddenBy: [],
          unread: 0,
          lastMessageAt: at + 600_000,
          preview: '',
          externalRef: null,
          contact: { id: contact.id, name: `${contact.firstName} ${contact.lastName}` },
        },
        'created',
      );
    }
  });
}
const seedMs = now() - t0;
const heapMb = process.memoryUsage().heapUsed / 1048576;

// 3. Search.
const pick = (i) => (i * 2654435761) % CONTACTS;
const prefixOf = (i) => {
  const n = pick(i);
  const word = i % 2 ? last(n) : first(n);
  return word.slice(0, 2 + (i % 3)).toLowerCase();
};
const kinds = {
  name: (i) => prefixOf(i),
  email: (i) => email(pick(i)),
  phone: (i) => national(pick(i)),
};
const searches = {};
const searchCpu = [];
const totals = {};
collect();
for (const [kind, query] of Object.entries(kinds)) {
  searches[kind] = [];
  totals[kind] = 0;
  for (let i = 0; i < QUERIES; i++) {
    const { ms, cpuMs, result } = timed('contacts.search', { query: query(i), limit: 50 }, sue);
    searches[kind].push(ms);
    searchCpu.push(cpuMs);
    totals[kind] += result.total;
  }
  if (kind !== 'name' && totals[kind] !== QUERIES) throw new Error(`${kind} search found ${totals[kind]} of ${QUERIES}`);
}
const allSearches = Object.values(searches).flat();

// 4. History of the contact with 200 conversations.
const historyMs = [];
collect();
for (let i = 0; i < 200; i++) {
  const { ms, result } = timed('contact.history', { id: idAt(0), limit: 200 }, sue);
  if (result.total !== 200) throw new Error(`history has ${result.total} rows, not 200`);
  historyMs.push(ms);
}

// 5. Merge of two contacts with 1,000 conversations each.
const a = engine.state.get('contact', idAt(1));
const b = engine.state.get('contact', idAt(2));
collect();
const merge = timed('contact.merge', { primary: a.id, other: b.id, take: { lastName: 'other' }, emails: [...a.emails, ...b.emails], phones: [...a.phones, ...b.phones] }, sue);
if (merge.result.moved !== 1000) throw new Error(`merge moved ${merge.result.moved}`);
const after = handle('contact.history', { id: a.id, limit: 1 }, sue).total;
if (after !== 2000) throw new Error(`the merged contact has ${after} conversations, not 2000`);

// For comparison: SQLite FTS5 over the same contacts, same disk, same queries.
const fts = new Database(join(dataDir, 'fts.db'));
fts.pragma('journal_mode = WAL');
fts.exec("CREATE VIRTUAL TABLE c USING fts5(id UNINDEXED, names, emails, phones, tokenize = 'unicode61', prefix = '2 3')");
const insert = fts.prepare('INSERT INTO c (id, names, emails, phones) VALUES (?, ?, ?, ?)');
t0 = now();
fts.transaction(() => {
  for (const ct of engine.state.all('contact')) insert.run(ct.id, `${ct.firstName} ${ct.lastName} ${ct.company}`, ct.emails.join(' '), ct.phones.map((p) => `${p.slice(1)} ${p.slice(3)}`).join(' '));
})();
const ftsBuildMs = now() - t0;
const ftsQuery = fts.prepare('SELECT id FROM c WHERE c MATCH ? ORDER BY rank LIMIT 50');
const ftsCount = fts.prepare('SELECT count(*) AS n FROM c WHERE c MATCH ?');
const ftsMs = [];
for (const [kind, query] of Object.entries(kinds)) {
  for (let i = 0; i < QUERIES; i++) {
    const q = query(i);
    const match = kind === 'phone' ? `phones:"${q.replace(/\D/g, '').slice(1)}"` : kind === 'email' ? `emails:"${q}"` : `names:"${q}"*`;
    const s = now();
    ftsQuery.all(match);
    ftsCount.get(match);
    ftsMs.push(now() - s);
  }
}
fts.close();

const p = (xs, q) => quantile(xs, q);
console.log(`bench:contacts  ${CONTACTS.toLocaleString('en-US')} contacts, ${CONVERSATIONS.toLocaleString('en-US')} linked conversations (store on disk: ${DATA_PARENT})`);
console.log(`import:   ${CONTACTS.toLocaleString('en-US')} CSV lines in ${fmt(importMs / 1000, 1)} s = ${Math.round(CONTACTS / (importMs / 1000)).toLocaleString('en-US')} lines/s (parse ${fmt(parseMs / 1000, 2)} s, ${CONTACTS / PART} commands of ${PART})`);
console.log(`seed:     ${CONVERSATIONS.toLocaleString('en-US')} linked conversations in ${fmt(seedMs / 1000, 1)} s; heap ${Math.round(heapMb)} MB`);
console.log(`search CPU time of the process per query (all kinds): p50 ${fmt(p(searchCpu, 0.5), 3)} ms  p99 ${fmt(p(searchCpu, 0.99), 3)} ms`);
for (const [kind, xs] of Object.entries(searches)) console.log(`search ${kind.padEnd(6)} p50 ${fmt(p(xs, 0.5), 3)} ms  p99 ${fmt(p(xs, 0.99), 3)} ms  max ${fmt(Math.max(...xs), 2)} ms  (${QUERIES} queries, ${Math.round(totals[kind] / QUERIES)} matches on average)`);
console.log(`history:  200 conversations, p50 ${fmt(p(historyMs, 0.5), 2)} ms  p99 ${fmt(p(historyMs, 0.99), 2)} ms`);
console.log(`merge:    2 x 1,000 conversations, ${merge.result.moved} links moved, ${fmt(merge.ms, 1)} ms (one transaction, committed)`);
console.log(`fts5:     same contacts and queries: build ${fmt(ftsBuildMs / 1000, 1)} s, p50 ${fmt(p(ftsMs, 0.5), 3)} ms  p99 ${fmt(p(ftsMs, 0.99), 3)} ms (query + count)`);
console.log(machineLine(loadAtStart));
const goal = (name, value, unit, target, digits) => console.log(`goal ${name}: ${fmt(value, digits)} ${unit} (target <= ${target}): ${value <= target ? 'met' : 'missed'}`);
goal('contacts.search_p99_ms', p(allSearches, 0.99), 'ms', 20, 3);
goal('contacts.history_ms', p(historyMs, 0.99), 'ms', 50, 2);
goal('contacts.merge_s', merge.ms / 1000, 's', 1, 3);
void contactIds;
done();
cleanup();
