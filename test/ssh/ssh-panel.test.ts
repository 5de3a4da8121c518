import { statSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { afterEach, describe, expect, it } from 'vitest';
import { footerRow, logInAvailable, startCenter, type Center } from './support.js';
import { demoConfig } from '../helpers.js';
import { localTime } from '../../src/core/dialer/local-time.js';
import { expectOnePanel } from '../one-panel.js';
import { ed25519KeyPair, HOST_KEY_FILE } from '../../src/ssh/host-key.js';
import { ChannelOutput, MAX_UNREAD_OUTPUT } from '../../src/ssh/channel-terminal.js';

let center: Center | null = null;
afterEach(async () => {
  await center?.close();
  center = null;
});

const COLOUR = /\u001b\[3[0-7]m/;

describe('the agent panel over SSH (ssh2 client, xterm.js screen at 80x24)', () => {
  it('logs in with the PIN by keyboard-interactive: no login screen, the Agent Login Window, then the panel at the top of the terminal', async () => {
    center = await startCenter();
    const t = await center.terminal({ username: '1001', pin: '1001' });
    let screen = await t.waitForText('Agent login — Ava Turner (1001)');
    // Signed in by SSH: nothing to go back to.
    expect(screen).not.toContain('Esc back');
    expect(screen).toMatch(/Voice queues\s+Support \(7001\), Sales \(7002\)/);
    screen = await logInAvailable(t, 'Ava Turner');
    const lines = t.lines();
    expect(lines[0]).toMatch(/^Ava Turner 1001\s+AVAILABLE \d+:\d\d/);
    expect(lines[2]).toMatch(/^ Calls\s+Chats\s+Email/);
    await t.waitFor(() => footerRow(t).includes('p pause'), "the panel's keys in the footer");
    // The frame is rows - 1 tall: the last row stays empty, nothing scrolled.
    expect(lines[23]).toBe('');
    expect(COLOUR.test(t.raw)).toBe(true);
    const agent = center.server.engine.state.agent('1001')!;
    expect(agent.status).toBe('available');
    // The core saw the session come from the SSH peer's address.
    expect(agent.session!.address).toBe('127.0.0.1');
  });

  it('logs in with the password method too; NO_COLOR from the session environment draws without colour', async () => {
    center = await startCenter();
    const t = await center.terminal({ username: '1002', password: '1002', env: { NO_COLOR: '1' } });
    await logInAvailable(t, 'Ben Okafor');
    expect(COLOUR.test(t.raw)).toBe(false);
    // Emphasis without colour: the chosen working mode is inverse.
    expect(t.raw).toMatch(/\u001b\[7m/);
  });

  it('logs in with a key listed for the agent; a key that is not listed, or listed for someone else, is refused', async () => {
    const mine = ed25519KeyPair();
    const other = ed25519KeyPair();
    const config = demoConfig();
    config.agents.find((a) => a.number === '1003')!.sshKeys = [mine.public];
    center = await startCenter({ config });
    const t = await center.terminal({ username: '1003', privateKey: mine.private });
    await logInAvailable(t, 'Carla Mendes');
    await expect(center.terminal({ username: '1003', privateKey: other.private })).rejects.toThrow(/authentication methods failed/);
    await expect(center.terminal({ username: '1004', privateKey: mine.private })).rejects.toThrow(/authentication methods failed/);
  });

  it('a wrong PIN is asked again with the reason; after the configured failures even the right PIN is refused, here and on the WebSocket path', async () => {
    const config = demoConfig();
    config.security.maxFailedLogins = 3;
    center = await startCenter({ config });
    // Three wrong PINs: the client is told why each time, then refused.
    const wrong = await center.terminal({ username: '1001', pin: '9999' }).catch((e: Error & { instructions: string[] }) => e);
    expect(wrong).toBeInstanceOf(Error);
    expect((wrong as { instructions: string[] }).instructions).toContain('The agent number or PIN is not correct. Try again. (LOGIN_FAILED)');
    // Locked for this agent from this address: the right PIN is refused (what OpenSSH shows of it: openssh.test.ts).
    await expect(center.terminal({ username: '1001', pin: '1001' })).rejects.toThrow(/authentication methods failed/);
    await expect(center.terminal({ username: '1001', password: '1001' })).rejects.toThrow(/authentication methods failed/);
    // The same lockout as any other way in from that address.
    const r = center.server.engine.handle({ v: 1, id: 'ws-check', cmd: 'session.check', args: { agent: '1001', pin: '1001' } }, { principal: null, address: '127.0.0.1' });
    expect(r.ok ? null : r.error.code).toBe('LOGIN_RATE_LIMITED');
  });

  it('Enter on an empty PIN prompt is told in words and asked again; an agent number that is not one is told so', async () => {
    center = await startCenter();
    const empty = await center.terminal({ username: '1001', pin: '' }).catch((e: Error & { instructions: string[] }) => e);
    expect(empty).toBeInstanceOf(Error);
    const told = (empty as { instructions: string[] }).instructions;
    expect(told).toContain("Nothing was typed: type agent 1001's PIN. (MISSING_PIN)");
    expect(told.join('\n')).not.toMatch(/BAD_ARGS|args\./);
    // Asked by name when the user name is not a number: letters there are said to be no agent number.
    const letters = await center.terminal({ username: 'ava', pin: ['ava', '1001'] }).catch((e: Error & { instructions: string[] }) => e);
    expect((letters as { instructions: string[] }).instructions).toContain('An agent number is 2 to 8 digits, such as 1001. (BAD_AGENT_NUMBER)');
    // Slips count for nothing against the lockout: the right PIN still signs in.
    const t = await center.terminal({ username: '1001', pin: '1001' });
    await logInAvailable(t, 'Ava Turner');
  });

  it('follows the terminal size: a window-change redraws the panel at the new width and height', async () => {
    center = await startCenter();
    const t = await center.terminal({ username: '1001', pin: '1001' });
    await logInAvailable(t, 'Ava Turner');
    t.resize(110, 30);
    await t.waitFor((s) => /●$/.test(s.split('\n')[0]!) && s.split('\n')[0]!.length === 110, 'the header across 110 columns');
    await t.waitFor(() => footerRow(t).includes('p pause'), 'the footer on row 29');
    expect(t.lines()[29]).toBe('');
    t.resize(80, 24);
    await t.waitFor((s) => s.split('\n')[0]!.length === 80 && footerRow(t).includes('p pause'), 'the panel back at 80x24');
  });

  it('made narrower (70x24, then 64x20), the terminal shows the panel once, as a terminal opened at that size shows it: no line of the old frame, one header, one footer', async () => {
    center = await startCenter();
    const t = await center.terminal({ username: '1001', pin: '1001' });
    await logInAvailable(t, 'Ava Turner');
    await t.waitFor(() => footerRow(t).includes('p pause'), "the panel's keys in the footer");
    // Running times differ by a second between two terminals; the rest must not differ at all.
    const times = (rows: string[]) => rows.map((l) => l.replace(/\d+:\d\d/g, '#:##'));
    for (const size of [
      { columns: 70, rows: 24 },
      { columns: 64, rows: 20 },
    ]) {
      t.resize(size.columns, size.rows);
      await t.waitFor((s) => s.split('\n')[3] === '─'.repeat(size.columns), `the rule across ${size.columns} columns`);
      // Whatever else comes of the resize has come, and xterm.js has drawn it.
      await new Promise((r) => setTimeout(r, 300));
      await t.waitFor(() => true, 'the terminal to draw what it was sent');
      expectOnePanel(t.lines(), size, 'Ava Turner');
      const fresh = await center.terminal({ username: '1001', pin: '1001', ...size });
      await fresh.waitFor((s) => /AVAILABLE/.test(s.split('\n')[0]!) && s.includes('HK list'), 'the panel in a terminal opened at that size');
      expect(times(t.lines())).toEqual(times(fresh.lines()));
      fresh.close();
    }
  });

  it('a window dragged narrower (window-changes a few milliseconds apart): the panel once, drawn for the last size', async () => {
    center = await startCenter();
    const t = await center.terminal({ username: '1001', pin: '1001' });
    await logInAvailable(t, 'Ava Turner');
    await t.waitFor(() => footerRow(t).includes('p pause'), "the panel's keys in the footer");
    for (const columns of [78, 75, 72, 69, 66]) {
      t.resize(columns, 22);
      await new Promise((r) => setTimeout(r, 5));
    }
    await t.waitFor((s) => s.split('\n')[3] === '─'.repeat(66), 'the rule across 66 columns');
    await new Promise((r) => setTimeout(r, 300));
    await t.waitFor(() => true, 'the terminal to draw what it was sent');
    expectOnePanel(t.lines(), { columns: 66, rows: 22 }, 'Ava Turner');
  });

  it('closing the terminal leaves the agent logged in; a new SSH login joins that session at once', async () => {
    center = await startCenter();
    const first = await center.terminal({ username: '1001', pin: '1001' });
    await logInAvailable(first, 'Ava Turner');
    first.type('p');
    await first.waitForText('Pause — choose a reason');
    first.type('\u001b[B\r'); // Lunch
    await first.waitFor((s) => /PAUSED/.test(s.split('\n')[0]!), 'paused');
    const session = center.server.engine.state.agent('1001')!.session!.id;
    first.close();
    await new Promise((r) => setTimeout(r, 200));
    expect(center.ssh.panels()).toHaveLength(0);
    const agent = center.server.engine.state.agent('1001')!;
    expect(agent.status).toBe('paused');
    expect(agent.pauseReason).toBe('Lunch');
    expect(agent.session!.id).toBe(session);

    const again = await center.terminal({ username: '1001', pin: '1001' });
    const screen = await again.waitFor((s) => /PAUSED/.test(s.split('\n')[0]!), 'the running session, paused');
    expect(screen).not.toContain('Agent login —');
    expect(screen).toContain('PAUSED — Lunch');
    expect(center.server.engine.state.agent('1001')!.session!.id).toBe(session);
  });

  it('logged out from another panel, the SSH panel says so on its Agent Login Window, and Enter logs the agent in again', async () => {
    center = await startCenter();
    const t = await center.terminal({ username: '1001', pin: '1001' });
    await logInAvailable(t, 'Ava Turner');
    // Her other panel logs her out.
    const engine = center.server.engine;
    const other = engine.handle({ v: 1, id: 'other-login', cmd: 'session.login', args: { agent: '1001', pin: '1001', client: 'panel' } }, { principal: null, address: 'test' });
    if (!other.ok) throw new Error(other.error.message);
    const token = (other.result as { token: string }).token;
    expect(engine.handle({ v: 1, id: 'other-logout', cmd: 'session.logout', args: {} }, { principal: engine.authenticate(token), address: 'test' }).ok).toBe(true);
    const at = localTime(engine.config.center.timeZone, engine.state.agent('1001')!.statusSince).hhmm;

    const screen = await t.waitFor((s) => s.includes('Agent login — Ava Turner') && s.includes('You were logged out'), 'the Agent Login Window saying why');
    expect(screen.replace(/\s+/g, ' ')).toContain(`You were logged out from another panel at ${at}. Log in again to go on working.`);
    // Both lines of the sentence under each other, inside the window's margin.
    expect(screen).toMatch(/^ {2}You were logged out/m);
    expect(screen).toMatch(/^ {2}working\./m);
    expect(screen.split('\n').filter((l) => l.includes('Agent login —'))).toHaveLength(1);
    // Enter logs her in again, and the sentence is gone with the window.
    await logInAvailable(t, 'Ava Turner');
    expect(t.screen()).not.toContain('You were logged out');
  });

  it('a cut SSH session: the next SSH login opens the section the agent was in (Email), not Calls', async () => {
    center = await startCenter();
    const first = await center.terminal({ username: '1001', pin: '1001' });
    await logInAvailable(first, 'Ava Turner');
    first.type('ge');
    await first.waitForText('My Emails');
    first.close();
    await new Promise((r) => setTimeout(r, 200));

    const again = await center.terminal({ username: '1001', pin: '1001' });
    const screen = await again.waitFor((s) => /AVAILABLE/.test(s.split('\n')[0]!) && s.includes('My Emails'), 'Email, as the agent left it');
    expect(screen).not.toMatch(/Calls(?: \d+)? │ Queues/);
  });

  it('an idle panel writes only its running times: no timer on the login window, one on the panel, a few dozen bytes a second', async () => {
    center = await startCenter();
    const t = await center.terminal({ username: '1001', pin: '1001' });
    await t.waitForText('Agent login — Ava Turner');
    await new Promise((r) => setTimeout(r, 300));
    const panel = center.ssh.panels()[0]!;
    expect(panel.timersRunning()).toBe(0);
    await logInAvailable(t, 'Ava Turner');
    await new Promise((r) => setTimeout(r, 1500));
    expect(panel.timersRunning()).toBe(1);
    // The live clock alone: no bar or banner that shows nothing renders every second (the ringing bar, the phone's banner).
    expect(panel.timerSubscribers()).toBe(1);
    const before = t.lines();
    const bytes = panel.output.bytesWritten;
    await new Promise((r) => setTimeout(r, 3200));
    const written = panel.output.bytesWritten - bytes;
    const after = t.lines();
    // Three ticks of two times, each a cursor move and a few characters.
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThan(3 * 120);
    // The header's times went on; every other line is as it was.
    const times = (line: string) => /AVAILABLE (\d+):(\d\d) {2}idle (\d+):(\d\d)/.exec(line)!;
    const [, m0, s0] = times(before[0]!);
    const [, m1, s1, m2, s2] = times(after[0]!);
    expect(Number(m1) * 60 + Number(s1) - (Number(m0) * 60 + Number(s0))).toBeGreaterThanOrEqual(2);
    expect(`${m1}:${s1}`).toBe(`${m2}:${s2}`);
    expect(after[0]!.replace(/\d+:\d\d/g, 'T')).toBe(before[0]!.replace(/\d+:\d\d/g, 'T'));
    expect(after.slice(1)).toEqual(before.slice(1));
  });

  it('a ringing call shows its bar over SSH; on the call, the headline\'s two running times are kept current in their places', async () => {
    const config = demoConfig();
    // The caller waits and talks as long as the test needs.
    config.simulator.patienceSeconds = { min: 100_000, max: 100_000 };
    config.simulator.talkSeconds = { min: 100_000, max: 100_000 };
    center = await startCenter({ config });
    const t = await center.terminal({ username: '1001', pin: '1001' });
    await logInAvailable(t, 'Ava Turner');
    center.server.sim.placeInboundCall('7001', { number: '+441230001', name: 'Rita Ring' });
    const ringing = await t.waitForText('a answer  x decline');
    expect(ringing).toMatch(/☎ RINGING \d+:\d\d {2}Rita Ring \+441230001 → Support/);
    expect(t.lines()[0]).toMatch(/^Ava Turner 1001 {2}RINGING \d+:\d\d {2}available \d+:\d\d/);
    t.type('a');
    const onCall = /^Ava Turner 1001 {2}ON CALL (\d+):(\d\d) {2}available (\d+):(\d\d)/;
    await t.waitFor((s) => onCall.test(s.split('\n')[0]!), 'ON CALL in the headline');
    await new Promise((r) => setTimeout(r, 1200));
    const before = t.lines()[0]!;
    await new Promise((r) => setTimeout(r, 3200));
    const after = t.lines()[0]!;
    // A time written a column off would break the line's words.
    expect(after).toMatch(onCall);
    const seconds = (m: string, s: string) => Number(m) * 60 + Number(s);
    const [, am0, as0, sm0, ss0] = onCall.exec(before)!;
    const [, am1, as1, sm1, ss1] = onCall.exec(after)!;
    // Both times went on by the seconds that passed, each in its own place: the line is otherwise as it was.
    expect(seconds(am1!, as1!) - seconds(am0!, as0!)).toBeGreaterThanOrEqual(2);
    expect(seconds(sm1!, ss1!) - seconds(sm0!, ss0!)).toBeGreaterThanOrEqual(2);
    expect(after.replace(/\d+:\d\d/g, 'T')).toBe(before.replace(/\d+:\d\d/g, 'T'));
  });

  it('Q ends the SSH session, not the agent session', async () => {
    center = await startCenter();
    const t = await center.terminal({ username: '1001', pin: '1001' });
    await logInAvailable(t, 'Ava Turner');
    t.type('Q');
    await t.waitForEnd();
    expect(center.server.engine.state.agent('1001')!.status).toBe('available');
  });

  it('two agents in one process: toasts, dialogs, drafts and the bell stay with the agent whose keys made them', async () => {
    center = await startCenter();
    const ava = await center.terminal({ username: '1001', pin: '1001' });
    const ben = await center.terminal({ username: '1002', pin: '1002' });
    await logInAvailable(ava, 'Ava Turner');
    await logInAvailable(ben, 'Ben Okafor');

    // Keys and dialogs: Ava's p opens Ava's picker only.
    ava.type('p');
    await ava.waitForText('Pause — choose a reason');
    await new Promise((r) => setTimeout(r, 100));
    expect(ben.screen()).not.toContain('Pause — choose a reason');
    ava.type('\r');
    // Toasts: Ava's is on Ava's screen only.
    await ava.waitForText('Paused: Break.');
    expect(ben.screen()).not.toContain('Paused:');
    expect(ben.screen().split('\n')[0]).toMatch(/AVAILABLE/);

    // Drafts: Ava starts a message to Ben and leaves it; Ben's chat with Ava does not have it.
    const chatWith = async (t: typeof ava, name: string) => {
      t.type('\u001b[C\u001b[C'); // Calls › Agents
      await t.waitFor((s) => new RegExp(`› ${name}`).test(s), `${name} selected on the Agents tab`);
      t.type('m');
      await t.waitForText(`Chat with ${name}`);
    };
    await chatWith(ava, 'Ben Okafor');
    ava.type('secret plan for ben');
    await ava.waitForText('secret plan for ben');
    ava.type('\u001b');
    await ava.waitFor((s) => !s.includes('Chat with Ben'), 'the chat closed');
    await chatWith(ben, 'Ava Turner');
    await new Promise((r) => setTimeout(r, 100));
    expect(ben.screen()).not.toContain('secret plan');
    ben.type('\u001b');
    // Ava's draft is still hers.
    ava.type('m');
    await ava.waitForText('secret plan for ben');
    ava.type('\u001b');

    // The bell and the desktop notification of a call ringing for Ben go to Ben's terminal only.
    const avaBefore = ava.raw.length;
    center.server.sim.placeInboundCall('7001', { number: '+441230000', name: 'Ringing Rita' });
    await ben.waitForText('Incoming call from Ringing Rita');
    expect(ben.raw).toContain('\u001b]9;Incoming call from Ringing Rita');
    await new Promise((r) => setTimeout(r, 100));
    expect(ava.raw.slice(avaBefore)).not.toContain('\u001b]9;');
    expect(ava.raw.slice(avaBefore)).not.toContain('\u0007');
  });

  it('the host key is made on the first start, readable by the server only, and the same after a restart', async () => {
    center = await startCenter();
    const first = center.ssh.fingerprint;
    expect(statSync(join(center.dataDir, HOST_KEY_FILE)).mode & 0o777).toBe(0o600);
    await center.stop();
    const again = await startCenter({ dataDir: center.dataDir });
    center = again;
    expect(again.ssh.fingerprint).toBe(first);
  });

  it('a connection that does not sign in within the deadline is cut', async () => {
    center = await startCenter({ ssh: { authDeadlineMs: 300 } });
    const socket = net.connect(center.ssh.port, '127.0.0.1');
    let banner = '';
    socket.on('data', (d) => (banner += d));
    const closedAt = await new Promise<number>((resolve) => socket.on('close', () => resolve(Date.now())));
    expect(banner).toMatch(/^SSH-2\.0-switchboard/);
    expect(closedAt).toBeGreaterThan(0);
  });

  it('a connection that keeps failing to authenticate is cut after 10 refusals', async () => {
    center = await startCenter();
    const client = new ssh2.Client();
    let attempts = 0;
    const ended = await new Promise<string>((resolve) => {
      client.on('ready', () => resolve('signed in'));
      client.on('error', (e) => resolve(e.message));
      client.on('close', () => resolve('closed'));
      client.connect({
        host: '127.0.0.1',
        port: center!.ssh.port,
        username: '1001',
        authHandler: (_left, _partial, next) => {
          attempts++;
          next({ type: 'password', username: '1001', password: '0000' });
        },
      } as ssh2.ConnectConfig);
    });
    expect(ended).not.toBe('signed in');
    // The first request ("none") asks which methods there are; then ten wrong PINs.
    expect(attempts).toBeLessThanOrEqual(12);
    expect(attempts).toBeGreaterThanOrEqual(10);
  });

  it('a terminal that stops reading is cut once its unread output passes the limit', () => {
    let queued = 0;
    let stalled = 0;
    const output = new ChannelOutput({ write: (d) => ((queued += d.length), true), get writableLength() { return queued; } }, { columns: 80, rows: 24 }, () => stalled++);
    const frame = 'x'.repeat(64 * 1024);
    while (stalled === 0 && queued <= MAX_UNREAD_OUTPUT + frame.length) output.write(frame);
    expect(stalled).toBe(1);
    expect(queued).toBeGreaterThan(MAX_UNREAD_OUTPUT);
    // Nothing more is queued for it.
    const before = queued;
    expect(output.write(frame)).toBe(false);
    expect(queued).toBe(before);
  });

  it('refuses what is not a panel: a command, a session without a terminal, file transfer', async () => {
    center = await startCenter();
    const port = center.ssh.port;
    const client = new ssh2.Client();
    await new Promise<void>((resolve, reject) => {
      client.on('ready', () => resolve()).on('error', reject);
      client.connect({ host: '127.0.0.1', port, username: '1001', password: '1001' });
    });
    try {
      const exec = await new Promise<{ code: number; text: string }>((resolve, reject) =>
        client.exec('cat /etc/passwd', (err, channel) => {
          if (err) return reject(err);
          let text = '';
          channel.on('data', (d: Buffer) => (text += d));
          channel.stderr.on('data', (d: Buffer) => (text += d));
          let code = -1;
          channel.on('exit', (c: number) => (code = c));
          // The end of output comes after the exit status and every byte of output.
          channel.on('end', () => setImmediate(() => resolve({ code, text })));
        }),
      );
      expect(exec.code).toBe(2);
      expect(exec.text).toContain('switchboard serves the agent panel only');
      expect(exec.text).not.toContain('root:');

      const noPty = await new Promise<{ code: number; text: string }>((resolve, reject) =>
        client.shell(false, (err, channel) => {
          if (err) return reject(err);
          let text = '';
          channel.stderr.on('data', (d: Buffer) => (text += d));
          let code = -1;
          channel.on('exit', (c: number) => (code = c));
          channel.on('data', () => {});
          channel.on('end', () => setImmediate(() => resolve({ code, text })));
        }),
      );
      expect(noPty.code).toBe(1);
      expect(noPty.text).toContain('The agent panel needs a terminal: connect with ssh -t.');

      const sftp = await new Promise<Error | null>((resolve) => client.sftp((err) => resolve(err ?? null)));
      expect(sftp).toBeInstanceOf(Error);
    } finally {
      client.end();
    }
  });
});
