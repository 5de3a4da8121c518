import { describe, expect, it } from 'vitest';
import { annOnACall, settle } from './sip-support.js';

/** The adapter's default: a phone in a call is asked OPTIONS every 30 s. */
const INTERVAL = 30_000;

async function pass(core: Awaited<ReturnType<typeof annOnACall>>['core'], ms: number) {
  core.clock.advance(ms);
  for (let i = 0; i < 5; i++) await settle();
}

describe('a deskphone that vanishes mid-call (no BYE ever comes)', () => {
  it('a phone that stops answering (408 to the keep-alive OPTIONS) ends the call, the caller is hung up and the agent told why', async () => {
    const { core, caller, phone } = await annOnACall();
    expect(core.call()).toMatchObject({ state: 'on-call', agent: '1001' });
    phone.answers.OPTIONS = { status: 408, reason: 'Request Timeout' };
    await pass(core, INTERVAL);
    expect(phone.methods).toContain('OPTIONS');
    expect(core.calls().filter((c) => c.state !== 'ended')).toHaveLength(0);
    expect(caller.dialog!.methods).toContain('BYE');
    expect(phone.destroyed).toBe(true);
    expect(core.log.join('\n')).toContain(
      'Your deskphone stopped answering during the call (SIP 408 Request Timeout to a keep-alive OPTIONS), so the call was ended',
    );
    expect(core.engine.state.agent('1001')!.status).not.toBe('on-call');
  });

  it('a phone that rebooted (481 to the OPTIONS: it no longer knows the call) ends the call as well', async () => {
    const { core, phone } = await annOnACall();
    phone.answers.OPTIONS = { status: 481, reason: 'Call/Transaction Does Not Exist' };
    await pass(core, INTERVAL);
    expect(core.calls().filter((c) => c.state !== 'ended')).toHaveLength(0);
  });

  it('a phone that answers, even 405 (no OPTIONS support), is there: the call goes on and it is asked again each interval', async () => {
    const { core, phone } = await annOnACall();
    phone.answers.OPTIONS = { status: 405, reason: 'Method Not Allowed' };
    for (let i = 0; i < 3; i++) await pass(core, INTERVAL);
    expect(phone.methods.filter((m) => m === 'OPTIONS')).toHaveLength(3);
    expect(core.call()).toMatchObject({ state: 'on-call', agent: '1001' });
  });

  it('no OPTIONS before the first interval, and none once the call has ended', async () => {
    const { core, phone, ann } = await annOnACall();
    await pass(core, INTERVAL - 1);
    expect(phone.methods).not.toContain('OPTIONS');
    expect(core.send('call.hangup', {}, ann).ok).toBe(true);
    await pass(core, INTERVAL * 2);
    expect(phone.methods).not.toContain('OPTIONS');
  });
});
