import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock, SeededRandom } from '../fake-clock.js';
import type { Call, CallRecord } from '../../src/core/protocol/model.js';
import type { EventFrame } from '../../src/core/protocol/events.js';
import { demoConfig } from '../helpers.js';
import { agentUrlOf, loginAgent, ok, runCleanups, startTestServer } from './support.js';
import { http } from './visitor-support.js';

/**
 * Recorded calls on a real server: the demo's Support queue (7001) has
 * `record: true`, the simulator makes a WAV when the agent leg goes, the
 * server keeps it with the uploads and /files/<id> serves it to whoever may
 * see the call.
 */
afterEach(runCleanups);

const CALLER = { number: '+442071234567', name: 'Pat Caller' };

async function desk() {
  const config = demoConfig();
  config.simulator.patienceSeconds = { min: 1e6, max: 1e6 };
  config.simulator.talkSeconds = { min: 1e6, max: 1e6 };
  const clock = new FakeClock(Date.now());
  const server = await startTestServer({ config, clock, random: new SeededRandom(3) });
  const url = agentUrlOf(server);
  const ava = await loginAgent(url, '1001');
  return { server, clock, url, ava };
}

/** Until the engine's state satisfies `check` (recordings are written on later turns). */
async function until<T>(check: () => T | undefined, what: string): Promise<T> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('call recordings', () => {
  it('a recorded Support call yields a WAV at /files/<id>: the agent and the queue supervisor may fetch it, another agent may not', async () => {
    const { server, clock, url, ava } = await desk();
    server.sim.placeInboundCall('7001', CALLER);
    const rang = await ava.client.nextEvent((e) => e.ev === 'call.updated' && (e.data.call as Call).state === 'ringing');
    const callId = (rang.data.call as Call).id;
    ok(await ava.client.request('call.answer'));
    clock.advance(12_000);
    ok(await ava.client.request('call.hangup'));
    ok(await ava.client.request('disposition.submit', { hotkey: '1', fields: { topic: 'Billing' } }));
    // The simulator hands the recording over a moment after the agent leg went.
    clock.advance(0);
    const record = await until(() => {
      const r = server.engine.state.get('callRecord', callId);
      return r?.recording ? r : undefined;
    }, 'the recording to be linked');
    expect(record.recording!.seconds).toBe(12);
    // Ava hears of it: the record's event carries the recording (the Closed list fetches again).
    const linked = await ava.client.nextEvent((e: EventFrame) => e.ev === 'callRecord.updated' && Boolean((e.data.record as CallRecord).recording));
    expect((linked.data.record as CallRecord).recording).toEqual(record.recording);
    // Kept with the uploads, under its file id.
    expect(readdirSync(join(server.dataDir, 'files'))).toContain(record.recording!.fileId);

    const path = `/files/${record.recording!.fileId}`;
    const got = await http(server, 'GET', path, { headers: { authorization: `Bearer ${ava.token}` } });
    expect(got.status).toBe(200);
    expect(got.headers['content-type']).toBe('audio/wav');
    // A real WAV: RIFF/WAVE, PCM, mono, 8 kHz, 16-bit, twelve seconds of samples.
    const wav = got.body;
    expect(wav.toString('latin1', 0, 4)).toBe('RIFF');
    expect(wav.toString('latin1', 8, 16)).toBe('WAVEfmt ');
    expect([wav.readUInt16LE(20), wav.readUInt16LE(22), wav.readUInt32LE(24), wav.readUInt16LE(34)]).toEqual([1, 1, 8000, 16]);
    expect(wav.readUInt32LE(40)).toBe(12 * 8000 * 2);
    expect(wav.length).toBe(44 + 12 * 8000 * 2);
    // Not silent: the beeps are there.
    expect(wav.subarray(44).some((b) => b !== 0)).toBe(true);

    const sam = await loginAgent(url, '9001');
    expect((await http(server, 'GET', path, { headers: { authorization: `Bearer ${sam.token}` } })).status).toBe(200);
    const ben = await loginAgent(url, '1002');
    const refused = await http(server, 'GET', path, { headers: { authorization: `Bearer ${ben.token}` } });
    expect(refused.status).toBe(403);
    expect(refused.json<{ code: string }>().code).toBe('FORBIDDEN');
    expect((await http(server, 'GET', path)).status).toBe(401);
  });

  it('a long call is recorded for 30 seconds at most; a queue without record: true is not recorded', async () => {
    const { server, clock, ava } = await desk();
    server.sim.placeInboundCall('7001', CALLER);
    const rang = await ava.client.nextEvent((e) => e.ev === 'call.updated' && (e.data.call as Call).state === 'ringing');
    ok(await ava.client.request('call.answer'));
    clock.advance(95_000);
    ok(await ava.client.request('call.hangup'));
    clock.advance(0);
    // It still owes its disposition: the recording waits on the call.
    const call = await until(() => server.engine.state.call((rang.data.call as Call).id)?.recording ?? undefined, 'the recording on the call');
    expect(call.seconds).toBe(30);
    ok(await ava.client.request('disposition.submit', { hotkey: '1', fields: { topic: 'Billing' } }));
    expect(server.engine.state.get('callRecord', (rang.data.call as Call).id)!.recording).toEqual(call);

    // Sales (7002) has no record switch. (Ava's wrap-up runs out first.)
    clock.advance(16_000);
    const from = ava.client.frames.length;
    server.sim.placeInboundCall('7002', CALLER);
    const sales = await ava.client.nextEvent((e) => e.ev === 'call.updated' && (e.data.call as Call).state === 'ringing' && (e.data.call as Call).queue === '7002', from);
    ok(await ava.client.request('call.answer'));
    clock.advance(5000);
    ok(await ava.client.request('call.hangup'));
    clock.advance(1000);
    await new Promise((r) => setTimeout(r, 50));
    expect(server.engine.state.call((sales.data.call as Call).id)?.recording ?? null).toBeNull();
    expect([...server.engine.state.all('file')]).toHaveLength(1);
  });
});
