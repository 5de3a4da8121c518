import { describe, expect, it } from 'vitest';
import { directionOf } from '../../src/telephony/sip/sdp.js';
import { FakeCall, sdp } from './fake-srf.js';
import { annOnACall, ANN_PHONE, makeSipCore, registerAnn, settle } from './sip-support.js';

const ANN_ANSWER = sdp('192.0.2.21', 30000);

describe('inbound calls over SIP', () => {
  it('a caller waits in the queue hearing ringing, rings Ann\'s deskphone with auto-answer, and is answered with the phone\'s SDP', async () => {
    const core = await makeSipCore();
    const caller = core.srf().callIn('7001', '+442071234567', 'Pat Caller');
    await settle();
    expect(caller.res.statuses).toEqual([180]);
    expect(core.call()).toMatchObject({ state: 'waiting', queue: '7001', caller: { number: '+442071234567', name: 'Pat Caller' } });

    registerAnn(core);
    core.login('1001');
    await settle();
    const phone = core.srf().inviteTo(ANN_PHONE);
    expect(phone.offer).toContain('c=IN IP4 198.51.100.7'); // the caller's own offer: we carry no media
    // RFC 3261 form: a URI naming us (the drachtio server's UDP address), the parameter after it.
    expect(phone.header('Call-Info')).toBe('<sip:127.0.0.1:5060>;answer-after=0');
    expect(phone.header('Alert-Info')).toBe('<http://127.0.0.1>;info=alert-autoanswer');
    expect(phone.opts).toMatchObject({ callingNumber: '+442071234567' });
    expect(phone.header('From')).toBe('"Pat Caller" <sip:+442071234567@localhost>');
    expect(core.call()).toMatchObject({ state: 'ringing' });
    expect(caller.res.statuses).toEqual([180]); // still ringing for the caller

    phone.answer(ANN_ANSWER, { 'Allow-Events': 'talk, hold' });
    await settle();
    expect(caller.res.statuses).toEqual([180, 200]);
    expect(caller.res.last!.body).toContain('c=IN IP4 192.0.2.21');
    expect(core.call()).toMatchObject({ state: 'on-call', agent: '1001' });
    expect(core.engine.state.agent('1001')!.activity).toBe('on-call');
  });

  it('a caller left waiting hears 180 again every minute (RFC 3261 13.3.1.1), so a carrier\'s Timer C does not cut them off; once answered, no more', async () => {
    const core = await makeSipCore();
    const caller = core.srf().callIn('7001', '+442071234567', 'Pat Caller');
    await settle();
    for (let minute = 0; minute < 4; minute++) {
      core.clock.advance(60_000);
      await settle();
    }
    expect(caller.res.statuses).toEqual([180, 180, 180, 180, 180]);
    expect(core.call()).toMatchObject({ state: 'waiting' });

    registerAnn(core);
    core.login('1001');
    await settle();
    core.srf().inviteTo(ANN_PHONE).answer(ANN_ANSWER);
    await settle();
    core.clock.advance(180_000);
    await settle();
    expect(caller.res.statuses).toEqual([180, 180, 180, 180, 180, 200]);
  });

  it('a phone without auto-answer gets no auto-answer headers; "answer" in the panel is refused with a sentence, and lifting the handset connects the caller', async () => {
    const core = await makeSipCore();
    const ben = core.login('1002');
    const caller = core.srf().callIn('7002');
    await settle();
    const phone = core.srf().inviteTo('sip:ben@192.0.2.22');
    expect(phone.header('Call-Info')).toBeUndefined();
    expect(phone.header('Alert-Info')).toBeUndefined();
    phone.ring();

    const refused = core.send('call.answer', {}, ben);
    expect(refused).toMatchObject({ ok: false, error: { code: 'ANSWER_ON_PHONE', message: expect.stringMatching(/Lift the handset/) } });
    expect(core.call()).toMatchObject({ state: 'ringing', agent: null });
    await settle();
    expect(phone.cancelled).toBe(false);
    expect(caller.res.statuses).toEqual([180]);
    phone.answer(sdp('192.0.2.22', 31000));
    await settle();
    expect(core.call()).toMatchObject({ state: 'on-call', agent: '1002' });
    expect(caller.res.statuses).toEqual([180, 200]);
    expect(caller.res.last!.body).toContain('c=IN IP4 192.0.2.22');
  });

  it('a deskphone not picked up after a refused "answer" in the panel is a missed offer: the caller keeps waiting in the queue', async () => {
    const core = await makeSipCore();
    const ben = core.login('1002');
    const caller = core.srf().callIn('7002');
    await settle();
    const phone = core.srf().inviteTo('sip:ben@192.0.2.22');
    phone.ring();
    expect(core.send('call.answer', {}, ben).ok).toBe(false);
    await settle();
    core.clock.advance(30_000);
    await settle();
    expect(phone.cancelled).toBe(true);
    // Taken as answered before, the call ended here and the caller was sent 480.
    expect(caller.res.statuses).toEqual([180]);
    // Missed, it is the queue's again (and rings the next free phone: Ben's, the only one here).
    expect(core.call()).toMatchObject({ state: 'ringing', agent: null, lastMissedBy: '1002' });
  });

  it("the caller's CANCEL while waiting is an abandoned call; a ringing phone is CANCELled", async () => {
    const core = await makeSipCore();
    const ben = core.login('1002');
    const caller = core.srf().callIn('7002');
    await settle();
    const phone = core.srf().inviteTo('sip:ben@192.0.2.22');
    caller.cancel();
    await settle();
    expect(phone.cancelled).toBe(true);
    expect(core.calls().filter((c) => c.state !== 'ended')).toHaveLength(0);
    expect(core.engine.state.stats('7002')!.abandoned).toBe(1);
    expect(core.engine.state.agent(ben.principal!.agent)!.activity).toBe('idle');
    expect(core.sip.liveLegs()).toBe(0);
  });

  it('an INVITE to a number that is no queue is answered 404, without ringing first', async () => {
    // As the server commits: the core's answer comes at the end of the turn, after its group is stored.
    const core = await makeSipCore({ groupCommit: true });
    const caller = core.srf().callIn('9999');
    await settle();
    await settle();
    expect(caller.res.statuses).toEqual([404]);
    expect(core.calls()).toHaveLength(0);
    expect(core.sip.liveLegs()).toBe(0);
  });

  it('a re-INVITE for a dialog we do not know (from before a reconnect) is answered 481, not taken for a new call', async () => {
    const core = await makeSipCore();
    const stray = new FakeCall(sdp('198.51.100.7', 40000), { to: '7001', from: '+442071234567', toTag: 'abc' });
    core.srf().calls.push(stray);
    core.srf().deliver(stray);
    expect(stray.res.statuses).toEqual([481]);
    expect(core.calls()).toHaveLength(0);
  });

  it('an INVITE without an offer is refused 488, saying why', async () => {
    const core = await makeSipCore();
    const caller = core.srf().callInWithoutOffer('7001');
    expect(caller.res.last).toMatchObject({ status: 488 });
    expect(caller.res.last!.headers.Warning).toMatch(/SDP offer is required/);
    expect(core.calls()).toHaveLength(0);
  });

  it('an INVITE that requires an extension we do not do (Replaces) is refused 420 naming it, and rings nobody', async () => {
    const core = await makeSipCore();
    core.login('1002');
    const caller = core.srf().callInWithHeaders('7002', { Require: 'replaces, 100rel', Replaces: 'abc@carrier.example;to-tag=1;from-tag=2' });
    await settle();
    expect(caller.res.statuses).toEqual([420]);
    expect(caller.res.last!.headers.Unsupported).toBe('replaces');
    expect(core.calls()).toHaveLength(0);
    expect(core.srf().invites).toHaveLength(0);
  });

  it('an INVITE that requires 100rel is taken: the drachtio server sends our ringing reliably', async () => {
    const core = await makeSipCore();
    const caller = core.srf().callInWithHeaders('7002', { Require: '100rel' });
    await settle();
    expect(caller.res.statuses).toEqual([180]);
    expect(core.call()).toMatchObject({ state: 'waiting', queue: '7002' });
  });

  for (const [status, reason] of [
    [486, 'Busy Here'],
    [603, 'Decline'],
  ] as const) {
    it(`a deskphone that answers ${status} ${reason} declined the offer: not a missed offer, and the call is not offered to it again at once`, async () => {
      const core = await makeSipCore();
      core.login('1002');
      const caller = core.srf().callIn('7002');
      await settle();
      const first = core.srf().inviteTo('sip:ben@192.0.2.22');
      first.reject(status, reason);
      await settle();
      expect(core.engine.state.agent('1002')).toMatchObject({ missedOffers: 0, declinedOffers: 1 });
      // Ben is the only agent free: the caller waits, still ringing, until his hold-back (10 s) is over.
      expect(core.call()).toMatchObject({ state: 'waiting', offers: [] });
      core.clock.advance(10_000);
      await settle();
      expect(core.srf().inviteTo('sip:ben@192.0.2.22')).not.toBe(first);
      expect(core.call()).toMatchObject({ state: 'ringing' });
      expect(caller.res.statuses).toEqual([180]);
    });
  }

  it('a deskphone that answers 480 Temporarily Unavailable missed the offer; the caller keeps ringing and is offered again', async () => {
    const core = await makeSipCore();
    core.login('1002');
    const caller = core.srf().callIn('7002');
    await settle();
    const first = core.srf().inviteTo('sip:ben@192.0.2.22');
    first.reject(480, 'Temporarily Unavailable');
    await settle();
    expect(core.engine.state.agent('1002')).toMatchObject({ missedOffers: 1 });
    // Ben is the only agent free, so the queue rings him again with a new INVITE.
    expect(core.srf().inviteTo('sip:ben@192.0.2.22')).not.toBe(first);
    expect(core.call()).toMatchObject({ state: 'ringing' });
    expect(caller.res.statuses).toEqual([180]);
  });

  it('a deskphone that answers with no SDP is released with a clear reason; the caller is not answered', async () => {
    const core = await makeSipCore();
    core.login('1002');
    const caller = core.srf().callIn('7002');
    await settle();
    const phone = core.srf().inviteTo('sip:ben@192.0.2.22');
    phone.answer('');
    await settle();
    expect(phone.dialog!.destroyed).toBe(true); // BYE to the phone
    expect(caller.res.statuses).toEqual([180]);
    expect(core.engine.state.agent('1002')).toMatchObject({ missedOffers: 1 });
    expect(core.log.join('\n')).toMatch(/answered without SDP/);
  });

  it('a deskphone that answers with a description that has no media line is released the same way; the caller is not answered', async () => {
    const core = await makeSipCore();
    core.login('1002');
    const caller = core.srf().callIn('7002');
    await settle();
    const phone = core.srf().inviteTo('sip:ben@192.0.2.22');
    phone.answer('v=0\r\no=phone 1 1 IN IP4 192.0.2.22\r\ns=-\r\nt=0 0\r\n');
    await settle();
    expect(phone.dialog!.destroyed).toBe(true);
    expect(caller.res.statuses).toEqual([180]);
    expect(core.call()).toMatchObject({ state: 'ringing' });
    expect(core.engine.state.agent('1002')).toMatchObject({ status: 'available', missedOffers: 1 });
    expect(core.log.join('\n')).toMatch(/answered without SDP or with one that has no media/);
  });

  it('an INVITE whose description has no media line is refused 488 like one without', async () => {
    const core = await makeSipCore();
    const caller = core.srf().callIn('7001', '+442071234567', 'Pat Caller', 'v=0\r\nthis is not sdp\r\n');
    expect(caller.res.statuses).toEqual([488]);
    expect(core.calls()).toHaveLength(0);
  });

  it('hanging up in the panel sends BYE on both legs; the call waits for its disposition', async () => {
    const { core, caller, phone, ann } = await annOnACall();
    expect(core.send('call.hangup', {}, ann).ok).toBe(true);
    await settle();
    expect(caller.dialog!.methods).toEqual(['BYE']);
    expect(phone.methods).toEqual(['BYE']);
    expect(core.calls()[0]).toMatchObject({ state: 'ended', endCause: 'normal', needsDisposition: true });
    expect(core.engine.state.agent('1001')!.activity).toBe('wrap-up');
    expect(core.sip.liveLegs()).toBe(0);
  });

  it("the caller's BYE ends the call and hangs up the agent's phone", async () => {
    const { core, caller, phone } = await annOnACall();
    caller.dialog!.hangUp();
    await settle();
    expect(phone.methods).toEqual(['BYE']);
    expect(caller.dialog!.methods).toEqual([]); // nothing sent to a caller who left
    expect(core.calls()[0]).toMatchObject({ state: 'ended', endCause: 'normal' });
  });

  it("a caller who hangs up (BYE) on our 200 OK before ACKing it: the call ends, the phone is hung up and Ann is free", async () => {
    const core = await makeSipCore();
    registerAnn(core);
    core.login('1001');
    const caller = core.srf().callIn('7001');
    caller.byeOnAnswer = true;
    await settle();
    const invite = core.srf().inviteTo(ANN_PHONE);
    invite.answer(sdp('192.0.2.21', 30000));
    await settle();
    await settle();
    expect(core.calls().map((c) => c.state)).toEqual(['ended']);
    expect(invite.dialog!.methods).toEqual(['BYE']);
    expect(core.sip.liveLegs()).toBe(0);
    expect(core.engine.state.agent('1001')!.activity).not.toBe('on-call');
  });

  it("a caller who never ACKs our 200 OK (the drachtio server gives up and ends the dialog): the call ends saying why, not as a hang-up", async () => {
    const { core, caller, phone } = await annOnACall();
    caller.dialog!.endedByServer('ACK timeout');
    await settle();
    expect(phone.methods).toEqual(['BYE']);
    expect(caller.dialog!.methods).toEqual([]); // the drachtio server sent the caller its BYE
    expect(core.calls()[0]).toMatchObject({
      state: 'ended',
      endCause: 'failed',
      progress: 'the far end never confirmed our answer (no ACK within 32 s), so the SIP server ended the call',
    });
    expect(core.engine.state.agent('1001')!.activity).not.toBe('on-call');
    expect(core.log.some((l) => /ended, failed: the far end never confirmed our answer/.test(l))).toBe(true);
  });

  it("the agent's phone hanging up ends the call and sends BYE to the caller", async () => {
    const { core, caller, phone } = await annOnACall();
    phone.hangUp();
    await settle();
    expect(caller.dialog!.methods).toEqual(['BYE']);
    expect(core.calls()[0]).toMatchObject({ state: 'ended' });
  });

  it('a caller transferred to another queue stays connected to us and is re-INVITEd to the next phone', async () => {
    const core = await makeSipCore();
    registerAnn(core);
    const ann = core.login('1001');
    core.login('1002');
    const caller = core.srf().callIn('7001');
    await settle();
    core.srf().inviteTo(ANN_PHONE).answer(ANN_ANSWER);
    await settle();
    expect(core.send('call.transfer', { queue: '7002' }, ann).ok).toBe(true);
    await settle();
    expect(core.srf().inviteTo(ANN_PHONE).dialog!.methods).toEqual(['BYE']);
    const ben = core.srf().inviteTo('sip:ben@192.0.2.22');
    expect(ben.offer).toContain('c=IN IP4 198.51.100.7'); // the caller's description
    expect(directionOf(ben.offer!)).toBe('sendrecv');
    ben.answer(sdp('192.0.2.22', 31000)); // lifting the handset answers the offer
    await settle();
    expect(core.call()).toMatchObject({ state: 'on-call', agent: '1002' });
    const reinvite = caller.dialog!.sent.find((s) => s.method === 'INVITE');
    expect(reinvite?.body).toContain('c=IN IP4 192.0.2.22');
    // Same session towards the caller, one version up (RFC 3264).
    expect(reinvite?.body).toMatch(/^o=phone 100 2 /m);
  });
});
