import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/config/parse.js';
import { annOnACall, settle, SIP_CONFIG } from './sip-support.js';

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

describe("the keep-alive interval is the configuration's sip.phoneKeepAliveSeconds", () => {
  it('10 s: the phone is asked at 10 s, not before, and one gone ends the call then', async () => {
    const { core, phone } = await annOnACall(undefined, { sipLimits: '{ phoneKeepAliveSeconds: 10 }' });
    phone.answers.OPTIONS = { status: 408, reason: 'Request Timeout' };
    await pass(core, 9_999);
    expect(phone.methods).not.toContain('OPTIONS');
    await pass(core, 1);
    expect(phone.methods).toContain('OPTIONS');
    expect(core.calls().filter((c) => c.state !== 'ended')).toHaveLength(0);
  });

  it('0: the phone is never asked, and the call goes on', async () => {
    const { core, phone } = await annOnACall(undefined, { sipLimits: '{ phoneKeepAliveSeconds: 0 }' });
    for (let i = 0; i < 4; i++) await pass(core, INTERVAL);
    expect(phone.methods).not.toContain('OPTIONS');
    expect(core.call()).toMatchObject({ state: 'on-call', agent: '1001' });
  });

  it('a value that is no whole number of seconds, 0 or from 5 to 3600, stops the start with CONFIG_INVALID naming it', () => {
    const cases: [string, string][] = [
      ['2', 'sip.phoneKeepAliveSeconds: expected 0 (no keep-alive) or 5 seconds or more (it is 2)'],
      ['-30', 'sip.phoneKeepAliveSeconds: expected 0 (no keep-alive) or 5 seconds or more (it is -30)'],
      ['7.5', 'sip.phoneKeepAliveSeconds: expected a number of seconds between keep-alive OPTIONS to a phone in a call (0: none), a whole one (it is 7.5)'],
      ['"30s"', 'sip.phoneKeepAliveSeconds: expected a number of seconds between keep-alive OPTIONS to a phone in a call (0: none)'],
      ['7200', 'sip.phoneKeepAliveSeconds: expected at most 3600 seconds (an hour) between keep-alive OPTIONS (it is 7200)'],
    ];
    for (const [value, message] of cases) {
      let error: (Error & { code?: string }) | undefined;
      try {
        parseConfig(`${SIP_CONFIG}sip: { phoneKeepAliveSeconds: ${value} }\n`, 'sip.yaml');
      } catch (e) {
        error = e as Error & { code?: string };
      }
      expect(error?.code).toBe('CONFIG_INVALID');
      expect(error?.message).toContain(message);
    }
  });
});
