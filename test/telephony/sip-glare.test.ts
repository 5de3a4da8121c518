import { describe, expect, it } from 'vitest';
import { directionOf } from '../../src/telephony/sip/sdp.js';
import { sdp, type FakeDialog } from './fake-srf.js';
import { annOnACall, settle } from './sip-support.js';

/** RFC 3261 14.1: a re-INVITE answered 491 (the other side re-INVITEd at the same moment) is tried again after a random time. */

const reinvites = (d: FakeDialog) => d.sent.filter((s) => s.method === 'INVITE').map((s) => directionOf(s.body!));
const PENDING = { status: 491, reason: 'Request Pending' };

/** The far end answers 491 the first `times` re-INVITEs, then agrees as before. */
function glares(dialog: FakeDialog, times: number): void {
  const agree = dialog.answerReinvite;
  let left = times;
  dialog.answerReinvite = (offer) => (left-- > 0 ? PENDING : agree(offer));
}

describe('re-INVITE glare (491 Request Pending)', () => {
  it("a resume that met the caller's own re-INVITE is sent again within 2 s, and the agent is told nothing", async () => {
    const { core, caller, phone, ann } = await annOnACall();
    core.send('call.hold', {}, ann);
    await settle();
    glares(caller.dialog!, 1);
    core.send('call.resume', {}, ann);
    await settle();
    expect(reinvites(caller.dialog!)).toEqual(['sendonly', 'sendrecv']);
    expect(reinvites(phone)).toEqual(['sendonly']); // the phone waits for the caller's side
    core.clock.advance(2000); // the carrier made the dialog: 0 to 2 s
    await settle();
    expect(reinvites(caller.dialog!)).toEqual(['sendonly', 'sendrecv', 'sendrecv']);
    expect(reinvites(phone)).toEqual(['sendonly', 'sendrecv']);
    expect(core.call().state).toBe('on-call');
    expect(core.call().progress ?? '').not.toMatch(/failed/);
  });

  it('a hold that met a re-INVITE is tried again, and the call is held', async () => {
    const { core, caller, phone, ann } = await annOnACall();
    glares(caller.dialog!, 1);
    core.send('call.hold', {}, ann);
    await settle();
    expect(core.call().progress ?? '').not.toMatch(/Hold failed/);
    core.clock.advance(2000);
    await settle();
    expect(reinvites(caller.dialog!)).toEqual(['sendonly', 'sendonly']);
    expect(reinvites(phone)).toEqual(['sendonly']);
    expect(core.call().state).toBe('on-hold');
  });

  it('the phone, whose dialog we made, is tried again after 2.1 to 4 s, not sooner', async () => {
    const { core, caller, phone, ann } = await annOnACall();
    glares(phone, 1);
    core.send('call.hold', {}, ann);
    await settle();
    expect(reinvites(phone)).toEqual(['sendonly']);
    core.clock.advance(2099);
    await settle();
    expect(reinvites(phone)).toEqual(['sendonly']);
    core.clock.advance(4000 - 2099);
    await settle();
    expect(reinvites(phone)).toEqual(['sendonly', 'sendonly']);
    expect(reinvites(caller.dialog!)).toEqual(['sendonly']);
    expect(core.log.some((l) => /phone|leg/.test(l) && /hold re-INVITE failed/.test(l))).toBe(false);
  });

  it('still 491 after two more tries: the agent is told the resume failed, and the phone is taken off hold', async () => {
    const { core, caller, phone, ann } = await annOnACall();
    core.send('call.hold', {}, ann);
    await settle();
    glares(caller.dialog!, 10);
    core.send('call.resume', {}, ann);
    for (let i = 0; i < 3; i++) {
      await settle();
      core.clock.advance(2000);
    }
    await settle();
    expect(reinvites(caller.dialog!)).toEqual(['sendonly', 'sendrecv', 'sendrecv', 'sendrecv']);
    expect(core.call()).toMatchObject({ state: 'on-call', progress: 'Resume failed: SIP 491 Request Pending; caller may still be held' });
    expect(reinvites(phone)).toEqual(['sendonly', 'sendrecv']);
  });

  it('a hold still waiting to be tried again is dropped when the agent resumes first', async () => {
    const { core, caller, phone, ann } = await annOnACall();
    glares(caller.dialog!, 1);
    core.send('call.hold', {}, ann);
    await settle();
    core.send('call.resume', {}, ann);
    await settle();
    core.clock.advance(4000);
    await settle();
    // The held re-INVITE is not sent over the resume: the caller's side ends sendrecv.
    expect(reinvites(caller.dialog!)).toEqual(['sendonly', 'sendrecv']);
    expect(reinvites(phone)).toEqual(['sendrecv']);
    expect(core.call().state).toBe('on-call');
  });
});

describe("the phone's own re-INVITE meeting the caller's", () => {
  it('a phone resuming by NOTIFY is passed the 491 to try again itself, and the agent is not told the resume failed', async () => {
    const { core, caller, phone, ann } = await annOnACall('talk, hold');
    core.send('call.hold', {}, ann);
    await settle();
    phone.reinvite(sdp('192.0.2.21', 30000, 'sendonly'));
    await settle();
    glares(caller.dialog!, 1);
    core.send('call.resume', {}, ann);
    await settle();
    const first = phone.reinvite(sdp('192.0.2.21', 30000, 'sendrecv'));
    await settle();
    expect(first.last).toMatchObject({ status: 491 });
    expect(core.call().progress ?? '').not.toMatch(/Resume failed/);
    const again = phone.reinvite(sdp('192.0.2.21', 30000, 'sendrecv'));
    await settle();
    expect(again.last).toMatchObject({ status: 200 });
    expect(reinvites(caller.dialog!)).toEqual(['sendonly', 'sendrecv', 'sendrecv']);
    expect(core.call().state).toBe('on-call');
  });
});
