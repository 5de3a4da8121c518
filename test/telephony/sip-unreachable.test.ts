import { describe, expect, it } from 'vitest';
import { sdp } from './fake-srf.js';
import { ANN_PHONE, makeSipCore, registerAnn, settle, type SipCore } from './sip-support.js';

const BEN_PHONE = 'sip:ben@192.0.2.22:5060';

/** Ann (registered, auto-answer) and Ben (static URI) both in Sales (7002, linear: Ann first). */
async function salesWithAnnAndBen() {
  const core = await makeSipCore();
  registerAnn(core);
  const ann = core.login('1001');
  const ben = core.login('1002');
  return { core, ann, ben };
}

const annInvites = (core: SipCore) => core.srf().invites.filter((i) => i.uri === ANN_PHONE);

describe('a phone that cannot be reached is not a missed offer', () => {
  it('503 before any response: Ann is marked unreachable saying why, not paused, and the call rings Ben at once', async () => {
    const { core } = await salesWithAnnAndBen();
    const caller = core.srf().callIn('7002');
    await settle();
    core.srf().inviteTo(ANN_PHONE).reject(503, 'Service Unavailable');
    await settle();
    expect(core.engine.state.agent('1001')).toMatchObject({
      status: 'available',
      activity: 'idle',
      missedOffers: 0,
      deviceUnreachable: { reason: `the phone at ${ANN_PHONE} could not be reached (SIP 503 Service Unavailable)`, failures: 1, waitUntil: core.clock.now() + 10_000 },
    });
    // No time passed: Ben's phone rings now, and the caller still just hears ringing.
    expect(core.srf().invites.map((i) => i.uri)).toEqual([ANN_PHONE, BEN_PHONE]);
    expect(core.call()).toMatchObject({ state: 'ringing', offers: [{ agent: '1002' }] });
    expect(caller.res.statuses).toEqual([180]);
  });

  it('a transport failure, and 408 with nothing heard before it, are unreachable too', async () => {
    for (const fail of [(i: { fail(m: string): void }) => i.fail('connect ECONNREFUSED 192.0.2.21:5062'), (i: { reject(s: number, r: string): void }) => i.reject(408, 'Request Timeout')]) {
      const { core } = await salesWithAnnAndBen();
      core.srf().callIn('7002');
      await settle();
      fail(core.srf().inviteTo(ANN_PHONE));
      await settle();
      expect(core.engine.state.agent('1001')).toMatchObject({ missedOffers: 0, deviceUnreachable: { failures: 1 } });
      expect(core.srf().inviteTo(BEN_PHONE)).toBeDefined();
    }
  });

  it('410 Gone with nothing heard (the TCP connection the phone registered over is broken) is unreachable, not a decline', async () => {
    const { core } = await salesWithAnnAndBen();
    core.srf().callIn('7002');
    await settle();
    core.srf().inviteTo(ANN_PHONE).reject(410, 'Gone');
    await settle();
    const ann = core.engine.state.agent('1001')!;
    expect(ann).toMatchObject({
      status: 'available',
      declinedOffers: 0,
      missedOffers: 0,
      deviceUnreachable: { reason: `the phone at ${ANN_PHONE} could not be reached (SIP 410 Gone)`, failures: 1 },
    });
    expect(core.call()).toMatchObject({ state: 'ringing', offers: [{ agent: '1002' }] });
    expect(core.call()!.declinedBy ?? []).toEqual([]);
  });

  it('a phone that sends nothing within 2 s is given up (CANCEL) as unreachable, long before the ring timeout', async () => {
    const { core } = await salesWithAnnAndBen();
    core.srf().callIn('7002');
    await settle();
    const silent = core.srf().inviteTo(ANN_PHONE);
    core.clock.advance(1_999);
    await settle();
    expect(silent.cancelled).toBe(false);
    core.clock.advance(1);
    await settle();
    expect(silent.cancelled).toBe(true);
    expect(core.engine.state.agent('1001')!.deviceUnreachable).toMatchObject({ reason: `the phone at ${ANN_PHONE} did not respond within 2 s` });
    expect(core.srf().inviteTo(BEN_PHONE)).toBeDefined();
  });

  it('a 180 already waiting to be read when the 2 s are up counts: a busy server does not take it for silence', async () => {
    const { core } = await salesWithAnnAndBen();
    core.srf().callIn('7002');
    await settle();
    const invite = core.srf().inviteTo(ANN_PHONE);
    core.clock.advance(2_000); // the timer is due...
    invite.ring(); // ...and in the same turn the phone's 180 is read
    await settle();
    expect(invite.cancelled).toBe(false);
    expect(core.engine.state.agent('1001')!.deviceUnreachable ?? null).toBeNull();
  });

  it('the 2 s count from when the drachtio server sent the INVITE, not from when we asked it to (it may be busy)', async () => {
    const { core } = await salesWithAnnAndBen();
    core.srf().holdRequests = true;
    core.srf().callIn('7002');
    await settle();
    const invite = core.srf().inviteTo(ANN_PHONE);
    core.clock.advance(5_000); // queued in the server all this time
    await settle();
    expect(core.engine.state.agent('1001')!.deviceUnreachable ?? null).toBeNull();
    invite.send();
    core.clock.advance(1_999);
    await settle();
    expect(invite.cancelled).toBe(false);
    core.clock.advance(1);
    await settle();
    expect(invite.cancelled).toBe(true);
    expect(core.engine.state.agent('1001')!.deviceUnreachable).toMatchObject({ failures: 1 });
  });

  it('a phone that rang and then failed (even 408 or 503) missed the offer, as before', async () => {
    for (const [status, reason] of [
      [408, 'Request Timeout'],
      [503, 'Service Unavailable'],
    ] as const) {
      const { core } = await salesWithAnnAndBen();
      core.srf().callIn('7002');
      await settle();
      const invite = core.srf().inviteTo(ANN_PHONE);
      invite.ring();
      core.clock.advance(5_000); // past the 2 s: ringing is an answer enough
      invite.reject(status, reason);
      await settle();
      expect(core.engine.state.agent('1001')).toMatchObject({ missedOffers: 1 });
      expect(core.engine.state.agent('1001')!.deviceUnreachable ?? null).toBeNull();
    }
  });

  it('offers to an unreachable phone wait, doubling after each failure; the phone that answers again is reachable', async () => {
    const core = await makeSipCore();
    registerAnn(core);
    core.login('1001'); // alone in Support (7001)
    core.srf().callIn('7001');
    await settle();
    for (const [attempt, wait] of [
      [1, 10_000],
      [2, 20_000],
      [3, 40_000],
    ] as const) {
      expect(annInvites(core)).toHaveLength(attempt);
      core.srf().inviteTo(ANN_PHONE).reject(503, 'Service Unavailable');
      await settle();
      expect(core.engine.state.agent('1001')!.deviceUnreachable).toMatchObject({ failures: attempt });
      expect(core.call()).toMatchObject({ state: 'waiting' });
      core.clock.advance(wait - 1);
      await settle();
      expect(annInvites(core)).toHaveLength(attempt); // still waiting
      core.clock.advance(1);
      await settle();
    }
    // Three failures did not pause her ("No answer" is for phones that ring).
    expect(core.engine.state.agent('1001')).toMatchObject({ status: 'available', missedOffers: 0 });
    const fourth = core.srf().inviteTo(ANN_PHONE);
    expect(annInvites(core)).toHaveLength(4);
    fourth.answer(sdp('192.0.2.21', 30000));
    await settle();
    expect(core.call()).toMatchObject({ state: 'on-call', agent: '1001' });
    expect(core.engine.state.agent('1001')!.deviceUnreachable ?? null).toBeNull();
  });

  it('a phone that rings after being unreachable is reachable again, whether or not it is answered', async () => {
    const { core } = await salesWithAnnAndBen();
    core.srf().callIn('7002');
    await settle();
    core.srf().inviteTo(ANN_PHONE).reject(503, 'Service Unavailable');
    await settle();
    core.srf().inviteTo(BEN_PHONE).answer(sdp('192.0.2.22', 31000));
    await settle();
    core.clock.advance(10_000);
    core.srf().callIn('7002');
    await settle();
    const again = core.srf().inviteTo(ANN_PHONE);
    again.ring();
    await settle();
    core.clock.advance(20_000); // Sales rings for 20 s: Ann misses it
    await settle();
    expect(again.cancelled).toBe(true);
    expect(core.engine.state.agent('1001')).toMatchObject({ missedOffers: 1, deviceUnreachable: null });
  });
});

describe('device.retry', () => {
  it('is refused when the phone is not marked unreachable', async () => {
    const { core, ann } = await salesWithAnnAndBen();
    const r = core.send('device.retry', {}, ann);
    expect(!r.ok && r.error).toMatchObject({ code: 'DEVICE_NOT_UNREACHABLE', message: 'Your phone is not marked unreachable, so there is nothing to try again.' });
  });

  it('ends the wait: a waiting call rings the phone at once', async () => {
    const core = await makeSipCore();
    registerAnn(core);
    const ann = core.login('1001');
    core.srf().callIn('7001');
    await settle();
    core.srf().inviteTo(ANN_PHONE).reject(503, 'Service Unavailable');
    await settle();
    expect(annInvites(core)).toHaveLength(1);
    const r = core.send('device.retry', {}, ann);
    expect(r.ok).toBe(true);
    await settle();
    expect(core.engine.state.agent('1001')!.deviceUnreachable).toBeNull();
    expect(annInvites(core)).toHaveLength(2);
    expect(core.call()).toMatchObject({ state: 'ringing', offers: [{ agent: '1001' }] });
  });

  it('is refused, saying why, while no phone is registered to try', async () => {
    const core = await makeSipCore();
    registerAnn(core, { expires: 60 });
    const ann = core.login('1001');
    core.clock.advance(60_000); // the registration lapses
    core.srf().callIn('7001');
    await settle();
    expect(core.engine.state.agent('1001')!.deviceUnreachable).toMatchObject({ failures: 1 });
    const r = core.send('device.retry', {}, ann);
    expect(!r.ok && r.error).toMatchObject({
      code: 'DEVICE_UNREACHABLE',
      message: 'Your deskphone still cannot be reached: no deskphone is registered for SIP user ann; register the phone with switchboard and log in again.',
    });
    expect(core.engine.state.agent('1001')!.deviceUnreachable).toMatchObject({ failures: 1 });
  });
});

describe('calls between agents', () => {
  it("a call to an agent whose phone cannot be reached ends saying so; the callee has missed nothing", async () => {
    const { core, ann } = await salesWithAnnAndBen();
    core.send('call.dial', { to: '1002' }, ann);
    await settle();
    // Ann's own phone first (third-party call control), then Ben's with its offer.
    core.srf().inviteTo(ANN_PHONE).answer(sdp('192.0.2.21', 30000));
    await settle();
    core.srf().inviteTo(BEN_PHONE).reject(503, 'Service Unavailable');
    await settle();
    const mine = core.lastSeen((c) => c.agent === '1001' && c.direction === 'internal')!;
    expect(mine).toMatchObject({ state: 'ended' });
    expect(core.lastSeen((c) => c.direction === 'internal' && c.agent === null)).toMatchObject({
      state: 'ended',
      endCause: 'unreachable',
      progress: `Ben's phone cannot be reached: the phone at ${BEN_PHONE} could not be reached (SIP 503 Service Unavailable)`,
    });
    expect(core.engine.state.agent('1002')).toMatchObject({ missedOffers: 0, activity: 'idle', deviceUnreachable: { failures: 1 } });
  });
});
