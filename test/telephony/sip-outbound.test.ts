import { describe, expect, it } from 'vitest';
import { importLeads } from '../../src/core/dialer/import.js';
import { rollingRate } from '../../src/core/dialer/stats.js';
import { directionOf } from '../../src/telephony/sip/sdp.js';
import { sdp } from './fake-srf.js';
import { ANN_PHONE, CY_PHONE, makeSipCore, registerAnn, registerCy, settle, TRUNK, type SipCore } from './sip-support.js';

const PHONE_OFFER = sdp('192.0.2.21', 30000);
const LEAD_SDP = sdp('203.0.113.9', 50000, 'sendrecv', 'lead');
const NUMBER = '+442079460000';

async function annDialling(): Promise<{ core: SipCore; ann: ReturnType<SipCore['login']> }> {
  const core = await makeSipCore();
  registerAnn(core);
  const ann = core.login('1001');
  expect(core.send('call.dial', { to: NUMBER }, ann).ok).toBe(true);
  await settle();
  return { core, ann };
}

function leads(core: SipCore, campaign: string, phones: string[]) {
  core.engine.run((ctx) => importLeads(ctx, campaign, phones.map((phone, i) => ({ line: i + 2, phone, name: `Lead ${i}` }))));
}

describe('click-to-dial: third-party call control, phone first', () => {
  it("rings the agent's phone with no offer and auto-answer, then calls the number with the phone's offer, then gives the phone the answer", async () => {
    const { core } = await annDialling();
    expect(core.srf().invites.map((i) => i.uri)).toEqual([ANN_PHONE]); // the number waits for the phone
    const phone = core.srf().inviteTo(ANN_PHONE);
    expect(phone.offer).toBeUndefined();
    expect(phone.header('Call-Info')).toBe('<sip:127.0.0.1:5060>;answer-after=0');
    expect(phone.header('Alert-Info')).toBe('<http://127.0.0.1>;info=alert-autoanswer');
    expect(core.call()).toMatchObject({ state: 'ringing', progress: 'Calling your deskphone' });

    phone.answer(PHONE_OFFER);
    await settle();
    // Our ACK parks the phone (inactive) so it need not wait for the far end to answer.
    expect(directionOf(phone.acked!)).toBe('inactive');
    const far = core.srf().inviteTo(`sip:${NUMBER}@${TRUNK}`);
    expect(far.offer).toContain('c=IN IP4 192.0.2.21');
    far.ring(180, 'Ringing');
    await settle();
    expect(core.call()).toMatchObject({ state: 'ringing', progress: 'Ringing' });

    far.answer(LEAD_SDP);
    await settle();
    const reinvite = phone.dialog!.sent.find((s) => s.method === 'INVITE')!;
    expect(reinvite.body).toContain('c=IN IP4 203.0.113.9');
    expect(directionOf(reinvite.body!)).toBe('sendrecv');
    expect(reinvite.body).toMatch(/^o=switchboard \d+ 2 /m); // the same session we answered in the ACK, one version up
    expect(core.call()).toMatchObject({ state: 'on-call', agent: '1001', direction: 'outbound' });
  });

  for (const [status, reason, cause] of [
    [486, 'Busy Here', 'busy'],
    [408, 'Request Timeout', 'no-answer'],
    [603, 'Decline', 'rejected'],
  ] as const) {
    it(`a number that answers ${status} ends the call saying "SIP ${status} ${reason}" and hangs up the agent's phone`, async () => {
      const { core } = await annDialling();
      const phone = core.srf().inviteTo(ANN_PHONE);
      phone.answer(PHONE_OFFER);
      await settle();
      const id = core.call().id;
      core.srf().inviteTo(NUMBER).reject(status, reason);
      await settle();
      expect(core.lastSeen((c) => c.id === id)).toMatchObject({ state: 'ended', endCause: cause, progress: `SIP ${status} ${reason}` });
      expect(phone.dialog!.methods).toEqual(['BYE']);
      expect(core.engine.state.agent('1001')!.activity).toBe('idle');
    });
  }

  it('a far end\'s 10,000-character reason phrase reaches the panel cut to what it can show', async () => {
    const { core } = await annDialling();
    core.srf().inviteTo(ANN_PHONE).answer(PHONE_OFFER);
    await settle();
    const id = core.call().id;
    core.srf().inviteTo(NUMBER).reject(486, 'x'.repeat(10_000));
    await settle();
    const progress = core.lastSeen((c) => c.id === id)!.progress!;
    expect(progress).toHaveLength(200);
    expect(progress).toMatch(/^SIP 486 x+…$/);
  });

  it("a phone that does not pick up in 30 s is given up; the number is never called", async () => {
    const { core } = await annDialling();
    const id = core.call().id;
    core.clock.advance(30_000);
    await settle();
    expect(core.srf().inviteTo(ANN_PHONE).cancelled).toBe(true);
    expect(core.srf().invites).toHaveLength(1);
    expect(core.lastSeen((c) => c.id === id)).toMatchObject({ state: 'ended', progress: 'Your deskphone did not answer within 30 s' });
  });

  it('a phone that answers the offerless INVITE without SDP is hung up with a clear reason', async () => {
    const { core } = await annDialling();
    const id = core.call().id;
    const phone = core.srf().inviteTo(ANN_PHONE);
    phone.answer('');
    await settle();
    expect(phone.dialog!.destroyed).toBe(true);
    expect(core.lastSeen((c) => c.id === id)!.progress).toMatch(/answered without SDP/);
    expect(core.srf().invites).toHaveLength(1);
  });

  it('a number that rings for 60 s is CANCELled as no answer', async () => {
    const { core } = await annDialling();
    const id = core.call().id;
    core.srf().inviteTo(ANN_PHONE).answer(PHONE_OFFER);
    await settle();
    const far = core.srf().inviteTo(NUMBER);
    far.ring();
    core.clock.advance(60_000);
    await settle();
    expect(far.cancelled).toBe(true);
    expect(core.lastSeen((c) => c.id === id)).toMatchObject({ state: 'ended', endCause: 'no-answer', progress: 'No answer within 60 s' });
  });

  it('hanging up while the number rings CANCELs it and hangs up the phone', async () => {
    const { core, ann } = await annDialling();
    const phone = core.srf().inviteTo(ANN_PHONE);
    phone.answer(PHONE_OFFER);
    await settle();
    core.send('call.hangup', {}, ann);
    await settle();
    expect(core.srf().inviteTo(NUMBER).cancelled).toBe(true);
    expect(phone.dialog!.methods).toEqual(['BYE']);
    expect(core.sip.liveLegs()).toBe(0);
  });

  it('a call to another agent rings the caller\'s phone first, then the callee\'s with its offer, and connects them', async () => {
    const core = await makeSipCore();
    registerAnn(core);
    const ann = core.login('1001');
    core.login('1002');
    expect(core.send('call.dial', { to: '1002' }, ann).ok).toBe(true);
    await settle();
    const mine = core.srf().inviteTo(ANN_PHONE);
    expect(mine.offer).toBeUndefined();
    mine.answer(PHONE_OFFER);
    await settle();
    const theirs = core.srf().inviteTo('sip:ben@192.0.2.22');
    expect(theirs.offer).toContain('c=IN IP4 192.0.2.21');
    expect(theirs.header('Call-Info')).toBeUndefined(); // Ben's phone rings for Ben to pick up
    theirs.answer(sdp('192.0.2.22', 31000));
    await settle();
    expect(mine.dialog!.sent.find((s) => s.method === 'INVITE')!.body).toContain('c=IN IP4 192.0.2.22');
    expect(core.calls().map((c) => c.state)).toEqual(['on-call', 'on-call']);
  });
});

describe('preview and power dialing over SIP', () => {
  it("preview: dialling the lead rings the agent's phone first, like click-to-dial", async () => {
    const core = await makeSipCore();
    registerAnn(core);
    leads(core, 'pre', ['+44 20 7946 0001']);
    const ann = core.login('1001', { strategy: 'outbound', campaign: 'pre' });
    expect(core.send('dialer.next', {}, ann).ok).toBe(true);
    expect(core.send('dialer.dial', {}, ann).ok).toBe(true);
    await settle();
    expect(core.srf().invites.map((i) => i.uri)).toEqual([ANN_PHONE]);
    core.srf().inviteTo(ANN_PHONE).answer(PHONE_OFFER);
    await settle();
    core.srf().inviteTo('+442079460001').answer(LEAD_SDP);
    await settle();
    expect(core.call()).toMatchObject({ state: 'on-call', agent: '1001', campaign: 'pre' });
  });

  it('power: calls the leads first; the first live answer is bridged to the idle agent, the other is dropped and counted as abandoned', async () => {
    const core = await makeSipCore();
    registerCy(core);
    leads(core, 'pow', ['+44 20 7946 0001', '+44 20 7946 0002']);
    core.login('1003', { strategy: 'outbound', campaign: 'pow' });
    core.clock.advance(2000); // one pacing tick: one idle agent x power 2
    await settle();
    const [first, second] = core.srf().invites;
    expect([first!.uri, second!.uri]).toEqual([`sip:+442079460001@${TRUNK}`, `sip:+442079460002@${TRUNK}`]);
    expect(first!.offer).toBeUndefined(); // no media of our own: the lead offers

    first!.answer(LEAD_SDP);
    await settle();
    const phone = core.srf().inviteTo(CY_PHONE);
    expect(phone.offer).toContain('c=IN IP4 203.0.113.9');
    expect(phone.header('Call-Info')).toBe('<sip:127.0.0.1:5060>;answer-after=0'); // pool agents take the call without ringing
    expect(first!.acked).toBeNull(); // the lead waits for the phone's answer
    phone.answer(sdp('192.0.2.23', 32000));
    await settle();
    expect(first!.acked).toContain('c=IN IP4 192.0.2.23');
    const live = core.calls().find((c) => c.state === 'on-call')!;
    expect(live).toMatchObject({ agent: '1003', campaign: 'pow' });

    second!.answer(sdp('203.0.113.10', 50002, 'sendrecv', 'lead'));
    await settle();
    expect(second!.dialog!.methods).toEqual(['BYE']); // ACKed and hung up: a drop
    const dropped = [...core.engine.state.all('lead')].find((l) => l.phone === '+442079460002')!;
    expect(dropped.status).toBe('dropped');
    const stats = core.engine.state.get('campaignStats', 'pow')!;
    expect(rollingRate(stats.daily, 'Europe/London', core.clock.now())).toMatchObject({ live: 2, abandoned: 1 });
  });

  it('power: a busy lead is tried again later, with the SIP status as the reason', async () => {
    const core = await makeSipCore();
    registerCy(core);
    leads(core, 'pow', ['+44 20 7946 0001']);
    core.login('1003', { strategy: 'outbound', campaign: 'pow' });
    core.clock.advance(2000);
    await settle();
    const id = core.call().id;
    core.srf().invites[0]!.reject(486, 'Busy Here');
    await settle();
    expect(core.lastSeen((c) => c.id === id)).toMatchObject({ endCause: 'busy', progress: 'SIP 486 Busy Here' });
    expect([...core.engine.state.all('lead')][0]).toMatchObject({ status: 'busy' });
  });

  it('voice messaging needs a media server: the call fails saying so and nothing is sent', async () => {
    const core = await makeSipCore();
    leads(core, 'vm', ['+44 20 7946 0001']);
    core.clock.advance(2000); // the campaign dials on its own, with no agent
    await settle();
    const call = core.lastSeen((c) => c.campaign === 'vm')!;
    expect(call).toMatchObject({ state: 'ended', endCause: 'failed', progress: 'Voice messaging needs a media server to play the message; it runs on the simulator only' });
    expect(core.srf().invites).toHaveLength(0);
  });
});
