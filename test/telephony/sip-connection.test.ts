import { describe, expect, it } from 'vitest';
import { sdp } from './fake-srf.js';
import { annOnACall, ANN_PHONE, makeSipCore, registerAnn, settle } from './sip-support.js';

const service = (core: Awaited<ReturnType<typeof makeSipCore>>) => core.engine.state.get('service', 'telephony');

describe('the connection to the drachtio server', () => {
  it('is not ready ("Call center module is not ready.") until the drachtio server accepts our secret', async () => {
    const core = await makeSipCore({ connect: false });
    expect(core.srf().connectedWith).toMatchObject({ host: '127.0.0.1', port: 9022, secret: 'cymru' });
    expect(service(core)).toMatchObject({ ready: false, reason: 'Call center module is not ready.' });
    expect(core.engine.isTelephonyReady()).toBe(false);
    const r = core.send('session.login', { agent: '1002', pin: '1002' });
    expect(!r.ok && r.error.message).toBe('Your deskphone cannot be reached: Call center module is not ready. There is no connection to the SIP server.');
    core.srf().up();
    expect(service(core)).toMatchObject({ ready: true, reason: null });
  });

  it('a refused secret is retried with a doubling delay, and the log says to check the secret', async () => {
    const core = await makeSipCore({ connect: false });
    core.srf().refuse();
    expect(core.connections).toHaveLength(1);
    core.clock.advance(499);
    expect(core.connections).toHaveLength(1);
    core.clock.advance(1);
    expect(core.connections).toHaveLength(2);
    core.srf().refuse();
    core.clock.advance(999);
    expect(core.connections).toHaveLength(2);
    core.clock.advance(1);
    expect(core.connections).toHaveLength(3);
    expect(core.log.join('\n')).toMatch(/DRACHTIO_REFUSED: the drachtio server at 127\.0\.0\.1:9022 turned down our secret \(failed to authenticate to server\): set SWITCHBOARD_DRACHTIO_SECRET/);
    expect(core.log.join('\n')).not.toContain('DRACHTIO_UNREACHABLE');
    core.srf().up();
    expect(service(core)!.ready).toBe(true);
  });

  it('a lost connection ends the calls in progress (recorded, agents freed), says not ready, and reconnecting restores service', async () => {
    const core = await makeSipCore();
    registerAnn(core);
    core.login('1001');
    const answered = core.srf().callIn('7001');
    await settle();
    core.srf().inviteTo(ANN_PHONE).answer(sdp('192.0.2.21', 30000));
    await settle();
    const waiting = core.srf().callIn('7001', '+442070000002', 'Second Caller');
    await settle();
    const [onCall, inQueue] = core.calls();
    expect([onCall!.state, inQueue!.state]).toEqual(['on-call', 'waiting']);

    const lost = core.srf();
    lost.drop();
    expect(service(core)).toMatchObject({ ready: false, reason: 'Call center module is not ready.' });
    // The answered call ended and waits for its disposition; the waiting caller is gone, but did not hang up:
    // the call failed, saying why, and is not counted against the queue as abandoned.
    expect(core.engine.state.call(onCall!.id)).toMatchObject({ state: 'ended', needsDisposition: true });
    expect(core.engine.state.call(inQueue!.id)).toBeUndefined();
    expect(core.lastSeen((c) => c.id === inQueue!.id)).toMatchObject({ state: 'ended', endCause: 'failed', progress: 'lost connection to the SIP server' });
    expect(core.engine.state.stats('7001')).toMatchObject({ abandoned: 0, answered: 1 });
    expect(core.engine.state.agent('1001')!.activity).toBe('wrap-up');
    expect(core.sip.liveLegs()).toBe(0);
    expect(answered.dialog!.methods).toEqual([]); // nothing can be sent on a dead connection
    expect(waiting.res.statuses).toEqual([180]);
    expect(core.reported.filter((r) => r[0] === 'legReleased').map((r) => r.slice(2))).toEqual([
      ['failed', 'lost connection to the SIP server'],
      ['failed', 'lost connection to the SIP server'],
      ['failed', 'lost connection to the SIP server'],
    ]);

    core.clock.advance(500);
    expect(core.connections).toHaveLength(2);
    core.srf().up();
    expect(service(core)).toMatchObject({ ready: true });
    // Requests from the old connection are not listened to; the new one works.
    core.send('disposition.submit', { hotkey: '1' }, core.login('1001'));
    core.srf().callIn('7001');
    await settle();
    expect(core.srf().inviteTo(ANN_PHONE).uri).toBe(ANN_PHONE);
  });

  it('stop() hangs up what is in progress and does not reconnect', async () => {
    const { core, caller, phone } = await annOnACall();
    core.engine.stop();
    expect(caller.dialog!.methods).toEqual(['BYE']);
    expect(phone.methods).toEqual(['BYE']);
    expect(core.srf().disconnected).toBe(true);
    core.srf().drop();
    core.clock.advance(60_000);
    expect(core.connections).toHaveLength(1);
  });
});
