import { parseConfig } from '../../src/core/config/parse.js';
import type { Origin } from '../../src/core/context.js';
import { Engine } from '../../src/core/engine.js';
import { FakeClock, SeededRandom } from '../fake-clock.js';
import type { Call } from '../../src/core/protocol/model.js';
import type { TelephonyEvents } from '../../src/core/ports/telephony.js';
import type { ResponseFrame } from '../../src/core/protocol/frames.js';
import { SqliteEventStore } from '../../src/store/sqlite-store.js';
import { SipTelephony, type SipTelephonyOptions } from '../../src/telephony/sip/sip-telephony.js';
import { FakeSrf, sdp, type FakeCall, type FakeDialog } from './fake-srf.js';

/**
 * A real Engine with the SIP adapter in place of the simulator, talking to a
 * fake drachtio-srf. Agents:
 *  1001 Ann: deskphone, auto-answer, registers (username ann / password pw-ann)
 *  1002 Ben: deskphone, no auto-answer, static URI sip:ben@192.0.2.22:5060
 *  1003 Cy:  deskphone, registers (cy / pw-cy), in the power campaign
 */
export const SIP_CONFIG = `
center: { name: Test, timeZone: Europe/London }
dialer: { channelLimit: 10, pacingSeconds: 2, defaultRegion: GB }
dispositions:
  main:
    - { name: Resolved, code: RES, hotkey: "1" }
voiceQueues:
  - { number: "7001", name: Support, strategy: linear, ringTimeoutSeconds: 20, wrapUpSeconds: 0, dispositions: main }
  - { number: "7002", name: Sales, strategy: linear, ringTimeoutSeconds: 20, wrapUpSeconds: 0 }
campaigns:
  - { id: pow, name: Power, strategy: power, powerNumber: 2, timeZone: Europe/London }
  - { id: pre, name: Preview, strategy: preview, timeZone: Europe/London }
  - { id: vm, name: Reminders, strategy: voice-messaging, channels: 1, timeZone: Europe/London }
agents:
  - { number: "1001", name: Ann, email: ann@x.io, pin: "1001", password: pass, device: deskphone, autoAnswer: true, voiceQueues: ["7001", "7002"], campaigns: [pre], sip: { username: ann, password: pw-ann } }
  - { number: "1002", name: Ben, email: ben@x.io, pin: "1002", password: pass, device: deskphone, voiceQueues: ["7002"], sip: { uri: "sip:ben@192.0.2.22:5060" } }
  - { number: "1003", name: Cy, email: cy@x.io, pin: "1003", password: pass, device: deskphone, autoAnswer: true, campaigns: [pow, vm], sip: { username: cy, password: pw-cy } }
`;

export const ANN_PHONE = 'sip:ann@192.0.2.21:5062';
export const CY_PHONE = 'sip:cy@192.0.2.23:5062';
export const TRUNK = 'carrier.example:5060';

export interface SipCore {
  engine: Engine;
  clock: FakeClock;
  sip: SipTelephony;
  /** The fake of the current connection (a new one per reconnect). */
  srf(): FakeSrf;
  connections: FakeSrf[];
  send(cmd: string, args?: Record<string, unknown>, origin?: Partial<Origin>): ResponseFrame;
  login(agent: string, extra?: Record<string, unknown>): Origin;
  /** The one live call (fails the test when there is not exactly one). */
  call(): Call;
  calls(): Call[];
  /** Every version of every call the panels were sent, oldest first (ended calls included). */
  history(): Call[];
  /** The last version of a call the panels were sent that matches. */
  lastSeen(predicate: (c: Call) => boolean): Call | undefined;
  /** What the adapter reported to the core, in order (e.g. ['legProgress', 'leg-c-1', 'Ringing']). */
  reported: unknown[][];
  log: string[];
}

let ids = 0;

/** Let promise callbacks (the fake's answers) run. */
export const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * `extraAgents` adds agent lines (YAML flow maps) to SIP_CONFIG's, `extraQueues` queue lines;
 * `timeouts` and `registerFlood` go to the adapter.
 */
export async function makeSipCore(
  options: {
    connect?: boolean;
    start?: string;
    extraAgents?: string[];
    extraQueues?: string[];
    timeouts?: SipTelephonyOptions['timeouts'];
    registerFlood?: SipTelephonyOptions['registerFlood'];
    /** How carriers' host names are looked up: a test's fake DNS. */
    resolveHost?: SipTelephonyOptions['resolveHost'];
    /** The configuration's `sip:` section (YAML flow map), e.g. carriers' trunk addresses. */
    sipLimits?: string;
    /** Commit as the server does: a turn's transactions together at its end (answers and effects after it). */
    groupCommit?: boolean;
  } = {},
): Promise<SipCore> {
  let text = SIP_CONFIG;
  for (const line of options.extraAgents ?? []) text += `  - ${line}\n`;
  if (options.sipLimits) text += `sip: ${options.sipLimits}\n`;
  if (options.extraQueues?.length) text = text.replace('voiceQueues:\n', `voiceQueues:\n${options.extraQueues.map((q) => `  - ${q}\n`).join('')}`);
  const config = parseConfig(text, 'sip.yaml');
  const clock = new FakeClock(options.start ?? '2026-01-05T10:00:00Z');
  const random = new SeededRandom(7);
  const store = new SqliteEventStore(':memory:');
  const connections: FakeSrf[] = [];
  const log: string[] = [];
  const sip = new SipTelephony({
    drachtio: { host: '127.0.0.1', port: 9022, secret: 'cymru' },
    trunk: TRUNK,
    agents: config.agents,
    security: config.security,
    timeouts: options.timeouts,
    registerFlood: options.registerFlood,
    resolveHost: options.resolveHost,
    limits: config.sip,
    clock,
    random,
    log: (line) => log.push(line),
    createSrf: () => {
      const fake = new FakeSrf();
      connections.push(fake);
      return fake;
    },
  });
  const defer = options.groupCommit ? (flush: () => void) => void setImmediate(flush) : undefined;
  const engine = new Engine({ config, store, clock, random, telephony: sip, log: (line) => log.push(line), defer });
  const reported: unknown[][] = [];
  const start = sip.start.bind(sip);
  sip.start = (events) =>
    start(
      new Proxy(events, {
        get: (target, name: keyof TelephonyEvents) => (...args: unknown[]) => {
          reported.push([name, ...args]);
          return (target[name] as (...a: unknown[]) => void)(...args);
        },
      }),
    );
  const seen: Call[] = [];
  engine.subscribe((events) => {
    for (const e of events) if (e.ev === 'call.updated') seen.push(e.data.call as Call);
  });
  engine.start();
  const srf = () => connections[connections.length - 1]!;
  if (options.connect !== false) srf().up();
  const send = (cmd: string, args: Record<string, unknown> = {}, origin: Partial<Origin> = {}) =>
    engine.handle({ v: 1, id: `s${++ids}`, cmd, args }, { principal: origin.principal ?? null, address: origin.address ?? '10.0.0.1' });
  const login = (agent: string, extra: Record<string, unknown> = {}): Origin => {
    const r = send('session.login', { agent, pin: agent, ...extra });
    if (!r.ok) throw new Error(`login failed: ${r.error.code} ${r.error.message}`);
    return { principal: engine.authenticate((r.result as { token: string }).token), address: '10.0.0.1' };
  };
  const calls = () => [...engine.state.all('call')];
  const call = () => {
    const live = calls().filter((c) => c.state !== 'ended');
    if (live.length !== 1) throw new Error(`expected one live call, found ${live.length}: ${live.map((c) => `${c.id} ${c.state}`).join(', ')}`);
    return live[0]!;
  };
  const lastSeen = (predicate: (c: Call) => boolean) => [...seen].reverse().find(predicate);
  return { engine, clock, sip, srf, connections, send, login, call, calls, history: () => seen, lastSeen, reported, log };
}

/** Register Ann's deskphone (auto-answer) the way a phone does: 401, then digest credentials. */
export function registerAnn(core: SipCore, extra: { allowEvents?: string; expires?: number } = {}) {
  const responses = core.srf().registerPhone({ username: 'ann', password: 'pw-ann', contact: ANN_PHONE, ...extra });
  const last = responses[responses.length - 1]!.last!;
  if (last.status !== 200) throw new Error(`Ann's phone did not register: ${last.status}`);
}

export function registerCy(core: SipCore) {
  const responses = core.srf().registerPhone({ username: 'cy', password: 'pw-cy', contact: CY_PHONE });
  if (responses[responses.length - 1]!.last!.status !== 200) throw new Error("Cy's phone did not register");
}

/** Ann on a call with a caller; her phone accepts NOTIFY talk/hold when `allowEvents` says so. */
export async function annOnACall(
  allowEvents?: string,
  coreOptions: Parameters<typeof makeSipCore>[0] = {},
): Promise<{ core: SipCore; caller: FakeCall; phone: FakeDialog; ann: ReturnType<SipCore['login']> }> {
  const core = await makeSipCore(coreOptions);
  registerAnn(core);
  const ann = core.login('1001');
  const caller = core.srf().callIn('7001');
  await settle();
  const invite = core.srf().inviteTo(ANN_PHONE);
  invite.answer(sdp('192.0.2.21', 30000), allowEvents ? { 'Allow-Events': allowEvents } : {});
  await settle();
  return { core, caller, phone: invite.dialog!, ann };
}
