import { describe, expect, it } from 'vitest';
import { ANN_PHONE, makeSipCore, registerAnn } from './sip-support.js';

describe('deskphone registration', () => {
  it('challenges a REGISTER with 401 and accepts the right digest credentials; the agent shows as registered', async () => {
    const core = await makeSipCore();
    const [challenge, ok] = core.srf().registerPhone({ username: 'ann', password: 'pw-ann', contact: ANN_PHONE, expires: 600 });
    expect(challenge!.last).toMatchObject({ status: 401 });
    expect(challenge!.last!.headers['WWW-Authenticate']).toMatch(/^Digest realm="switchboard", nonce="[^"]+", algorithm=MD5, qop="auth"$/);
    expect(ok!.last).toMatchObject({ status: 200, headers: { Contact: `<${ANN_PHONE}>;expires=600`, Expires: '600' } });
    expect(core.engine.state.agent('1001')!.deviceRegistered).toMatchObject({ registered: true, detail: ANN_PHONE });
  });

  it('answers 401 and then 403 to a wrong password, and the phone stays unregistered', async () => {
    const core = await makeSipCore();
    const responses = core.srf().registerPhone({ username: 'ann', password: 'wrong', contact: ANN_PHONE });
    expect(responses.map((r) => r.last!.status)).toEqual([401, 403]);
    expect(core.engine.state.agent('1001')!.deviceRegistered ?? null).toBeNull();
    expect(core.log.join('\n')).toMatch(/REGISTER refused .*wrong password for ann/);
  });

  it('answers 403 to a username no agent has, and to a phone registering another agent\'s number', async () => {
    const core = await makeSipCore();
    expect(core.srf().registerPhone({ username: 'mallory', password: 'x', contact: 'sip:m@192.0.2.99' }).map((r) => r.last!.status)).toEqual([401, 403]);
    expect(core.srf().registerPhone({ username: 'ann', password: 'pw-ann', contact: ANN_PHONE, aor: '1003' }).map((r) => r.last!.status)).toEqual([401, 403]);
  });

  it('challenges again (not 403) a nonce it never issued', async () => {
    const core = await makeSipCore();
    const forged = core.srf().registerRaw({
      To: '<sip:ann@switchboard>',
      Contact: `<${ANN_PHONE}>`,
      Authorization: 'Digest username="ann", realm="switchboard", nonce="abc.def", uri="sip:switchboard", response="00000000000000000000000000000000"',
    });
    expect(forged.last!.status).toBe(401);
    expect(forged.last!.headers['WWW-Authenticate']).not.toMatch(/stale/);
  });

  it('honours the expiry: a registration not refreshed in time lapses, and a deskphone login is then refused with the reason', async () => {
    const core = await makeSipCore();
    registerAnn(core, { expires: 120 });
    core.clock.advance(100_000);
    registerAnn(core, { expires: 120 }); // refreshed in time
    core.clock.advance(100_000);
    expect(core.engine.state.agent('1001')!.deviceRegistered).toMatchObject({ registered: true });
    core.clock.advance(20_001);
    expect(core.engine.state.agent('1001')!.deviceRegistered).toMatchObject({ registered: false, detail: 'registration expired' });
    const r = core.send('session.login', { agent: '1001', pin: '1001' });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatchObject({
      code: 'DEVICE_UNREACHABLE',
      message: 'Your deskphone cannot be reached: no deskphone is registered for SIP user ann; register the phone with switchboard and log in again.',
    });
    // A softphone login does not need the deskphone.
    expect(core.send('session.login', { agent: '1001', pin: '1001', device: 'softphone' }).ok).toBe(true);
  });

  it('a call offered to an agent whose registration lapsed rings nothing and is no missed offer: the phone is marked unreachable, saying why', async () => {
    const core = await makeSipCore();
    registerAnn(core, { expires: 60 });
    core.login('1001');
    core.clock.advance(60_000);
    core.srf().callIn('7001');
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    expect(core.srf().invites).toHaveLength(0);
    expect(core.engine.state.agent('1001')).toMatchObject({
      status: 'available',
      missedOffers: 0,
      deviceUnreachable: { reason: expect.stringMatching(/^No deskphone to ring: no deskphone is registered for SIP user ann/), failures: 1 },
    });
    expect(core.call()).toMatchObject({ state: 'waiting', offers: [] });
  });

  it('refuses expiries under a minute with 423 and Min-Expires, and shortens ones over an hour', async () => {
    const core = await makeSipCore();
    const [, brief] = core.srf().registerPhone({ username: 'ann', password: 'pw-ann', contact: ANN_PHONE, expires: 30 });
    expect(brief!.last).toMatchObject({ status: 423, headers: { 'Min-Expires': '60' } });
    const [, long] = core.srf().registerPhone({ username: 'ann', password: 'pw-ann', contact: ANN_PHONE, expires: 86_400 });
    expect(long!.last!.headers.Expires).toBe('3600');
  });

  it('an unregister (Expires: 0) shows the phone as unregistered', async () => {
    const core = await makeSipCore();
    registerAnn(core);
    core.srf().registerPhone({ username: 'ann', password: 'pw-ann', contact: ANN_PHONE, expires: 0 });
    expect(core.engine.state.agent('1001')!.deviceRegistered).toMatchObject({ registered: false, detail: 'unregistered' });
  });

  it('a phone that moved unregisters its old address and registers its new one in one REGISTER: it stays registered at the new one', async () => {
    const core = await makeSipCore();
    core.srf().registerPhone({ username: 'ann', password: 'pw-ann', contact: 'sip:ann@192.0.2.99:5062' });
    const [, moved] = core.srf().registerPhone({
      username: 'ann',
      password: 'pw-ann',
      contact: ANN_PHONE,
      contactHeader: `<sip:ann@192.0.2.99:5062>;expires=0, <${ANN_PHONE}>;expires=600`,
    });
    expect(moved!.last).toMatchObject({ status: 200, headers: { Contact: `<${ANN_PHONE}>;expires=600` } });
    expect(core.engine.state.agent('1001')!.deviceRegistered).toMatchObject({ registered: true, detail: ANN_PHONE });
    expect(core.send('session.login', { agent: '1001', pin: '1001' }).ok).toBe(true);
  });

  it('removing an address the phone is not registered at leaves its registration alone', async () => {
    const core = await makeSipCore();
    registerAnn(core);
    const [, removed] = core.srf().registerPhone({ username: 'ann', password: 'pw-ann', contact: 'sip:ann@192.0.2.99:5062', expires: 0 });
    expect(removed!.last).toMatchObject({ status: 200, headers: { Contact: `<${ANN_PHONE}>;expires=3600` } });
    expect(core.engine.state.agent('1001')!.deviceRegistered).toMatchObject({ registered: true, detail: ANN_PHONE });
  });

  for (const contactHeader of [`*, <sip:ann@192.0.2.99:5062>`, `<sip:ann@192.0.2.99:5062>, *`]) {
    it(`a REGISTER with Contact: ${contactHeader} is refused 400, and the registration stays`, async () => {
      const core = await makeSipCore();
      registerAnn(core);
      const [, res] = core.srf().registerPhone({ username: 'ann', password: 'pw-ann', contact: ANN_PHONE, contactHeader, expires: 0 });
      expect(res!.last).toMatchObject({ status: 400 });
      expect(core.engine.state.agent('1001')!.deviceRegistered).toMatchObject({ registered: true, detail: ANN_PHONE });
    });
  }

  it('Contact: * without Expires: 0 is refused 400 saying why, and the registration stays', async () => {
    const core = await makeSipCore();
    registerAnn(core);
    const [, res] = core.srf().registerPhone({ username: 'ann', password: 'pw-ann', contact: ANN_PHONE, contactHeader: '*', expires: null });
    expect(res!.last).toMatchObject({ status: 400, headers: { Warning: '399 switchboard "Contact * needs Expires: 0"' } });
    expect(core.engine.state.agent('1001')!.deviceRegistered).toMatchObject({ registered: true, detail: ANN_PHONE });
    expect(core.log.at(-1)).toBe('sip: REGISTER for ann refused: Contact * without Expires: 0');
  });

  it('Contact: * with Expires: 0 removes the registration', async () => {
    const core = await makeSipCore();
    registerAnn(core);
    const [, res] = core.srf().registerPhone({ username: 'ann', password: 'pw-ann', contact: ANN_PHONE, contactHeader: '*', expires: 0 });
    expect(res!.last).toMatchObject({ status: 200 });
    expect(core.engine.state.agent('1001')!.deviceRegistered).toMatchObject({ registered: false, detail: 'unregistered' });
  });

  it('a static SIP URI from the configuration counts as reachable from the start', async () => {
    const core = await makeSipCore();
    expect(core.engine.state.agent('1002')!.deviceRegistered).toMatchObject({ registered: true, detail: 'static URI sip:ben@192.0.2.22:5060' });
    expect(core.send('session.login', { agent: '1002', pin: '1002' }).ok).toBe(true);
  });

  it('a phone that registers sends INVITEs to its registered contact, and the one it last registered wins', async () => {
    const core = await makeSipCore();
    registerAnn(core);
    core.srf().registerPhone({ username: 'ann', password: 'pw-ann', contact: 'sip:ann@192.0.2.77:5070' });
    core.login('1001');
    core.srf().callIn('7001');
    await new Promise((r) => setImmediate(r));
    expect(core.srf().invites.map((i) => i.uri)).toEqual(['sip:ann@192.0.2.77:5070']);
  });
});
