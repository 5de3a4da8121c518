// The panel side of bench/dashboard.mjs: a supervisor's AgentClient over a
// real WebSocket and the real Ink components of the Dashboard and
// Conversations sections, drawn by ink-testing-library. Forked by
// dashboard.mjs (advanced serialization) and driven over IPC; not meant to be
// run by hand. Every time is taken in this process, on the monotonic clock.
import React from 'react';
import { render } from 'ink-testing-library';
import { AgentClient } from '../dist/client/session.js';
import { memorySettings } from '../dist/client/settings.js';
import { wsTransport } from '../dist/client/ws-transport.js';
import { KeyRouter } from '../dist/keys/router.js';
import { AppProvider } from '../dist/screens/app-context.js';
import { agentPasses, channelsOf, dashboardAgents } from '../dist/screens/dashboard/agents.js';
import { DashboardProvider } from '../dist/screens/dashboard/DashboardContext.js';
import { myPerformance } from '../dist/screens/dashboard/performance.js';
import { dashboardQueues } from '../dist/screens/dashboard/queues.js';
import { ConversationList } from '../dist/screens/sections/conversations/ConversationList.js';
import { DashboardSection } from '../dist/screens/sections/DashboardSection.js';
import { themeFor } from '../dist/ui/theme.js';
import { ThemeProvider } from '../dist/ui/ThemeContext.js';
import { now, serve } from './lib/clients.mjs';

const h = React.createElement;
const COLUMNS = 120;
const ROWS = 40;
const KEY = { right: '\u001b[C', left: '\u001b[D', enter: '\r', end: '\u001b[F', home: '\u001b[H', pagedown: '\u001b[6~', down: '\u001b[B' };
const REFRESH_SECONDS = 5;

let client = null;
let ink = null;
let largestFrame = 0;
let sends = 0;
let listening = null;

const tick = () => new Promise((r) => setImmediate(r));
const strip = (s) => s.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
const screen = () => strip(ink.lastFrame() ?? '');

async function until(predicate, what, timeoutMs = 60_000) {
  const deadline = now() + timeoutMs;
  for (;;) {
    if (predicate(screen())) return now();
    if (now() > deadline) throw new Error(`timed out waiting for ${what}; the screen shows:\n${screen()}`);
    await tick();
  }
}

/** Let the effects after a drawn frame run (key layers register there): nobody types within a millisecond of a frame. */
async function settle() {
  for (let i = 0; i < 3; i++) {
    await tick();
    await new Promise((r) => setTimeout(r, 0));
  }
}

/** Keys as a terminal sends them; the time runs until the screen shows the result. */
async function press(raw, predicate, what) {
  const t0 = now();
  ink.stdin.write(raw);
  const t = (await until(predicate, what)) - t0;
  await settle();
  return t;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)];
};
const ms = (xs) => `${median(xs).toFixed(1)} ms (${Math.min(...xs).toFixed(1)}-${Math.max(...xs).toFixed(1)})`;

function app(children) {
  const api = {
    client,
    info: { serverLabel: 'bench' },
    toast: () => {},
    act: async () => true,
    settings: async () => memorySettings(),
    exit: () => {},
  };
  return h(ThemeProvider, { theme: themeFor({}) }, h(KeyRouter, null, h(AppProvider, { api }, h(DashboardProvider, null, children))));
}

function mount(children) {
  ink = render(h(React.Fragment));
  Object.defineProperty(ink.stdout, 'columns', { value: COLUMNS, configurable: true });
  Object.defineProperty(ink.stdout, 'rows', { value: ROWS, configurable: true });
  const t0 = now();
  ink.rerender(app(children));
  return t0;
}

function unmount() {
  ink?.unmount();
  ink?.cleanup();
  ink = null;
}

serve({
  async open({ url, agent, runs, agents, closed }) {
    const base = wsTransport(url);
    // Frames are counted as they arrive, so the snapshot's size is known.
    const transport = () => {
      const t = base();
      return { ...t, onMessage: (fn) => t.onMessage((text) => ((largestFrame = Math.max(largestFrame, text.length)), fn(text))) };
    };
    client = new AgentClient({ transport, journalPath: null });
    const send = client.send.bind(client);
    client.send = (...args) => {
      if (args[0] === 'conversations.list') sends++;
      return send(...args);
    };
    await client.connect();
    const t0 = now();
    await client.login({ agent, pin: agent, strategy: 'inbound', device: 'softphone', as: 'available' });
    const loginMs = now() - t0;
    const store = client.store;
    const counts = ['agent', 'conversation', 'message', 'metrics', 'queueStats', 'mqueueStats']
      .map((k) => `${store.list(k).length.toLocaleString('en-US')} ${k}`)
      .join(', ');
    const metricsBytes = JSON.stringify(store.list('metrics')).length;
    const me = store.myAgent();
    const supervisor = me.role === 'supervisor';
    const total = closed.toLocaleString('en-US');

    const times = {
      agentsData: [],
      agents: [],
      queuesData: [],
      queues: [],
      perfData: [],
      perf: [],
      filter: [],
      clear: [],
      closed: [],
      closedEnd: [],
      scroll: [],
      closedFilter: [],
      closedRange: [],
    };
    for (let run = 0; run < runs; run++) {
      // Data in hand: what each tab computes from the store before drawing.
      let t = now();
      const rows = dashboardAgents(store.list('agent'), store.catalog, agent, supervisor).map((a) => ({ a, ch: channelsOf(store.catalog, a) }));
      rows.filter((r) => agentPasses(r.a, r.ch, { name: 'Bench Agent 500' }, store.serverNow()));
      times.agentsData.push(now() - t);
      t = now();
      dashboardQueues(store.catalog, agent, supervisor, { mqueue: (id) => store.get('mqueueStats', id), vqueue: (n) => store.get('queueStats', n) }, store.serverNow());
      times.queuesData.push(now() - t);
      t = now();
      myPerformance(store, agent, store.serverNow());
      times.perfData.push(now() - t);

      // On screen: Dashboard > Agents, then → Queues, → My Performance, ← ← back.
      const t0 = mount(h(DashboardSection, { agent: me, width: COLUMNS, height: ROWS - 7 }));
      times.agents.push((await until((s) => s.includes(`${agents} agents ·`), 'the Agents tab')) - t0);
      await settle();
      times.queues.push(await press(KEY.right, (s) => /\d+ queues ·/.test(s), 'the Queues tab'));
      times.perf.push(await press(KEY.right, (s) => s.includes('My workload'), 'My Performance'));
      await press(KEY.left, (s) => /\d+ queues ·/.test(s), 'the Queues tab');
      await press(KEY.left, (s) => s.includes(`${agents} agents ·`), 'the Agents tab');
      // A filter: the form, a name typed, Enter until the filtered list shows.
      await press('f', (s) => s.includes('Filter agents'), 'the filter form');
      await press('Bench Agent 500', (s) => s.includes('Bench Agent 500'), 'the typed name');
      times.filter.push(await press(KEY.enter, (s) => new RegExp(`\\d+ of ${agents} agents`).test(s), 'the filtered agents'));
      times.clear.push(await press('F', (s) => new RegExp(`(?<!of )${agents} agents ·`).test(s), 'every agent again'));
      unmount();

      // Conversations > Closed: the first page and the total, End, PgDn, a filter, a date range.
      const c0 = mount(h(ConversationList, { state: 'closed', me: agent, supervisor, width: COLUMNS, height: ROWS - 7, refreshMs: REFRESH_SECONDS * 1000, onShow: () => {} }));
      times.closed.push((await until((s) => s.includes(`Total conversations: ${total}`) && !s.includes('loading…'), 'the Closed list')) - c0);
      await settle();
      for (let i = 0; i < 10; i++) {
        const before = /rows ([\d,]+)-/.exec(screen())?.[1];
        times.scroll.push(await press(KEY.pagedown, (s) => /rows ([\d,]+)-/.exec(s)?.[1] !== before && !s.includes('loading…'), 'the next page of rows'));
      }
      times.closedEnd.push(await press(KEY.end, (s) => s.includes(`-${total}`) && !s.includes('loading…'), 'the last rows'));
      await press(KEY.home, (s) => /rows 1-/.test(s) && !s.includes('loading…'), 'the first rows');
      await press('f', (s) => s.includes('Filter closed conversations'), 'the filter form');
      for (let i = 0; i < 4; i++) ink.stdin.write(KEY.down);
      await until((s) => /› Customer/.test(s), 'the Customer field');
      await settle();
      await press('Customer 4242', (s) => s.includes('Customer 4242'), 'the typed customer');
      times.closedFilter.push(await press(KEY.enter, (s) => s.includes('Filter: Customer') && !s.includes('counting…') && !s.includes(`Total conversations: ${total}`), 'the filtered list'));
      await press('F', (s) => s.includes(`Total conversations: ${total}`), 'the whole list');
      await press('f', (s) => s.includes('Filter closed conversations'), 'the filter form');
      for (let i = 0; i < 5; i++) ink.stdin.write(KEY.down);
      await until((s) => /› From date/.test(s), 'the From field');
      await settle();
      const day = new Date(Date.now() - 10 * 86_400_000);
      const iso = `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`;
      await press(iso, (s) => s.includes(iso), 'the typed date');
      ink.stdin.write(KEY.down);
      await until((s) => /› To date/.test(s), 'the To field');
      await settle();
      await press(iso, (s) => s.split(iso).length > 2, 'the typed date');
      times.closedRange.push(await press(KEY.enter, (s) => s.includes('Filter: From date') && !s.includes('counting…') && !s.includes(`Total conversations: ${total}`), 'the day'));
      unmount();
    }

    // Round trips of conversations.list, measured alone.
    const trip = async (args) => {
      const out = [];
      let bytes = 0;
      for (let i = 0; i < runs; i++) {
        const t0 = now();
        const r = await client.send('conversations.list', { limit: 100, ...args });
        out.push(now() - t0);
        bytes = JSON.stringify(r).length;
      }
      return { ms: ms(out), bytes: `${(bytes / 1024).toFixed(0)} KB a page` };
    };
    const lists = [
      { what: 'Closed, first page', ...(await trip({ state: 'closed' })) },
      { what: `Closed, last page (offset ${(closed - 100).toLocaleString('en-US')})`, ...(await trip({ state: 'closed', offset: closed - 100 })) },
      { what: 'Closed, filtered by customer', ...(await trip({ state: 'closed', customer: 'Customer 4242' })) },
      { what: 'Closed, filtered by agent and channel', ...(await trip({ state: 'closed', agent: '10042', channel: 'email' })) },
      { what: 'Active, first page', ...(await trip({ state: 'active' })) },
    ];
    return {
      size: `${COLUMNS}x${ROWS}`,
      login: { ms: loginMs.toFixed(0), mb: (largestFrame / 1e6).toFixed(1), counts, metrics: `${(metricsBytes / 1024).toFixed(0)} KB` },
      rows: [
        { what: `Dashboard > Agents (${agents} agents)`, data: ms(times.agentsData), screen: ms(times.agents) },
        { what: 'Dashboard > Queues (→)', data: ms(times.queuesData), screen: ms(times.queues) },
        { what: 'Dashboard > My Performance (→)', data: ms(times.perfData), screen: ms(times.perf) },
        { what: 'Agents: apply a name filter (Enter)', data: '', screen: ms(times.filter) },
        { what: 'Agents: clear the filters (F)', data: '', screen: ms(times.clear) },
        { what: `Conversations > Closed (${total}): first page`, data: '', screen: ms(times.closed) },
        { what: 'Closed: PgDn (10 a run)', data: '', screen: ms(times.scroll) },
        { what: 'Closed: End (fetches the last page)', data: '', screen: ms(times.closedEnd) },
        { what: 'Closed: apply a customer filter (Enter)', data: '', screen: ms(times.closedFilter) },
        { what: 'Closed: apply a one-day date range (Enter)', data: '', screen: ms(times.closedRange) },
      ],
      lists,
    };
  },

  /** Keep My Performance and the Closed list on screen while the server is under load; count what arrives. */
  async listen() {
    const store = client.store;
    const me = store.myAgent();
    listening = { events: 0, metrics: 0, sends0: sends };
    client.onEvent((e) => {
      listening.events++;
      if (e.ev === 'metrics.updated') listening.metrics++;
    });
    const Both = () =>
      h(
        React.Fragment,
        null,
        h(DashboardSection, { agent: me, width: COLUMNS, height: 20 }),
        h(ConversationList, { state: 'closed', me: me.id, supervisor: true, width: COLUMNS, height: 12, refreshMs: REFRESH_SECONDS * 1000, onShow: () => {} }),
      );
    mount(h(Both));
    await until((s) => s.includes('Total conversations'), 'the panel');
    await settle();
    await press(KEY.right, (s) => /\d+ queues ·/.test(s), 'the Queues tab');
    await press(KEY.right, (s) => s.includes('My workload'), 'My Performance');
    listening.frames0 = ink.frames.length;
    return {};
  },

  async heard() {
    return {
      events: listening.events,
      metrics: listening.metrics,
      renders: ink.frames.length - listening.frames0,
      refetches: sends - listening.sends0,
      refreshSeconds: REFRESH_SECONDS,
    };
  },

  async close() {
    unmount();
    client.close();
    return {};
  },
});
