import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock, SeededRandom } from '../fake-clock.js';
import type { Call, Lead } from '../../src/core/protocol/model.js';
import type { RunningServer } from '../../src/server/runtime.js';
import { importLeads } from '../../src/core/dialer/import.js';
import { demoConfig } from '../helpers.js';
import { agentUrlOf, loginAgent, ok, runCleanups, startTestServer } from '../server/support.js';
import { buildCliOnce, switchboard } from './run-switchboard.js';

/**
 * `switchboard dispose CB --callback-at ... / --callback-in ...`: a script
 * could not say when to call back, so every scripted Callback got the
 * campaign's retry delay (an hour), whatever the customer had been promised.
 * The built CLI runs against a real server where Ava, logged in from her
 * panel, has just talked to a lead of the Renewals preview campaign (calling
 * hours 08:00 to 21:00 in the lead's time). The server keeps real time, as
 * the script does, and the lead lives where it is about noon now, so a
 * callback in 2 h is inside the hours and one in 11 h outside.
 */

buildCliOnce();
afterEach(runCleanups);

/** The script's own clock: 5 h 30 ahead of UTC all year, so a time without an offset is plainly read on it. */
const SCRIPT_TZ = 'Asia/Kolkata';
const KOLKATA_MS = 5.5 * 3600_000;
const PHONE = '+442079460001';

/** An Etc/GMT zone where it is 12:xx now (Etc/GMT-3 is UTC+3). */
function zoneAtNoon(now: number): string {
  const ahead = 12 - new Date(now).getUTCHours();
  return ahead === 0 ? 'Etc/GMT' : ahead > 0 ? `Etc/GMT-${ahead}` : `Etc/GMT+${-ahead}`;
}

/** "2026-12-05T14:30" of the script's clock, for the minute `at` falls in. */
const scriptWallTime = (at: number) => new Date(at + KOLKATA_MS).toISOString().slice(0, 16);
/** What the CLI prints of a time: the script's clock with its offset. */
const scriptStamp = (at: number) => `${scriptWallTime(at)}+05:30`;
const leadHhmm = (at: number, zone: string) => new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);

interface Desk {
  server: RunningServer;
  clock: FakeClock;
  call: Call;
  zone: string;
  asAva: string[];
  lead: () => Lead;
}

/** Ava has dialled the lead, talked and hung up: the call owes its disposition (and form). */
async function talkedToLead(): Promise<Desk> {
  const config = demoConfig();
  config.simulator.leads = { live: 1, noAnswer: 0, busy: 0, machine: 0 };
  config.simulator.ringSeconds = { min: 3, max: 3 };
  config.simulator.talkSeconds = { min: 1_000_000, max: 1_000_000 };
  config.simulator.callsPerMinute = 0;
  const clock = new FakeClock(Date.now());
  const server = await startTestServer({ config, clock, random: new SeededRandom(9) });
  const zone = zoneAtNoon(clock.now());
  server.engine.run((ctx) => importLeads(ctx, 'preview-renewals', [{ line: 2, phone: PHONE, name: 'Tara Ito', timeZone: zone }]));
  const ava = await loginAgent(agentUrlOf(server), '1001', { strategy: 'outbound', campaign: 'preview-renewals' });
  ok(await ava.client.request('dialer.next'));
  ok(await ava.client.request('dialer.dial'));
  clock.advance(3000);
  const call = ok<{ call: Call }>(await ava.client.request('call.hangup')).call;
  expect(call).toMatchObject({ state: 'ended', needsDisposition: true, campaign: 'preview-renewals' });
  const lead = () => [...server.engine.state.all('lead')].find((l) => l.phone === PHONE)!;
  return { server, clock, call, zone, lead, asAva: ['--url', `ws://127.0.0.1:${server.http!.port}`, '--agent', '1001', '--pin', '1001'] };
}

const onScriptClock = { TZ: SCRIPT_TZ };

describe('switchboard dispose with a callback time', () => {
  it('--callback-in 2h sets the Callback two hours from now, and says when, on the script\'s clock and the lead\'s', async () => {
    const d = await talkedToLead();
    const before = Date.now();
    const run = await switchboard(['dispose', 'CB', '--callback-in', '2h', ...d.asAva], onScriptClock);
    const after = Date.now();
    expect(run.code).toBe(0);
    const { at } = d.lead().callback!;
    expect(at).toBeGreaterThanOrEqual(before + 2 * 3600_000);
    expect(at).toBeLessThanOrEqual(after + 2 * 3600_000);
    expect(run).toEqual({
      code: 0,
      stdout:
        `Disposition submitted successfully: Callback (CB) (call ${d.call.id} still owes its form)\n` +
        `Call back at ${scriptStamp(at)} (${leadHhmm(at, d.zone)} for the lead, ${d.zone})\n`,
      stderr: '',
    });
    expect(d.lead()).toMatchObject({ callback: { at, agent: null }, nextDialAt: at });
  });

  it("--callback-at without an offset is the script's clock; a Personal callback is kept for Ava", async () => {
    const d = await talkedToLead();
    const wall = scriptWallTime(Date.now() + 3 * 3600_000);
    const at = Date.parse(`${wall}:00+05:30`);
    const run = await switchboard(['dispose', 'PCB', '--callback-at', wall, ...d.asAva], onScriptClock);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Call back at ${wall}+05:30 (${leadHhmm(at, d.zone)} for the lead, ${d.zone})\n`);
    expect(d.lead().callback).toEqual({ at, agent: '1001' });
  });

  it("a time outside the campaign's calling hours is refused by the server, exit 1, and nothing is taken", async () => {
    const d = await talkedToLead();
    // About 23:00 for the lead; the hours end at 21:00.
    const late = new Date(Date.now() + 11 * 3600_000).toISOString().slice(0, 16) + 'Z';
    const run = await switchboard(['dispose', 'CB', '--callback-at', late, ...d.asAva]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^switchboard: CALLBACK_OUTSIDE_CALLING_WINDOW: A callback at \d{4}-\d\d-\d\d 23:\d\d for this lead \(Etc\/GMT[^)]*\) is outside the calling hours, 08:00 to 21:00 lead time/);
    expect(d.server.engine.state.call(d.call.id)!.disposition).toBeNull();
    expect(d.lead().callback).toBeNull();
  });

  it('a callback time with a disposition that is no callback is refused, not dropped', async () => {
    const d = await talkedToLead();
    const run = await switchboard(['dispose', 'SALE', '--callback-in', '2h', ...d.asAva]);
    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr: 'switchboard: NOT_A_CALLBACK: Sale (SALE) is not a callback, so it takes no callback time. Leave the time out, or choose a callback disposition.\n',
    });
    expect(d.server.engine.state.call(d.call.id)!.disposition).toBeNull();
  });

  it('a value that is not a time exits 2 with a code and a sentence, before anything is sent', async () => {
    const d = await talkedToLead();
    const refusals: Array<[string[], string]> = [
      [['--callback-in', '2d'], '--callback-in "2d" is not a delay; give a delay such as 90m, 2h or 1h30m (a bare number is minutes).'],
      [['--callback-at', '2026-02-30T10:00'], '--callback-at 2026-02-30T10:00: no such date (2026-02 has no day 30).'],
      [['--callback-at', '2020-01-01T10:00Z'], '--callback-at 2020-01-01T10:00Z has passed'],
      [['--callback-at', '14:30', '--callback-in', '2h'], 'Give --callback-at or --callback-in, not both.'],
    ];
    for (const [args, sentence] of refusals) {
      const run = await switchboard(['dispose', 'CB', ...args, ...d.asAva]);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain(`switchboard: BAD_CALLBACK_TIME: ${sentence}`);
    }
    expect(d.server.engine.state.call(d.call.id)!.disposition).toBeNull();
  });

  it("without a time, the campaign's retry delay as before, and the time it chose is printed", async () => {
    const d = await talkedToLead();
    const run = await switchboard(['dispose', '4', ...d.asAva], onScriptClock);
    expect(run.code).toBe(0);
    const { at } = d.lead().callback!;
    expect(at).toBe(d.clock.now() + 60 * 60_000);
    expect(run.stdout).toBe(
      `Disposition submitted successfully: Callback (CB) (call ${d.call.id} still owes its form)\n` +
        `Call back at ${scriptStamp(at)} (${leadHhmm(at, d.zone)} for the lead, ${d.zone})\n`,
    );
  });
});

/** Ava has answered a caller of the Sales queue (7002) and hung up: a queue call, with no lead, owes its disposition. */
async function talkedToSalesCaller() {
  const config = demoConfig();
  config.simulator.callsPerMinute = 0;
  config.simulator.patienceSeconds = { min: 1_000_000, max: 1_000_000 };
  config.simulator.talkSeconds = { min: 1_000_000, max: 1_000_000 };
  const server = await startTestServer({ config, clock: new FakeClock(Date.now()), random: new SeededRandom(9) });
  const ava = await loginAgent(agentUrlOf(server), '1001', { strategy: 'inbound' });
  const from = ava.client.frames.length;
  server.sim!.placeInboundCall('7002', { number: '+442071234567', name: 'Pat Caller' });
  await ava.client.nextEvent((e) => e.ev === 'call.updated' && (e.data.call as Call).state === 'ringing', from);
  ok(await ava.client.request('call.answer'));
  const call = ok<{ call: Call }>(await ava.client.request('call.hangup')).call;
  expect(call).toMatchObject({ state: 'ended', needsDisposition: true, lead: null, queue: expect.any(String) });
  return { server, call, asAva: ['--url', `ws://127.0.0.1:${server.http!.port}`, '--agent', '1001', '--pin', '1001'] };
}

describe('switchboard dispose with a callback time on a queue call', () => {
  it("README's examples, on a call with no lead: each refused with a code and a sentence saying only a campaign's call is called back, exit 1, nothing taken", async () => {
    const d = await talkedToSalesCaller();
    const [callback, notACallback] = [
      await switchboard(['dispose', 'CB', '--callback-in', '2h', ...d.asAva]),
      await switchboard(['dispose', '1', '--callback-in', '2h', ...d.asAva]),
    ];
    expect(callback).toEqual({
      code: 1,
      stdout: '',
      stderr: "switchboard: NO_LEAD_TO_CALL_BACK: Callback (CB) needs a campaign's lead to call back; a call of Sales (7002) has none. Choose another disposition.\n",
    });
    // Was NOT_A_CALLBACK, "choose a callback disposition": which this call refuses too.
    expect(notACallback).toEqual({
      code: 1,
      stdout: '',
      stderr: "switchboard: NO_LEAD_TO_CALL_BACK: A call of Sales (7002) takes no callback time: only a campaign's call has a lead to call back. Leave the time out.\n",
    });
    expect(d.server.engine.state.call(d.call.id)!.disposition).toBeNull();
    // Without the time, the disposition is taken.
    expect((await switchboard(['dispose', '1', ...d.asAva])).code).toBe(0);
    expect(d.server.engine.state.call(d.call.id)!.disposition).toMatchObject({ code: 'SALE' });
  });
});
