import { describe, expect, it } from 'vitest';
import { FakeClock } from '../fake-clock.js';
import { RefusalLog } from '../../src/telephony/sip/refusal-log.js';
import { ANN_PHONE, makeSipCore, settle } from './sip-support.js';

/**
 * Requests refused by the flood limits each wrote a log line, so a flood of
 * thousands a second wrote thousands of lines a second. Now the first
 * refusal of an address is logged, the rest summed up every 10 s.
 */

const FLOODER = '198.51.100.66';

describe('the log of a flood of refused INVITEs', () => {
  it('says the first refusal at once, then one line per 10 s with the count, and nothing once the flood stops', async () => {
    const core = await makeSipCore({ sipLimits: '{ invitesPerAddress: { burst: 3, perSecond: 1 } }' });
    const refusals = () => core.log.filter((l) => /INVITE|INVITEs/.test(l) && l.includes(FLOODER));
    for (let i = 0; i < 1003; i++) core.srf().callInFrom(FLOODER, '7001');
    await settle();
    expect(refusals()).toEqual([
      `sip: INVITE refused: too many INVITE requests from ${FLOODER} (further refusals from ${FLOODER} are counted and logged every 10 s)`,
    ]);
    core.clock.advance(10_000);
    expect(refusals().slice(1)).toEqual([`sip: refused 999 INVITEs from ${FLOODER} in the last 10 s`]);
    // A quiet period ends the count: the next refusal is logged at once again.
    core.clock.advance(10_000);
    expect(refusals()).toHaveLength(2);
    for (let i = 0; i < 20; i++) core.srf().callInFrom(FLOODER, '7001');
    await settle();
    expect(refusals().slice(2)).toHaveLength(1);
    expect(refusals()[2]).toMatch(/^sip: INVITE refused: too many INVITE requests/);
  });
});

describe('the log of a flood of refused REGISTERs', () => {
  it('says the first refusal, then the count every 10 s', async () => {
    const core = await makeSipCore({ registerFlood: { addressBurst: 10, addressPerSecond: 5, usernameBurst: 100_000, usernamePerSecond: 100_000 } });
    for (let i = 0; i < 2010; i++) core.srf().registerRaw({ To: '<sip:ann@switchboard>', Contact: `<${ANN_PHONE}>`, Expires: '600' }, FLOODER);
    const refusals = () => core.log.filter((l) => l.includes('REGISTER') && l.includes(FLOODER));
    expect(refusals()).toEqual([
      `sip: REGISTER refused from ${FLOODER}: too many REGISTER requests for address ${FLOODER} (further refusals from ${FLOODER} are counted and logged every 10 s)`,
    ]);
    core.clock.advance(10_000);
    expect(refusals().slice(1)).toEqual([`sip: refused 1,999 REGISTERs from ${FLOODER} in the last 10 s`]);
  });
});

describe('the log of REGISTERs with wrong credentials', () => {
  it('says the first wrong password per address and username, then the count every 10 s', async () => {
    const core = await makeSipCore();
    const lines = () => core.log.filter((l) => l.includes('wrong') || l.includes('unknown SIP username'));
    const guess = (username: string, password: string, address = FLOODER) =>
      core.srf().registerPhone({ username, password, contact: `sip:${username}@${address}`, address }).map((r) => r.last!.status);
    // A phone retrying a wrong password (the lockout comes at the fifth of an address).
    for (let i = 0; i < 4; i++) expect(guess('ann', 'old-password')).toEqual([401, 403]);
    expect(lines()).toEqual([
      `sip: REGISTER refused from ${FLOODER}: wrong password for ann (further refusals from SIP user ann at ${FLOODER} are counted and logged every 10 s)`,
    ]);
    // Another username from the same address, and a username nobody has, each get their own first line.
    guess('cy', 'guess');
    guess('mallory', 'guess', '203.0.113.9');
    expect(lines().slice(1)).toEqual([
      `sip: REGISTER refused from ${FLOODER}: wrong password for cy (further refusals from SIP user cy at ${FLOODER} are counted and logged every 10 s)`,
      'sip: REGISTER refused from 203.0.113.9: unknown SIP username mallory (further refusals from SIP user mallory at 203.0.113.9 are counted and logged every 10 s)',
    ]);
    core.clock.advance(10_000);
    expect(lines().slice(3)).toEqual([`sip: refused 3 REGISTERs with wrong credentials from SIP user ann at ${FLOODER} in the last 10 s`]);
  });
});

describe('RefusalLog', () => {
  it('counts each address apart, writes thousands with separators, and logs what is left when closed', () => {
    const clock = new FakeClock();
    const lines: string[] = [];
    const log = new RefusalLog(clock, (l) => lines.push(l), 'REGISTER');
    for (let i = 0; i < 1235; i++) log.refused('203.0.113.5', 'REGISTER refused from 203.0.113.5: too many');
    log.refused('192.0.2.7', 'REGISTER refused from 192.0.2.7: too many');
    log.refused('192.0.2.7', 'REGISTER refused from 192.0.2.7: too many');
    expect(lines).toHaveLength(2);
    clock.advance(10_000);
    expect(lines.slice(2)).toEqual(['refused 1,234 REGISTERs from 203.0.113.5 in the last 10 s', 'refused 1 REGISTER from 192.0.2.7 in the last 10 s']);
    log.refused('203.0.113.5', 'REGISTER refused from 203.0.113.5: too many');
    log.close();
    expect(lines.slice(4)).toEqual(['refused 1 REGISTER from 203.0.113.5 in the last moments before closing']);
    clock.advance(60_000);
    expect(lines).toHaveLength(5);
  });

  it('a flood from more addresses than it keeps apart is counted together, in bounded memory', () => {
    const clock = new FakeClock();
    const lines: string[] = [];
    const log = new RefusalLog(clock, (l) => lines.push(l), 'INVITE');
    for (let i = 0; i < 5000; i++) log.refused(`10.0.${i >> 8}.${i & 255}`, `INVITE refused: too many INVITE requests from 10.0.${i >> 8}.${i & 255}`);
    expect(lines).toHaveLength(1001);
    expect(lines[1000]).toMatch(/more addresses are refused than are logged one by one/);
    clock.advance(10_000);
    expect(lines.slice(1001)).toEqual(['refused 3,999 INVITEs from other addresses in the last 10 s']);
  });
});
