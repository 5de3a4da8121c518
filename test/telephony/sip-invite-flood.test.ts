import { describe, expect, it, vi } from 'vitest';
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

  it('a carrier listed as a range covers every address in it, IPv6 too; a limit of its own is shared by the range', async () => {
    const core = await makeSipCore({
      sipLimits: '{ invitesPerAddress: { burst: 2, perSecond: 1 }, carriers: [{ address: "203.0.113.0/24" }, { address: "2001:db8:5::/48", limit: { burst: 4, perSecond: 1 } }] }',
    });
    const trunk = Array.from({ length: 50 }, (_, i) => core.srf().callInFrom(`203.0.113.${i}`, '7001'));
    const outside = Array.from({ length: 3 }, () => core.srf().callInFrom('203.0.114.1', '7001'));
    const v6 = Array.from({ length: 5 }, (_, i) => core.srf().callInFrom(`2001:db8:5::${i % 2 ? 'a' : 'b'}`, '7001'));
    await settle();
    expect(trunk.every((c) => c.res.statuses[0] === 180)).toBe(true);
    expect(outside.map((c) => c.res.statuses[0])).toEqual([180, 180, 503]);
    expect(v6.map((c) => c.res.statuses[0])).toEqual([180, 180, 180, 180, 503]);
  });

  it('refuses a carrier that is neither an address, a range nor a host name, naming it', () => {
    for (const bad of ['203.0.113.300', '203.0.113.0/33', 'sbc carrier', '2001:db8::/129']) {
      let error: (Error & { code?: string }) | undefined;
      try {
        parseConfig(`${SIP_CONFIG}sip: { carriers: [{ address: "${bad}" }] }\n`, 'sip.yaml');
      } catch (e) {
        error = e as Error & { code?: string };
      }
      expect(error?.code).toBe('CONFIG_INVALID');
      expect(error?.message).toContain(`sip.carriers[0].address: "${bad}" is neither an IP address (203.0.113.10), an address range (203.0.113.0/24, 2001:db8::/32) nor a host name`);
    }
  });
});

/** A FAKE of DNS: what a carrier's name resolves to is scripted (no name server here can be told to move a carrier). */
class FakeDns {
  answers = new Map<string, string[] | Error>();
  readonly resolve = async (host: string): Promise<string[]> => {
    const a = this.answers.get(host);
    if (!a) throw Object.assign(new Error(`queryA ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    if (a instanceof Error) throw a;
    return a;
  };
}

describe('a carrier listed by host name', () => {
  const limits = '{ invitesPerAddress: { burst: 2, perSecond: 1 }, carriers: [{ address: sbc.carrier.example }] }';
  const refused = (core: Awaited<ReturnType<typeof makeSipCore>>, from: string) =>
    Array.from({ length: 5 }, () => core.srf().callInFrom(from, '7001')).filter((c) => c.res.statuses[0] === 503).length;

  it('is looked up at start and again every 5 minutes: the INVITEs of the address it moved to are not limited', async () => {
    const dns = new FakeDns();
    dns.answers.set('sbc.carrier.example', ['203.0.113.10', '2001:db8::10']);
    const core = await makeSipCore({ sipLimits: limits, resolveHost: dns.resolve });
    await settle();
    expect(refused(core, '203.0.113.10')).toBe(0);
    expect(refused(core, '2001:db8::10')).toBe(0);
    dns.answers.set('sbc.carrier.example', ['203.0.113.20']);
    core.clock.advance(5 * 60_000);
    await settle();
    expect(refused(core, '203.0.113.20')).toBe(0);
    expect(refused(core, '203.0.113.10')).toBe(3); // no longer the carrier's
    expect(core.log).toContain('sip: carrier sbc.carrier.example is at 203.0.113.20: its INVITEs are not limited');
  });

  it('a lookup that fails is logged and the addresses it had are kept', async () => {
    const dns = new FakeDns();
    dns.answers.set('sbc.carrier.example', ['203.0.113.10']);
    const core = await makeSipCore({ sipLimits: limits, resolveHost: dns.resolve });
    await settle();
    dns.answers.set('sbc.carrier.example', Object.assign(new Error('queryA ESERVFAIL sbc.carrier.example'), { code: 'ESERVFAIL' }));
    core.clock.advance(5 * 60_000);
    await settle();
    expect(core.log).toContain('sip: carrier sbc.carrier.example could not be looked up again (ESERVFAIL): still taking its INVITEs from the addresses it had');
    expect(refused(core, '203.0.113.10')).toBe(0);
  });

  it('one that does not resolve at start is limited as any address, said in the log, and tried again within 30 s', async () => {
    const dns = new FakeDns();
    const core = await makeSipCore({ sipLimits: limits, resolveHost: dns.resolve });
    await settle();
    expect(core.log).toContain(
      'sip: carrier sbc.carrier.example could not be looked up (ENOTFOUND): its INVITEs are limited as any address\'s until it is; trying again in 30 s',
    );
    expect(refused(core, '203.0.113.10')).toBe(3);
    core.clock.advance(30_000); // the same failure again is not logged again
    await settle();
    expect(core.log.filter((l) => l.includes('could not be looked up'))).toHaveLength(1);
    dns.answers.set('sbc.carrier.example', ['203.0.113.10']);
    core.clock.advance(30_000);
    await settle();
    expect(refused(core, '203.0.113.10')).toBe(0);
  });
});

describe('a carrier listed by host name, with the system resolver', () => {
  it('localhost is looked up through the system and its INVITEs are not limited', async () => {
    const core = await makeSipCore({ sipLimits: '{ invitesPerAddress: { burst: 2, perSecond: 1 }, carriers: [{ address: localhost }] }' });
    await vi.waitFor(() => expect(core.log.some((l) => l.startsWith('sip: carrier localhost is at '))).toBe(true));
    const from = core.log.find((l) => l.startsWith('sip: carrier localhost is at '))!.includes('127.0.0.1') ? '127.0.0.1' : '::1';
    const calls = Array.from({ length: 5 }, () => core.srf().callInFrom(from, '7001'));
    await settle();
    expect(calls.every((c) => c.res.statuses[0] === 180)).toBe(true);
  });
});
