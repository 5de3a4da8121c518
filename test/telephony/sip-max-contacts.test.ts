import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/config/parse.js';
import { makeSipCore, settle, SIP_CONFIG, type SipCore } from './sip-support.js';

/** A phone's address at this port (one agent's several softphones and deskphones look like this). */
const at = (port: number) => `sip:ann@192.0.2.21:${port}`;
const register = (core: SipCore, contactHeader: string) =>
  core.srf().registerPhone({ username: 'ann', password: 'pw-ann', contact: at(5062), contactHeader, expires: 600 }).at(-1)!.last!;
const listed = (core: SipCore) =>
  core.srf().registerPhone({ username: 'ann', password: 'pw-ann', contact: at(5062), contactHeader: '', expires: null }).at(-1)!.last!.headers.Contact;

describe("an agent's registered addresses are bounded (sip.maxContactsPerAgent)", () => {
  it('by default 5: a sixth address, registered later, drops the oldest; the 200 lists the 5 kept and the newest is rung', async () => {
    const core = await makeSipCore();
    for (let port = 6001; port <= 6005; port++) {
      expect(register(core, `<${at(port)}>`).status).toBe(200);
      core.clock.advance(1_000);
    }
    const ok = register(core, `<${at(6006)}>`);
    expect(ok.status).toBe(200);
    const kept = [6002, 6003, 6004, 6005, 6006].map(at);
    expect(ok.headers.Contact!.split(', ').map((c) => /<([^>]+)>/.exec(c)![1])).toEqual(kept);
    expect(core.log.join('\n')).toContain(`deskphone of agent 1001: oldest address removed (${at(6001)}) to keep 5 (sip.maxContactsPerAgent)`);
    core.login('1001');
    core.srf().callIn('7001');
    await settle();
    expect(core.srf().invites.map((i) => i.uri)).toEqual([at(6006)]);
  });

  it('one REGISTER adding past the bound keeps the newest: its own addresses, then the newest of the earlier ones', async () => {
    const core = await makeSipCore({ sipLimits: '{ maxContactsPerAgent: 3 }' });
    register(core, `<${at(6001)}>, <${at(6002)}>`);
    core.clock.advance(1_000);
    const ok = register(core, `<${at(6003)}>, <${at(6004)}>`);
    expect(ok.headers.Contact).toBe(`<${at(6002)}>;expires=599, <${at(6003)}>;expires=600, <${at(6004)}>;expires=600`);
  });

  it('an address that is refreshed is not the oldest any more: the one left alone is dropped', async () => {
    const core = await makeSipCore({ sipLimits: '{ maxContactsPerAgent: 2 }' });
    register(core, `<${at(6001)}>`);
    register(core, `<${at(6002)}>`);
    register(core, `<${at(6001)}>`); // the first phone re-registers
    const ok = register(core, `<${at(6003)}>`);
    expect(ok.headers.Contact).toBe(`<${at(6001)}>;expires=600, <${at(6003)}>;expires=600`);
  });

  it('a REGISTER that alone asks for more addresses than the bound is refused 403 saying why, and what was registered stays', async () => {
    const core = await makeSipCore({ sipLimits: '{ maxContactsPerAgent: 2 }' });
    register(core, `<${at(6001)}>`);
    const refused = register(core, `<${at(6002)}>, <${at(6003)}>, <${at(6004)}>`);
    expect(refused.status).toBe(403);
    expect(refused.headers.Warning).toBe('399 switchboard "3 addresses in one REGISTER; at most 2 may be registered per agent (sip.maxContactsPerAgent)"');
    expect(listed(core)).toBe(`<${at(6001)}>;expires=600`);
    expect(core.engine.state.agent('1001')!.deviceRegistered).toMatchObject({ registered: true, detail: at(6001) });
    expect(core.log.join('\n')).toContain('REGISTER for ann refused: 3 addresses in one REGISTER; at most 2 may be registered per agent');
  });

  it('addresses removed in the same REGISTER (expires=0) do not count: a phone moving its one address at the bound is answered 200', async () => {
    const core = await makeSipCore({ sipLimits: '{ maxContactsPerAgent: 1 }' });
    register(core, `<${at(6001)}>`);
    const ok = register(core, `<${at(6001)}>;expires=0, <${at(6002)}>`);
    expect(ok.status).toBe(200);
    expect(ok.headers.Contact).toBe(`<${at(6002)}>;expires=600`);
  });

  it('a dropped address keeps no timer: when its expiry comes the agent is not told it lapsed', async () => {
    const core = await makeSipCore({ sipLimits: '{ maxContactsPerAgent: 1 }' });
    register(core, `<${at(6001)}>;expires=60`);
    register(core, `<${at(6002)}>`);
    core.clock.advance(61_000);
    expect(core.log.join('\n')).not.toContain('registration expired');
    expect(core.engine.state.agent('1001')!.deviceRegistered).toMatchObject({ registered: true, detail: at(6002) });
  });

  it('a bound that is no whole number of at least 1 (or over 100) stops the start with CONFIG_INVALID naming it', () => {
    const cases: [string, string][] = [
      ['0', 'sip.maxContactsPerAgent: expected at least 1 address an agent may register (it is 0)'],
      ['2.5', 'sip.maxContactsPerAgent: expected a number of addresses (Contacts) one agent may register, a whole one (it is 2.5)'],
      ['"five"', 'sip.maxContactsPerAgent: expected a number of addresses (Contacts) one agent may register'],
      ['1000', 'sip.maxContactsPerAgent: expected a number of addresses (Contacts) one agent may register: 100 or less (it is 1000)'],
    ];
    for (const [value, message] of cases) {
      let error: (Error & { code?: string }) | undefined;
      try {
        parseConfig(`${SIP_CONFIG}sip: { maxContactsPerAgent: ${value} }\n`, 'sip.yaml');
      } catch (e) {
        error = e as Error & { code?: string };
      }
      expect(error?.code).toBe('CONFIG_INVALID');
      expect(error?.message).toContain(message);
    }
  });
});
