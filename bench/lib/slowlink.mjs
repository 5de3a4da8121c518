// The slow-link burst, shared by bench:fleet and test/ssh: an agent types
// disposition hotkeys and pause/unpause toggles into an SSH session whose
// link has a round trip of 100 ms, and every key must act once, in order.
//
// The link: `tc qdisc ... netem` in a network namespace is the natural way,
// but this machine's kernel has no netem (`tc qdisc add dev lo root netem`
// answers "Specified qdisc kind is unknown"); netemProbe() says which is in
// use. Without netem, a TCP relay between the ssh client and the server
// holds every chunk for half the round trip in each direction, in order: the
// ssh client's own link is what is slow, as it would be on a far office's line.
//
// The work: a feeder on the server side keeps one call owing a disposition
// for the agent (a call rings, is answered and ended), the next one once the
// last is disposed; each call's caller number is unique, so the script can
// see on the screen which call is there before typing its round.
import { spawnSync } from 'node:child_process';
import { delayedBy, startPacedRelay } from './paced-relay.mjs';

/** Half the round trip, each way. */
export const ONE_WAY_MS = 50;

/** Whether tc netem can delay loopback inside a fresh network namespace here, and why not. */
export function netemProbe() {
  const ns = `swb-probe-${process.pid}`;
  const run = (...args) => spawnSync(args[0], args.slice(1), { encoding: 'utf8' });
  const add = run('ip', 'netns', 'add', ns);
  if (add.status !== 0) return { ok: false, why: `ip netns: ${(add.stderr || add.error?.message || '').trim()}` };
  try {
    run('ip', 'netns', 'exec', ns, 'ip', 'link', 'set', 'lo', 'up');
    const tc = run('ip', 'netns', 'exec', ns, 'tc', 'qdisc', 'add', 'dev', 'lo', 'root', 'netem', 'delay', '1ms');
    if (tc.status !== 0) return { ok: false, why: `tc netem: ${(tc.stderr || tc.error?.message || '').trim()}` };
    return { ok: true, why: 'tc netem in a network namespace' };
  } finally {
    run('ip', 'netns', 'del', ns);
  }
}

/** A TCP relay to 127.0.0.1:targetPort holding every chunk `oneWayMs` in each direction, order kept. */
export function startSlowRelay(targetPort, oneWayMs = ONE_WAY_MS) {
  return startPacedRelay(targetPort, { toServer: () => delayedBy(oneWayMs), toClient: () => delayedBy(oneWayMs) });
}

/** The pause reasons, in the order the pause picker lists them. */
const REASON_STEPS = [0, 1, 2, 3, 4, 5];

/**
 * The rounds of a burst: each has a disposition hotkey, and every other
 * round first pauses (with the reason `reason` steps down the picker) and
 * unpauses. Digits and reasons vary with a seed, so a key lost or doubled
 * changes what is recorded.
 */
export function burstPlan(rounds, hotkeys, reasons, seed = 7) {
  let x = seed;
  const next = (n) => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x % n;
  };
  const plan = [];
  for (let i = 0; i < rounds; i++) {
    const toggle = i % 2 === 0 ? { steps: REASON_STEPS[next(Math.min(REASON_STEPS.length, reasons.length))] } : null;
    plan.push({ hotkey: hotkeys[next(hotkeys.length)], toggle });
  }
  return plan;
}

const DOWN = '\u001b[B';

/** The keys of one round, as the terminal sends them: "p ↓… Enter u" then the hotkey. */
export function roundKeys(round) {
  const toggle = round.toggle ? `p${DOWN.repeat(round.toggle.steps)}\ru` : '';
  return `${toggle}${round.hotkey}`;
}

/** What the plan asks for: dispositions (codes) in order, and agent states in order. */
export function expectedOutcome(plan, dispositions, reasons) {
  const codes = plan.map((r) => dispositions.find((d) => d.hotkey === r.hotkey).code);
  const states = plan.flatMap((r) => (r.toggle ? [`paused:${reasons[r.toggle.steps]}`, 'available'] : []));
  return { codes, states };
}

/** The caller number of the burst's call i: the script waits for it on screen. */
export const burstCaller = (i) => `+4420700${String(i).padStart(5, '0')}`;

/**
 * Server side: keep one call owing a disposition for `agent` in `queue`, and
 * record what the agent's keys did (dispositions and status changes, in the
 * order the core committed them).
 */
export function startFeeder(server, agent, queue) {
  const engine = server.engine;
  let principal = null;
  let placed = 0;
  let current = null;
  let seen = false;
  let stopped = false;
  const recorded = { codes: [], states: [] };
  let lastState = null;

  const handle = (cmd, args) =>
    engine.handle({ v: 1, id: `burst-${agent}-${cmd}-${placed}-${Math.random()}`, cmd, args }, { principal, address: 'burst-feeder' });

  const step = () => {
    if (stopped || !principal) return;
    const me = engine.state.agent(agent);
    if (!me?.session) return;
    if (current) {
      // The simulator names the caller's leg; the core's call is found by it.
      const call = [...engine.state.all('call')].find((c) => c.customerLeg === current);
      if (!call && !seen) return; // not in the core yet
      if (call) {
        seen = true;
        if (call.state === 'ringing' && call.offers.some((o) => o.agent === agent)) {
          handle('call.answer', { callId: call.id });
          handle('call.hangup', { callId: call.id });
        }
        if (engine.state.call(call.id)) return; // still the agent's: owes its disposition
      }
      current = null;
      seen = false;
    }
    if (me.status === 'available' && me.activity === 'idle') current = server.sim.placeInboundCall(queue, { number: burstCaller(++placed), name: null });
  };

  const off = engine.subscribe((events) => {
    for (const e of events) {
      if (e.ev === 'call.updated' && e.data.call.agent === agent && e.data.reason === 'disposed') recorded.codes.push(e.data.call.disposition.code);
      if (e.ev === 'agent.updated' && e.data.agent.id === agent) {
        const a = e.data.agent;
        const state = a.status === 'paused' ? `paused:${a.pauseReason}` : a.status;
        if (state !== lastState && lastState !== null && a.status !== 'logged-out') recorded.states.push(state);
        lastState = state;
      }
    }
    setImmediate(step);
  });

  return {
    recorded,
    placed: () => placed,
    /** Once the agent's panel has logged in: join their session to answer and end calls for them. */
    start() {
      const r = engine.handle({ v: 1, id: `burst-login-${agent}`, cmd: 'session.login', args: { agent, pin: engine.config.agents.find((a) => a.number === agent).pin, joinOnly: true } }, { principal: null, address: 'burst-feeder' });
      if (!r.ok) throw new Error(`the burst feeder could not join agent ${agent}: ${r.error.message}`);
      principal = engine.authenticate(r.result.token);
      lastState = engine.state.agent(agent).status;
      setImmediate(step);
    },
    stop() {
      stopped = true;
      off();
    },
  };
}

/** Lost and doubled effects: what the plan asked for against what was recorded, aligned in order (LCS). */
export function score(expected, recorded) {
  const a = expected;
  const b = recorded;
  const dp = Array.from({ length: a.length + 1 }, () => new Int32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--) dp[i][j] = a[i] === b[j] ? dp[i + 1][j + 1] + 1 : Math.max(dp[i + 1][j], dp[i][j + 1]);
  const matched = dp[0][0];
  return { lost: a.length - matched, doubled: b.length - matched, inOrder: matched === a.length && a.length === b.length };
}
