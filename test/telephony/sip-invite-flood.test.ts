import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/config/parse.js';
import { SIP_CONFIG, makeSipCore, settle } from './sip-support.js';

const FLOODER = '198.51.100.66';
const CARRIER = '203.0.113.10';

describe('INVITE flood limits per source address', () => {
  it('answers INVITEs past the burst 503 with Retry-After, makes no call for them, and serves other addresses meanwhile', async () => {
    const core = await makeSipCore({ sipLimits: '{ invitesPerAddress: { burst: 3, perSecond: 1 } }' });
    const flood = Array.from({ length: 5 }, () => core.srf().callInFrom(FLOODER, '7001'));
    await settle();
    expect(flood.map((c) => c.res.statuses)).toEqual([[180], [180], [180], [503], [503]]);
    expect(flood[3]!.res.last).toMatchObject({ reason: 'Service Unavailable', headers: { 'Retry-After': '1', Warning: '399 switchboard "too many INVITE requests from 198.51.100.66"' } });
    expect(core.calls()).toHaveLength(3);
    // A caller from elsewhere still gets through, and the flooding address again once its rate is back under the limit.
    const other = core.srf().callInFrom('192.0.2.99', '7001');
    core.clock.advance(1000);
    const later = core.srf().callInFrom(FLOODER, '7001');
    await settle();
    expect([other.res.statuses, later.res.statuses]).toEqual([[180], [180]]);
    expect(core.calls()).toHaveLength(5);
  });

  it('the default per-address limit is 30 at once', async () => {
    const core = await makeSipCore();
    const flood = Array.from({ length: 31 }, () => core.srf().callInFrom(FLOODER, '7001'));
    await settle();
    expect(flood.filter((c) => c.res.statuses[0] === 503)).toHaveLength(1);
  });

  it("a carrier's trunk address listed without a limit is not limited; one listed with a limit has its own", async () => {
    const core = await makeSipCore({
      sipLimits: `{ invitesPerAddress: { burst: 2, perSecond: 1 }, carriers: [{ address: "${CARRIER}" }, { address: "2001:db8::5", limit: { burst: 4, perSecond: 1 } }] }`,
    });
    const trunk = Array.from({ length: 50 }, () => core.srf().callInFrom(CARRIER, '7001'));
    const v6 = Array.from({ length: 5 }, () => core.srf().callInFrom('2001:DB8::5', '7001'));
    await settle();
    expect(trunk.every((c) => c.res.statuses[0] === 180)).toBe(true);
    expect(v6.map((c) => c.res.statuses[0])).toEqual([180, 180, 180, 180, 503]);
  });

  it('refuses a carrier that is not an IP address, saying what is expected', () => {
    expect(() => parseConfig(`${SIP_CONFIG}sip: { carriers: [{ address: carrier.example }] }\n`, 'sip.yaml')).toThrow(/expected an IP address such as 203\.0\.113\.10/);
  });
});
