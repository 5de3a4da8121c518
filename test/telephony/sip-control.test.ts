import { describe, expect, it } from 'vitest';
import { directionOf } from '../../src/telephony/sip/sdp.js';
import { sdp, type FakeDialog } from './fake-srf.js';
import { annOnACall, ANN_PHONE, makeSipCore, registerAnn, settle } from './sip-support.js';

const reinvites = (d: FakeDialog) => d.sent.filter((s) => s.method === 'INVITE').map((s) => directionOf(s.body!));

describe('hold and resume over SIP', () => {
  it('re-INVITEs both sides sendonly to hold and sendrecv to resume when the phone takes no remote control', async () => {
    const { core, caller, phone, ann } = await annOnACall();
    expect(core.send('call.hold', {}, ann).ok).toBe(true);
    await settle();
    expect(reinvites(caller.dialog!)).toEqual(['sendonly']);
    expect(reinvites(phone)).toEqual(['sendonly']);
    expect(caller.dialog!.sent[0]!.body).toContain('c=IN IP4 192.0.2.21'); // the phone's address, held
    expect(core.call().state).toBe('on-hold');

    expect(core.send('call.resume', {}, ann).ok).toBe(true);
    await settle();
    expect(reinvites(caller.dialog!)).toEqual(['sendonly', 'sendrecv']);
    expect(reinvites(phone)).toEqual(['sendonly', 'sendrecv']);
    expect(core.call().state).toBe('on-call');
  });

  it('asks a phone that allows it with NOTIFY Event: hold / talk, and passes its own re-INVITE on to the caller', async () => {
    const { core, caller, phone, ann } = await annOnACall('talk, hold, conference');
    core.send('call.hold', {}, ann);
    await settle();
    expect(phone.sent.map((s) => [s.method, s.headers.Event])).toEqual([['NOTIFY', 'hold']]);
    expect(reinvites(caller.dialog!)).toEqual([]); // the phone does it
    // The phone holds itself: re-INVITE sendonly, which goes to the caller; its answer comes back.
    const answer = phone.reinvite(sdp('192.0.2.21', 30000, 'sendonly'));
    await settle();
    expect(reinvites(caller.dialog!)).toEqual(['sendonly']);
    expect(answer.last).toMatchObject({ status: 200 });
    expect(directionOf(answer.last!.body!)).toBe('recvonly');
    expect(core.call().state).toBe('on-hold');

    core.send('call.resume', {}, ann);
    await settle();
    expect(phone.sent.map((s) => s.headers.Event)).toEqual(['hold', 'talk']);
    phone.reinvite(sdp('192.0.2.21', 30000, 'sendrecv'));
    await settle();
    expect(reinvites(caller.dialog!)).toEqual(['sendonly', 'sendrecv']);
    expect(core.call().state).toBe('on-call');
  });

  it('falls back to re-INVITEs when the phone refuses the NOTIFY, and does not ask it again', async () => {
    const { core, caller, phone, ann } = await annOnACall('talk, hold');
    phone.answers.NOTIFY = { status: 489, reason: 'Bad Event' };
    core.send('call.hold', {}, ann);
    await settle();
    expect(reinvites(caller.dialog!)).toEqual(['sendonly']);
    expect(reinvites(phone)).toEqual(['sendonly']);
    core.send('call.resume', {}, ann);
    await settle();
    expect(phone.methods).toEqual(['NOTIFY', 'INVITE', 'INVITE']);
    expect(reinvites(phone)).toEqual(['sendonly', 'sendrecv']);
  });

  it("the phone's answer decides whether it takes NOTIFY: one registered with Allow-Events but answering without is re-INVITEd", async () => {
    const core = await makeSipCore();
    registerAnn(core, { allowEvents: 'talk, hold' });
    const ann = core.login('1001');
    const caller = core.srf().callIn('7001');
    await settle();
    core.srf().inviteTo(ANN_PHONE).answer(sdp('192.0.2.21', 30000), { 'Allow-Events': 'presence' });
    await settle();
    core.send('call.hold', {}, ann);
    await settle();
    expect(core.srf().inviteTo(ANN_PHONE).dialog!.methods).toEqual(['INVITE']);
    expect(reinvites(caller.dialog!)).toEqual(['sendonly']);
  });

  it('a phone whose answer says nothing about events is taken at its REGISTER\'s word', async () => {
    const core = await makeSipCore();
    registerAnn(core, { allowEvents: 'talk, hold' });
    const ann = core.login('1001');
    core.srf().callIn('7001');
    await settle();
    core.srf().inviteTo(ANN_PHONE).answer(sdp('192.0.2.21', 30000));
    await settle();
    core.send('call.hold', {}, ann);
    await settle();
    expect(core.srf().inviteTo(ANN_PHONE).dialog!.sent.map((s) => [s.method, s.headers.Event])).toEqual([['NOTIFY', 'hold']]);
  });

  it("the phone's own Hold key shows the call on hold in the panel, and its resume shows it back on the call", async () => {
    const { core, caller, phone } = await annOnACall();
    phone.reinvite(sdp('192.0.2.21', 30000, 'sendonly'));
    await settle();
    expect(reinvites(caller.dialog!)).toEqual(['sendonly']);
    expect(core.call().state).toBe('on-hold');
    phone.reinvite(sdp('192.0.2.21', 30000, 'sendrecv'));
    await settle();
    expect(core.call().state).toBe('on-call');
  });

  it('hold pressed before an auto-answer deskphone answered is applied once the caller is connected', async () => {
    const core = await makeSipCore();
    registerAnn(core);
    const ann = core.login('1001');
    const caller = core.srf().callIn('7001');
    await settle();
    expect(core.send('call.answer', {}, ann).ok).toBe(true); // from the panel: the phone's 200 OK is not in yet
    expect(core.send('call.hold', {}, ann).ok).toBe(true);
    await settle();
    expect(caller.dialog).toBeNull();
    core.srf().inviteTo(ANN_PHONE).answer(sdp('192.0.2.21', 30000));
    await settle();
    expect(reinvites(caller.dialog!)).toEqual(['sendonly']);
    expect(core.call().state).toBe('on-hold');
  });

  it("a caller's side that refuses hold leaves the call running and says why, and the phone is not put on hold", async () => {
    const { core, caller, phone, ann } = await annOnACall();
    caller.dialog!.answerReinvite = () => ({ status: 488, reason: 'Not Acceptable Here' });
    core.send('call.hold', {}, ann);
    await settle();
    expect(core.call()).toMatchObject({ state: 'on-call', progress: 'Hold failed: SIP 488 Not Acceptable Here' });
    // The phone still sends its audio to the caller: it was never re-INVITEd sendonly.
    expect(reinvites(phone)).toEqual([]);
  });

  it("a phone resuming by NOTIFY whose re-INVITE the caller's side refuses is answered 200 anyway, and the agent is told", async () => {
    const { core, caller, phone, ann } = await annOnACall('talk, hold');
    core.send('call.hold', {}, ann);
    await settle();
    phone.reinvite(sdp('192.0.2.21', 30000, 'sendonly'));
    await settle();
    caller.dialog!.answerReinvite = () => ({ status: 488, reason: 'Not Acceptable Here' });
    core.send('call.resume', {}, ann);
    await settle();
    const resumed = phone.reinvite(sdp('192.0.2.21', 30000, 'sendrecv'));
    await settle();
    // Not the caller's 488: the phone would stay held while the panel says the call goes on.
    expect(resumed.last).toMatchObject({ status: 200 });
    expect(directionOf(resumed.last!.body!)).toBe('sendrecv');
    expect(core.call()).toMatchObject({ state: 'on-call', progress: 'Resume failed: SIP 488 Not Acceptable Here; caller may still be held' });
  });

  it("a caller's side that refuses the resume: the agent's phone is taken off hold anyway and the agent is told why", async () => {
    const { core, caller, phone, ann } = await annOnACall();
    core.send('call.hold', {}, ann);
    await settle();
    expect(reinvites(phone)).toEqual(['sendonly']);
    caller.dialog!.answerReinvite = () => ({ status: 488, reason: 'Not Acceptable Here' });
    core.send('call.resume', {}, ann);
    await settle();
    expect(core.call()).toMatchObject({ state: 'on-call', progress: 'Resume failed: SIP 488 Not Acceptable Here; caller may still be held' });
    // The panel says the call goes on: the phone is no longer left held.
    expect(reinvites(phone)).toEqual(['sendonly', 'sendrecv']);
    expect(core.sip.liveLegs()).toBe(2);
  });
});

describe('UPDATE in a call', () => {
  it("a caller's UPDATE moving its media reaches the phone (re-INVITE), and the caller is answered with the phone's answer", async () => {
    const { caller, phone } = await annOnACall();
    const answer = caller.dialog!.update(sdp('198.51.100.99', 41000, 'sendrecv', 'carrier'));
    await settle();
    expect(phone.sent.filter((s) => s.method === 'INVITE').map((s) => s.body)).toEqual([expect.stringContaining('c=IN IP4 198.51.100.99')]);
    expect(answer.last).toMatchObject({ status: 200 });
    expect(answer.last!.body).toContain('c=IN IP4 192.0.2.21');
  });

  it('an UPDATE without an offer (a session refresh) is answered 200 and passed to nobody', async () => {
    const { caller, phone } = await annOnACall();
    const answer = caller.dialog!.update('');
    await settle();
    expect(answer.last).toMatchObject({ status: 200 });
    expect(phone.sent).toEqual([]);
  });
});

describe('blind transfer by REFER', () => {
  it('REFERs the caller to the number, hangs up the phone, reports sipfrag progress and ends our side on 200', async () => {
    const { core, caller, phone, ann } = await annOnACall();
    const leg = core.call().customerLeg;
    expect(core.send('call.transfer', { number: '+441632960001' }, ann).ok).toBe(true);
    await settle();
    const refer = caller.dialog!.sent.find((s) => s.method === 'REFER')!;
    // Back to the carrier the caller came from.
    expect(refer.headers['Refer-To']).toBe('<sip:+441632960001@192.0.2.10:5060>');
    // Referred-By is us, at the Contact the caller's dialog has for us, not the carrier.
    expect(refer.headers['Referred-By']).toBe('<sip:switchboard@203.0.113.5:5060>');
    expect(phone.methods).toEqual(['BYE']);
    expect(core.calls()[0]).toMatchObject({ state: 'ended', endCause: 'transferred', transfer: { to: '+441632960001', kind: 'number' } });

    caller.dialog!.notify({ Event: 'refer', 'Content-Type': 'message/sipfrag' }, 'SIP/2.0 100 Trying\r\n');
    caller.dialog!.notify({ Event: 'refer', 'Content-Type': 'message/sipfrag' }, 'SIP/2.0 180 Ringing\r\n');
    expect(caller.dialog!.methods).toEqual(['REFER']);
    caller.dialog!.notify({ Event: 'refer', 'Content-Type': 'message/sipfrag' }, 'SIP/2.0 200 OK\r\n');
    await settle();
    expect(caller.dialog!.methods).toEqual(['REFER', 'BYE']);
    const progress = core.reported.filter((r) => r[0] === 'legProgress' && r[1] === leg).map((r) => r[2]);
    expect(progress).toEqual(['Transfer: +441632960001 (202 Accepted)', 'Transfer: 100 Trying', 'Transfer: 180 Ringing', 'Transfer: 200 OK']);
    expect(core.sip.liveLegs()).toBe(0);
  });

  it('a transfer the carrier refuses, or that fails, says so and hangs up our side', async () => {
    const { core, caller, ann } = await annOnACall();
    caller.dialog!.answers.REFER = { status: 405, reason: 'Method Not Allowed' };
    const leg = core.call().customerLeg;
    core.send('call.transfer', { number: '+441632960001' }, ann);
    await settle();
    expect(core.reported).toContainEqual(['legProgress', leg, 'Transfer failed: SIP 405 Method Not Allowed']);
    expect(caller.dialog!.methods).toEqual(['REFER', 'BYE']);
  });

  it('a busy transfer target comes back in the final NOTIFY', async () => {
    const { core, caller, ann } = await annOnACall();
    const leg = core.call().customerLeg;
    core.send('call.transfer', { number: '+441632960001' }, ann);
    await settle();
    caller.dialog!.notify({ Event: 'refer' }, 'SIP/2.0 486 Busy Here\r\n');
    await settle();
    expect(core.reported).toContainEqual(['legProgress', leg, 'Transfer failed: 486 Busy Here']);
    expect(caller.dialog!.methods).toEqual(['REFER', 'BYE']);
  });

  // The core keeps the caller's leg of a call sent out to a number, so the
  // progress the adapter reports reaches the agent's panel.
  it('the agent sees the transfer progress on the transferred call', async () => {
    const { core, caller, ann } = await annOnACall();
    const id = core.call().id;
    core.send('call.transfer', { number: '+441632960001' }, ann);
    await settle();
    caller.dialog!.notify({ Event: 'refer' }, 'SIP/2.0 180 Ringing\r\n');
    expect(core.lastSeen((c) => c.id === id)?.progress).toBe('Transfer: 180 Ringing');
  });
});
