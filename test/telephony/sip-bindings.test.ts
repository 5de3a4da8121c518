import { describe, expect, it } from 'vitest';
import { ANN_PHONE, makeSipCore, registerAnn, settle } from './sip-support.js';

const DESK = 'sip:ann@192.0.2.21:5062';
const SECOND = 'sip:ann@192.0.2.21:5063';
const register = (core: Awaited<ReturnType<typeof makeSipCore>>, contactHeader: string, expires: number | null = 600) =>
  core.srf().registerPhone({ username: 'ann', password: 'pw-ann', contact: DESK, contactHeader, expires }).at(-1)!.last!;

describe('several bindings for one agent (RFC 3261 10.3)', () => {
  it('a REGISTER with two Contacts is answered 200 listing both, each with its own expiry', async () => {
    const core = await makeSipCore();
    const ok = register(core, `<${DESK}>, <${SECOND}>;expires=120`);
    expect(ok).toMatchObject({ status: 200 });
    expect(ok.headers.Contact).toBe(`<${DESK}>;expires=600, <${SECOND}>;expires=120`);
  });

  it('an address added by a later REGISTER keeps the earlier one: the 200 lists both, the one added last is rung', async () => {
    const core = await makeSipCore();
    registerAnn(core, { expires: 600 });
    core.clock.advance(100_000);
    const ok = register(core, `<${SECOND}>`, 300);
    expect(ok.headers.Contact).toBe(`<${ANN_PHONE}>;expires=500, <${SECOND}>;expires=300`);
    core.login('1001');
    core.srf().callIn('7001');
    await settle();
    expect(core.srf().invites.map((i) => i.uri)).toEqual([SECOND]);
  });

  it('when the address rung lapses, calls go to the one still registered, and the agent stays registered', async () => {
    const core = await makeSipCore();
    register(core, `<${DESK}>;expires=600, <${SECOND}>;expires=120`);
    core.clock.advance(120_001);
    expect(core.engine.state.agent('1001')!.deviceRegistered).toMatchObject({ registered: true, detail: DESK });
    expect(core.log.join('\n')).toContain(`deskphone of agent 1001 registered at ${DESK} for 480 s`);
    core.login('1001');
    core.srf().callIn('7001');
    await settle();
    expect(core.srf().invites.map((i) => i.uri)).toEqual([DESK]);
  });

  it('removing one address (expires=0) leaves the other: the 200 lists what is left', async () => {
    const core = await makeSipCore();
    register(core, `<${DESK}>, <${SECOND}>`);
    const ok = register(core, `<${SECOND}>;expires=0`);
    expect(ok.headers.Contact).toBe(`<${DESK}>;expires=600`);
    expect(core.engine.state.agent('1001')!.deviceRegistered).toMatchObject({ registered: true, detail: DESK });
  });

  it('a query (no Contact) lists every binding, and Contact: * removes them all', async () => {
    const core = await makeSipCore();
    register(core, `<${DESK}>, <${SECOND}>`);
    const [, listed] = core.srf().registerPhone({ username: 'ann', password: 'pw-ann', contact: DESK, contactHeader: '', expires: null });
    expect(listed!.last!.headers.Contact).toBe(`<${DESK}>;expires=600, <${SECOND}>;expires=600`);
    expect(register(core, '*', 0).status).toBe(200);
    expect(core.engine.state.agent('1001')!.deviceRegistered).toMatchObject({ registered: false, detail: 'unregistered' });
  });
});
