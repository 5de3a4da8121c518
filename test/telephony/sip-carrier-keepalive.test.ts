import { describe, expect, it } from 'vitest';
import { NETWORK_ADDRESS } from './fake-srf.js';
import { annOnACall, makeSipCore, settle, type SipCore } from './sip-support.js';

/** The adapter's default: sip.phoneKeepAliveSeconds, 30 s. */
const INTERVAL = 30_000;
/** Where a test caller's INVITE comes from: the carrier the adapter asks. */
const CARRIER = `sip:${NETWORK_ADDRESS}:5060`;

async function pass(core: SipCore, ms: number) {
  core.clock.advance(ms);
  for (let i = 0; i < 5; i++) await settle();
}

const optionsTo = (core: SipCore, uri: string) => core.srf().outOfDialog.filter((r) => r.uri === uri && r.method === 'OPTIONS');

/** A caller waiting in Sales (7002): Ben, its only agent, is not logged in. */
async function callerWaiting(sipLimits?: string) {
  const core = await makeSipCore(sipLimits ? { sipLimits } : {});
  const caller = core.srf().callIn('7002');
  await settle();
  expect(core.call()).toMatchObject({ state: 'waiting', queue: '7002' });
  return { core, caller };
}

describe("a waiting caller whose carrier vanishes (no CANCEL ever comes)", () => {
  it('a carrier that answered and then stops answering (408 to the OPTIONS) ends the wait: the INVITE is answered 480 and the call failed, saying why, not abandoned', async () => {
    const { core, caller } = await callerWaiting();
    await pass(core, INTERVAL);
    core.srf().farAnswers.set(CARRIER, { status: 408, reason: 'Request Timeout' });
    await pass(core, INTERVAL);
    expect(optionsTo(core, CARRIER)).toHaveLength(2);
    expect(caller.res.statuses.at(-1)).toBe(480);
    const why = "The caller's carrier stopped answering while the call waited (SIP 408 Request Timeout to a keep-alive OPTIONS)";
    expect(core.lastSeen((c) => c.queue === '7002')).toMatchObject({ state: 'ended', endCause: 'failed', progress: why });
    expect(core.engine.state.stats('7002')?.abandoned ?? 0).toBe(0);
    expect(core.sip.liveLegs()).toBe(0);
    expect(core.log.join('\n')).toContain(why);
  });

  it('a carrier that never answers OPTIONS (408 to the first: it drops them without a word) is not taken as gone: its callers wait on, and it is not asked again', async () => {
    const { core, caller } = await callerWaiting();
    core.srf().farAnswers.set(CARRIER, { status: 408, reason: 'Request Timeout' });
    for (let i = 0; i < 3; i++) await pass(core, INTERVAL);
    expect(optionsTo(core, CARRIER)).toHaveLength(1);
    expect(core.call()).toMatchObject({ state: 'waiting' });
    expect(caller.res.statuses.every((s) => s === 180)).toBe(true);
    // A second caller from it is not watched this way either.
    core.srf().callIn('7002', '+442070000009');
    for (let i = 0; i < 2; i++) await pass(core, INTERVAL);
    expect(optionsTo(core, CARRIER)).toHaveLength(1);
    expect(core.calls().filter((c) => c.state === 'waiting')).toHaveLength(2);
  });

  it('503 or 410 (the drachtio server could not reach it) and an OPTIONS that could not be sent end it too', async () => {
    for (const answer of [{ status: 503, reason: 'Service Unavailable' }, { status: 410, reason: 'Gone' }, new Error('no route to host')]) {
      const { core, caller } = await callerWaiting();
      core.srf().farAnswers.set(CARRIER, answer);
      await pass(core, INTERVAL);
      expect(caller.res.statuses.at(-1)).toBe(480);
      expect(core.lastSeen((c) => c.queue === '7002')).toMatchObject({ state: 'ended', endCause: 'failed' });
    }
  });

  it('a carrier that answers, even 405 or 403, is there: the caller goes on waiting (and hearing 180), asked again each interval', async () => {
    const { core, caller } = await callerWaiting();
    core.srf().farAnswers.set(CARRIER, { status: 405, reason: 'Method Not Allowed' });
    for (let i = 0; i < 2; i++) await pass(core, INTERVAL);
    core.srf().farAnswers.set(CARRIER, { status: 403, reason: 'Forbidden' });
    await pass(core, INTERVAL);
    expect(optionsTo(core, CARRIER)).toHaveLength(3);
    expect(core.call()).toMatchObject({ state: 'waiting' });
    expect(caller.res.statuses.every((s) => s === 180)).toBe(true);
  });

  it('no OPTIONS before the first interval, none after the caller hung up, none once an agent answered', async () => {
    const { core, caller } = await callerWaiting();
    await pass(core, INTERVAL - 1);
    expect(optionsTo(core, CARRIER)).toHaveLength(0);
    caller.cancel();
    await pass(core, INTERVAL * 2);
    expect(optionsTo(core, CARRIER)).toHaveLength(0);
    expect(core.engine.state.stats('7002')!.abandoned).toBe(1);

    const answered = await annOnACall();
    await pass(answered.core, INTERVAL * 2);
    expect(optionsTo(answered.core, CARRIER)).toHaveLength(0);
    expect(answered.core.call()).toMatchObject({ state: 'on-call' });
  });

  it('sip.phoneKeepAliveSeconds sets the interval (10 s), and 0 asks the carrier never', async () => {
    const ten = await callerWaiting('{ phoneKeepAliveSeconds: 10 }');
    ten.core.srf().farAnswers.set(CARRIER, { status: 503, reason: 'Service Unavailable' });
    await pass(ten.core, 9_999);
    expect(optionsTo(ten.core, CARRIER)).toHaveLength(0);
    await pass(ten.core, 1);
    expect(ten.caller.res.statuses.at(-1)).toBe(480);

    const never = await callerWaiting('{ phoneKeepAliveSeconds: 0 }');
    never.core.srf().farAnswers.set(CARRIER, { status: 408, reason: 'Request Timeout' });
    await pass(never.core, INTERVAL * 4);
    expect(never.core.srf().outOfDialog).toHaveLength(0);
    expect(never.core.call()).toMatchObject({ state: 'waiting' });
  });

  it('callers waiting from one carrier share its OPTIONS: one an interval for three, and its 408 ends all three', async () => {
    const { core } = await callerWaiting();
    const others = [core.srf().callIn('7002', '+442070000002'), core.srf().callIn('7002', '+442070000003')];
    await settle();
    expect(core.calls().filter((c) => c.state === 'waiting')).toHaveLength(3);
    for (let i = 0; i < 3; i++) await pass(core, INTERVAL);
    expect(optionsTo(core, CARRIER)).toHaveLength(3);
    core.srf().farAnswers.set(CARRIER, { status: 408, reason: 'Request Timeout' });
    await pass(core, INTERVAL);
    expect(core.calls().filter((c) => c.state !== 'ended')).toHaveLength(0);
    for (const caller of [core.srf().calls[0]!, ...others]) expect(caller.res.statuses.at(-1)).toBe(480);
    expect(core.engine.state.stats('7002')?.abandoned ?? 0).toBe(0);
  });
});
