// Must come first: decides chalk's colour level before ink is loaded.
import './force-color.js';

import { AsyncLocalStorage } from 'node:async_hooks';
import { stripVTControlCharacters } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import React from 'react';
import { render } from 'ink-testing-library';
import { aroundEach, expect, onTestFinished } from 'vitest';
import { AgentClient } from '../../src/client/session.js';
import type { SettingsStore } from '../../src/client/settings.js';
import type { Clock } from '../../src/core/clock.js';
import { OfficeHoursClock } from '../office-hours-clock.js';
import type { Config } from '../../src/core/config/schema.js';
import type { CommandFrame } from '../../src/core/protocol/frames.js';
import type { Transport, TransportFactory } from '../../src/core/protocol/transport.js';
import { resetKeymap, setKeymap } from '../../src/keys/keymap.js';
import { command } from '../../src/keys/registry.js';
import { KeyRouter } from '../../src/keys/router.js';
import type { AppInfo } from '../../src/screens/app-context.js';
import { App } from '../../src/screens/App.js';
import { startServer, type RunningServer } from '../../src/server/runtime.js';
import { themeFor, type Theme } from '../../src/ui/theme.js';
import { ThemeProvider } from '../../src/ui/ThemeContext.js';
import { TerminalHostProvider, type TerminalHost } from '../../src/ui/terminal-host.js';
import { demoConfig } from '../helpers.js';
import { startRelay, type TcpRelay } from '../tcp-relay.js';
import { wsTransport, type WsTransportOptions } from '../../src/client/ws-transport.js';

export const COLUMNS = 80;
/** Live batches (figures, colleagues) every 50 ms instead of 500: the screens wait less for them. */
const PANEL_LIMITS = { liveIntervalMs: 50 };
export const ROWS = 24;

/** Raw terminal input for a key name as the registry writes it (see keyName). */
const RAW: Record<string, string> = {
  enter: '\r',
  tab: '\t',
  'shift+tab': '\u001b[Z',
  esc: '\u001b',
  up: '\u001b[A',
  down: '\u001b[B',
  right: '\u001b[C',
  left: '\u001b[D',
  pageup: '\u001b[5~',
  pagedown: '\u001b[6~',
  home: '\u001b[H',
  end: '\u001b[F',
  backspace: '\u007f',
  space: ' ',
  'ctrl+/': '\u001f',
};

/** The bytes a terminal sends for one key of the registry ("ctrl+c", "g c", "?"). */
export function rawKeys(key: string): string[] {
  return key.split(' ').map((part) => {
    if (RAW[part]) return RAW[part];
    const ctrl = /^ctrl\+([a-z])$/.exec(part);
    if (ctrl) return String.fromCharCode(ctrl[1]!.charCodeAt(0) - 96);
    if ([...part].length === 1) return part;
    throw new Error(`no raw form for key "${part}"`);
  });
}

/**
 * The test whose code is running. A test that runs out of time is failed and the
 * next one started, but its code goes on in the background; the suites keep their
 * panel in a module variable, so that code would press keys into the next test's
 * panel and fail it too, misleadingly. Every test runs inside this context, and a
 * panel refuses keys (and waits, and new calls) from a test that has ended.
 */
const runningTest = new AsyncLocalStorage<{ ended: boolean }>();
aroundEach(async (runTest) => {
  const test = { ended: false };
  try {
    await runningTest.run(test, runTest);
  } finally {
    test.ended = true;
  }
});

/** Stop a test that has ended (it ran out of time) where it next touches a panel. */
function stopIfEnded(): void {
  if (runningTest.getStore()?.ended) throw new Error('this test has ended (it ran out of time): it no longer reaches a panel, which may be the next test\'s');
}

/** One turn of the event loop: React 19 renders on a later turn than the keypress. */
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
const later = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Let pending renders, effects (key layers register in effects) and Ink's Esc flush run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await tick();
    await later();
  }
}

/** What a person sees: no escape codes. */
export function visible(frame: string): string {
  return stripVTControlCharacters(frame);
}

/** Terminal columns a string takes: East Asian wide and emoji take two, the rest one. */
export function displayWidth(text: string): number {
  let width = 0;
  let joined = false;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    // After a zero-width joiner the emoji joins the one before it (👩‍💼 is one
    // office worker, two columns in tmux and most terminals), taking no columns of its own.
    if (joined) {
      joined = false;
      continue;
    }
    if (cp === 0x200d) joined = true;
    if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || (cp >= 0x300 && cp < 0x370) || cp === 0x200d || (cp >= 0xfe00 && cp <= 0xfe0f)) continue;
    const wide =
      (cp >= 0x1100 && cp <= 0x115f) ||
      (cp >= 0x2e80 && cp <= 0xa4cf) ||
      (cp >= 0xac00 && cp <= 0xd7a3) ||
      (cp >= 0xf900 && cp <= 0xfaff) ||
      (cp >= 0xfe30 && cp <= 0xfe4f) ||
      (cp >= 0xff00 && cp <= 0xff60) ||
      (cp >= 0xffe0 && cp <= 0xffe6) ||
      (cp >= 0x1f300 && cp <= 0x1faff) ||
      (cp >= 0x20000 && cp <= 0x3fffd);
    width += wide ? 2 : 1;
  }
  return width;
}

/** The frame fits an 80x24 terminal: every line within 80 columns, at most rows - 1 lines. */
export function expectFits(frame: string, columns = COLUMNS, rows = ROWS): void {
  const lines = visible(frame).split('\n');
  const wide = lines.map((line, i) => ({ i, width: displayWidth(line), line })).filter((l) => l.width > columns);
  expect(wide, `lines wider than ${columns} columns:\n${wide.map((l) => `${l.i}: (${l.width}) ${l.line}`).join('\n')}`).toEqual([]);
  expect(lines.length, `the frame has ${lines.length} lines; at most ${rows - 1} fit without Ink clearing the screen:\n${visible(frame)}`).toBeLessThanOrEqual(rows - 1);
}

export interface PanelOptions {
  theme?: Theme;
  prefill?: AppInfo['prefill'];
  /** The server's configuration (default: the demo's). */
  config?: Config;
  /** The server's clock (a FakeClock drives timers such as MWT alerts); real time from a working morning unless given. */
  clock?: Clock;
  /** The panel's settings store (default: a fresh memorySettings()). */
  settings?: SettingsStore;
  /** The server's web address, for screen-pop URLs given as a path. */
  httpBase?: string;
  /** Listen on a local port (HTTP: /files, /chat, /visitor); httpBase then defaults to its address. */
  listen?: boolean;
  /** Delay every frame from the server by this much, like a slow SSH or mobile link. */
  latencyMs?: number;
  /** Draw the panel against this running server (a second panel, or the same agent's next start); the caller closes it. */
  server?: RunningServer;
  /** Logging in by itself at start: where the last login is kept (Settings > Application). */
  autoLogin?: AppInfo['autoLogin'];
  /** The agent's own editor for email drafts (a fake in tests: no terminal to hand over). */
  editor?: AppInfo['editor'];
  /** The command journal's file (default: in memory); the agent's drafts are kept beside it. */
  journalPath?: string;
  /** The demo's mail addresses, as Settings > General shows them (default: none, as a real server's panel). */
  emailListener?: string;
  emailRelay?: string;
  /** Connect the panel over this (e.g. a WebSocket through a relay; listen with it) instead of in-process. */
  transport?: (server: RunningServer) => TransportFactory | Promise<TransportFactory>;
  /** The terminal the panel writes its escape sequences to (bell, OSC 9, OSC 52); default: this process's. */
  host?: TerminalHost;
  /** An agent the SSH server has already signed in (no login screen to type into). */
  signedIn?: AppInfo['signedIn'];
  /** The terminal's size (default 80x24). */
  columns?: number;
  rows?: number;
}

/** A command as the server received it from a panel. */
export interface SentCommand {
  cmd: string;
  args: Record<string, unknown>;
  agent: string | null;
}

export interface Panel {
  server: RunningServer;
  client: AgentClient;
  /** Every command the server was sent, in order (from the panel or from a test). */
  commands: SentCommand[];
  /** The commands named `cmd` that reached the server. */
  sent(cmd: string): SentCommand[];
  /** The last frame, escape codes included. */
  frame(): string;
  /** The last frame as seen: no escape codes. */
  screen(): string;
  /** How many times the panel asked to exit. */
  exits: number;
  /** Press the first key bound to a registry command. */
  press(id: string): Promise<void>;
  /** Press a key by its registry name ("right", "esc", "g c"). */
  key(name: string): Promise<void>;
  /** Type text as keypresses, one character at a time. */
  type(text: string): Promise<void>;
  /** Write raw bytes in one chunk, as a terminal (or tmux, or SSH) may deliver several keys at once. */
  write(raw: string): Promise<void>;
  /** Wait until the screen satisfies `predicate`; fail with `what` and the screen. */
  waitFor(predicate: (screen: string) => boolean, what: string, timeoutMs?: number): Promise<string>;
  /** Wait until the screen shows `text`. */
  waitForText(text: string | RegExp, timeoutMs?: number): Promise<string>;
  /** Replace the server by a new one (fresh data dir) and point the client at it. */
  replaceServer(): Promise<RunningServer>;
  /** Resize the terminal, as a window or an SSH client's does. */
  resize(columns: number, rows: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * The real App (login flow and agent panel) on a real in-process server, drawn
 * by Ink into an 80x24 test terminal.
 */
export async function startPanel(options: PanelOptions = {}): Promise<Panel> {
  stopIfEnded();
  // Closed when its test finishes, however it finishes: a test that runs out of time never
  // reaches its own close, and a second panel it started kept its server and timers running.
  // Registered now, while this is still the test's code; close is idempotent, so a test or
  // afterEach that closes the panel too is no matter.
  let made: Panel | null = null;
  onTestFinished(() => made?.close());
  const commands: SentCommand[] = [];
  const record = (s: RunningServer) => {
    const note = (frame: CommandFrame, origin: Parameters<RunningServer['engine']['handle']>[1]) =>
      commands.push({ cmd: frame.cmd, args: (frame.args ?? {}) as Record<string, unknown>, agent: origin.principal?.agent ?? null });
    // The gateway submits (group commit); a test may call handle itself. A submit without a group is a handle: noted once.
    let submitting = false;
    const handle = s.engine.handle.bind(s.engine);
    s.engine.handle = (frame: CommandFrame, origin) => {
      if (!submitting) note(frame, origin);
      return handle(frame, origin);
    };
    const submit = s.engine.submit.bind(s.engine);
    s.engine.submit = (frame, origin, reply) => {
      note(frame, origin);
      submitting = true;
      try {
        submit(frame, origin, reply);
      } finally {
        submitting = false;
      }
    };
    return s;
  };
  const shared = options.server;
  let server = shared ?? record(
    await startServer({ config: options.config ?? demoConfig(), dataDir: null, port: options.listen ? 0 : null, simulate: false, clock: options.clock ?? new OfficeHoursClock(), limits: PANEL_LIMITS, recentMessagesKept: 2 }),
  );
  const dirs: string[] = [];
  const link = (t: Transport): Transport => {
    const ms = options.latencyMs;
    if (!ms) return t;
    // Same delay for every frame: their order is kept.
    return {
      ...t,
      onMessage: (fn) => t.onMessage((text) => void setTimeout(() => fn(text), ms)),
      onClose: (fn) => t.onClose((c, r) => void setTimeout(() => fn(c, r), ms)),
    };
  };
  const given = options.transport && (await options.transport(server));
  const client = new AgentClient({ transport: given ?? (() => link(server.connectInProcess())), reconnect: { initialMs: 10, maxMs: 100 }, journalPath: options.journalPath });
  await client.connect();

  const ink = render(<></>);
  // ink-testing-library's stdout is 100 columns wide: make it an 80x24 terminal before the App mounts.
  Object.defineProperty(ink.stdout, 'columns', { value: options.columns ?? COLUMNS, configurable: true });
  Object.defineProperty(ink.stdout, 'rows', { value: options.rows ?? ROWS, configurable: true });

  let closing: Promise<void> | null = null;
  const panel: Panel = {
    server,
    client,
    commands,
    sent: (cmd) => commands.filter((c) => c.cmd === cmd),
    exits: 0,
    frame: () => ink.lastFrame() ?? '',
    screen: () => visible(ink.lastFrame() ?? ''),
    async press(id) {
      await panel.key(command(id).keys[0]!);
    },
    async key(name) {
      for (const raw of rawKeys(name)) {
        stopIfEnded();
        ink.stdin.write(raw);
        await settle();
      }
    },
    async type(text) {
      for (const ch of text) {
        stopIfEnded();
        ink.stdin.write(ch);
        await settle();
      }
    },
    async write(raw) {
      stopIfEnded();
      ink.stdin.write(raw);
      await settle();
    },
    async waitFor(predicate, what, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        stopIfEnded();
        const screen = panel.screen();
        if (predicate(screen)) {
          // The frame is drawn at commit; key layers register in effects just after. Let
          // them run, so that a key pressed next reaches what the screen shows.
          await settle();
          return screen;
        }
        if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}. The screen shows:\n${screen}`);
        await later();
        await tick();
      }
    },
    waitForText(text, timeoutMs) {
      const has = (s: string) => (typeof text === 'string' ? s.includes(text) : text.test(s));
      return panel.waitFor(has, `"${String(text)}" on screen`, timeoutMs);
    },
    async replaceServer() {
      const dir = mkdtempSync(join(tmpdir(), 'switchboard-screens-'));
      dirs.push(dir);
      const old = server;
      server = record(await startServer({ config: demoConfig(), dataDir: dir, port: null, simulate: false, limits: PANEL_LIMITS, recentMessagesKept: 2 }));
      panel.server = server;
      await old.close();
      return server;
    },
    async resize(columns, rows) {
      stopIfEnded();
      Object.defineProperty(ink.stdout, 'columns', { value: columns, configurable: true });
      Object.defineProperty(ink.stdout, 'rows', { value: rows, configurable: true });
      ink.stdout.emit('resize');
      await settle();
    },
    close() {
      closing ??= (async () => {
        ink.unmount();
        ink.cleanup();
        client.close();
        if (server !== shared) await server.close();
        for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
      })();
      return closing;
    },
  };
  made = panel;
  // The test ended while this panel was being made: its finish has been and gone, so close it here.
  if (runningTest.getStore()?.ended) {
    await panel.close();
    stopIfEnded();
  }

  const app = (
    <ThemeProvider theme={options.theme ?? themeFor({})}>
      <KeyRouter>
        <App
          client={client}
          info={{ serverLabel: 'test (in-process)', prefill: options.prefill, settings: options.settings, autoLogin: options.autoLogin, httpBase: options.httpBase ?? server.http?.url.replace(/^ws/, 'http'), editor: options.editor, journalPath: options.journalPath, emailListener: options.emailListener, emailRelay: options.emailRelay, signedIn: options.signedIn }}
          onExit={() => panel.exits++}
        />
      </KeyRouter>
    </ThemeProvider>
  );
  ink.rerender(options.host ? <TerminalHostProvider host={options.host}>{app}</TerminalHostProvider> : app);
  // Logging in by itself may pass the login screen by before a frame is looked at: the test waits for what it expects.
  if (options.signedIn) await panel.waitForText(`agent ${options.signedIn.agent}`);
  else if (!options.autoLogin) await panel.waitForText('agent login');
  return panel;
}

/**
 * Log in through the screens as an agent would: credentials, then the agent
 * login window with its defaults (Inbound, Available unless `paused`).
 */
export async function logIn(panel: Panel, agent = '1001', options: { paused?: boolean } = {}): Promise<string> {
  await panel.type(agent);
  await panel.press('form.next');
  await panel.type(agent);
  await panel.press('login.submit');
  await panel.waitForText('Agent login');
  if (options.paused) {
    for (let i = 0; i < 3; i++) await panel.press('form.next');
    await panel.waitFor((s) => /› Log in as/.test(s), 'the Log in as row to be focused');
    await panel.key('right');
    await panel.waitFor((s) => /\(•\) Paused/.test(s), 'Paused to be chosen');
  }
  await panel.press('agentLogin.submit');
  await panel.waitFor((s) => s.includes(options.paused ? 'PAUSED' : 'AVAILABLE') && s.includes('Profile'), 'the agent panel');
  // The screen once the panel's keys are bound (what the banner and footer offer depends on them).
  return panel.screen();
}

/**
 * The keys from Settings' first page (General) to a page, the shorter way
 * round (the pages wrap): Application is two back, not six on.
 */
const SETTINGS_PAGE_KEYS = {
  voice: ['tab.next'],
  application: ['tab.prev', 'tab.prev'],
} as const;

/**
 * Open Settings, go to `page`, wait until it shows `shows`, and start editing
 * its rows (settings.edit), as an agent changing a setting would.
 */
export async function editSettingsPage(panel: Panel, page: keyof typeof SETTINGS_PAGE_KEYS, shows: string | RegExp): Promise<void> {
  await panel.press('nav.settings');
  await panel.waitForText('General');
  for (const key of SETTINGS_PAGE_KEYS[page]) await panel.press(key);
  await panel.waitForText(shows);
  await panel.press('settings.edit');
}

/** A section's tab strip: the line under the navigation bar's rule. */
export const tabStripOf = (screen: string) => {
  const lines = screen.split('\n');
  return lines[lines.findIndex((l) => l.startsWith('────')) + 1] ?? '';
};

/** A caller dials a voice queue (the simulator's carrier, as in the demo). */
export function placeCall(panel: Panel, queue = '7001', caller = { number: '+441234', name: 'Test Caller' as string | null }): string {
  stopIfEnded();
  return panel.server.sim.placeInboundCall(queue, caller);
}

/** A call rung, answered and hung up: it now awaits its disposition (and form). Returns the screen showing it ended. */
export async function answerAndEnd(panel: Panel, queue = '7001'): Promise<string> {
  placeCall(panel, queue);
  await panel.waitForText('Ring In');
  await panel.press('call.answer');
  await panel.waitForText('On-call');
  await panel.press('call.hangup');
  return panel.waitFor((s) => /Test Caller\s+Ended/.test(s), 'the ended call');
}

/** The ended call's feedback form half filled: Billing, Yes, and "wants a refund" in its notes, still being edited. */
export async function fillFormHalfway(panel: Panel): Promise<void> {
  await panel.press('call.startForm');
  await panel.waitForText('editing');
  await panel.press('form.right');
  await panel.press('form.next');
  await panel.press('form.right');
  await panel.press('form.next');
  await panel.type('wants a refund');
  await panel.waitForText('Notes                 wants a refund');
}

/**
 * Log another agent in straight at the server (as their own panel would) and
 * return a way to send commands as them.
 */
export function loginAgent(server: RunningServer, agent: string, args: Record<string, unknown> = {}): (cmd: string, args?: Record<string, unknown>) => unknown {
  stopIfEnded();
  let n = 0;
  const id = () => `test-${agent}-${Date.now()}-${++n}`;
  const r = server.engine.handle({ v: 1, id: id(), cmd: 'session.login', args: { agent, pin: agent, ...args } }, { principal: null, address: 'test' });
  if (!r.ok) throw new Error(`login of ${agent} failed: ${r.error.message}`);
  const token = (r.result as { token: string }).token;
  return (cmd, cmdArgs = {}) => {
    const res = server.engine.handle({ v: 1, id: id(), cmd, args: cmdArgs }, { principal: server.engine.authenticate(token), address: 'test' });
    if (!res.ok) throw new Error(`${cmd} as ${agent} failed: ${res.error.message}`);
    return res.result;
  };
}

/** The footer is the last line of the frame. */
export const footerOf = (screen: string) => screen.trimEnd().split('\n').at(-1) ?? '';

/** The demo configuration with callers who never hang up on their own, for tests that move a fake clock far. */
export function patientConfig(): Config {
  const config = demoConfig();
  config.simulator.patienceSeconds = { min: 100_000, max: 100_000 };
  config.simulator.talkSeconds = { min: 100_000, max: 100_000 };
  return config;
}

/**
 * The agent's own keys for some commands, as the Keys page or the keymap file
 * sets them (call it after logging in, which reads the agent's keymap); the
 * defaults come back after the test.
 */
export function rebind(entries: Record<string, string | string[]>): void {
  expect(setKeymap(entries)).toEqual([]);
  onTestFinished(resetKeymap);
}

/**
 * A panel whose WebSocket goes through a TCP relay on loopback (test/tcp-relay.ts), so the test can freeze
 * the link, drop it, and bring it back; listens on the server's HTTP port, as a real panel's link does.
 */
export async function startPanelBehindRelay(options: PanelOptions = {}, ws: WsTransportOptions = {}): Promise<{ panel: Panel; relay: TcpRelay }> {
  let relay: TcpRelay | null = null;
  const panel = await startPanel({
    ...options,
    listen: true,
    transport: async (server) => {
      relay = await startRelay(server.http!.port);
      return wsTransport(relay.url, ws);
    },
  });
  return { panel, relay: relay! };
}

/** A thin client's terminal: the size the narrow-screen suites try every screen at. */
export const NARROW = { columns: 60, rows: 16 } as const;

/** The screen's first line holding `text` ('' if none). */
export const lineWith = (screen: string, text: string | RegExp) => screen.split('\n').find((l) => (typeof text === 'string' ? l.includes(text) : text.test(l))) ?? '';
