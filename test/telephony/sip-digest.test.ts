import { describe, expect, it } from 'vitest';
import { DigestAuth, NONCE_TTL_MS } from '../../src/telephony/sip/digest.js';
import { digestAuthorization, type FakeResponse } from './fake-srf.js';
import { ANN_PHONE, makeSipCore, type SipCore } from './sip-support.js';

const PHONE = '192.0.2.21';
const OTHER = '198.51.100.66';
/** The requests digestAuthorization computes credentials for: a REGISTER to sip:switchboard. */
const REGISTER = { method: 'REGISTER', uri: 'sip:switchboard' };
const passwords = (u: string) => (u === 'ann' ? 'pw-ann' : null);
const nonceOf = (challenge: string) => /nonce="([^"]+)"/.exec(challenge)![1]!;

/** A REGISTER of Ann's with this Authorization, from `address`. */
function register(core: SipCore, authorization: string | null, address = PHONE): FakeResponse {
  return core.srf().registerRaw({ To: '<sip:ann@switchboard>', Contact: `<${ANN_PHONE}>`, Expires: '600', ...(authorization ? { Authorization: authorization } : {}) }, address);
}

function challenge(core: SipCore, address = PHONE): string {
  const res = register(core, null, address);
  expect(res.last!.status).toBe(401);
  return nonceOf(res.last!.headers['WWW-Authenticate']!);
}

describe('digest nonces', () => {
  it('counts each use of a nonce: a larger nc is accepted, the same nc again is a replay challenged with stale=true', () => {
    let now = 1_000_000;
    const auth = new DigestAuth('switchboard', () => now);
    const nonce = nonceOf(auth.challenge(PHONE));
    const first = digestAuthorization({ username: 'ann', password: 'pw-ann', nonce, nc: 1 });
    expect(auth.verify(REGISTER, first, PHONE, passwords)).toEqual({ ok: true, username: 'ann' });
    expect(auth.verify(REGISTER, first, PHONE, passwords)).toMatchObject({ ok: false, challenge: true, stale: true, why: 'a nonce used again (nc=00000001)' });
    now += 60_000;
    expect(auth.verify(REGISTER, digestAuthorization({ username: 'ann', password: 'pw-ann', nonce, nc: 2 }), PHONE, passwords)).toEqual({ ok: true, username: 'ann' });
    expect(auth.verify(REGISTER, digestAuthorization({ username: 'ann', password: 'pw-ann', nonce, nc: 2 }), PHONE, passwords)).toMatchObject({ challenge: true, stale: true });
  });

  it('takes a nonce used without qop once only', () => {
    const auth = new DigestAuth('switchboard', () => 5_000);
    const nonce = nonceOf(auth.challenge(PHONE));
    const once = digestAuthorization({ username: 'ann', password: 'pw-ann', nonce, qop: false });
    expect(auth.verify(REGISTER, once, PHONE, passwords)).toEqual({ ok: true, username: 'ann' });
    expect(auth.verify(REGISTER, once, PHONE, passwords)).toMatchObject({ challenge: true, stale: true });
  });

  it('binds a nonce to the address it was issued to and to the realm', () => {
    const auth = new DigestAuth('switchboard', () => 5_000);
    const nonce = nonceOf(auth.challenge(PHONE));
    const creds = digestAuthorization({ username: 'ann', password: 'pw-ann', nonce });
    expect(auth.verify(REGISTER, creds, OTHER, passwords)).toEqual({ ok: false, challenge: true, stale: false, why: 'a nonce not issued by us to this address' });
    // The same key in another realm did not issue it either.
    const elsewhere = new DigestAuth('elsewhere', () => 5_000, Buffer.alloc(32, 1));
    const here = new DigestAuth('switchboard', () => 5_000, Buffer.alloc(32, 1));
    const theirs = nonceOf(elsewhere.challenge(PHONE));
    const claimed = digestAuthorization({ username: 'ann', password: 'pw-ann', nonce: theirs });
    expect(here.verify(REGISTER, claimed, PHONE, passwords)).toMatchObject({ challenge: true, stale: false, why: 'a nonce not issued by us to this address' });
    expect(here.verify(REGISTER, digestAuthorization({ username: 'ann', password: 'pw-ann', nonce: theirs, realm: 'elsewhere' }), PHONE, passwords)).toMatchObject({
      challenge: true,
      why: 'realm "elsewhere" is not ours',
    });
  });

  it('answers right credentials on an expired nonce with stale=true, wrong ones with a refusal', () => {
    let now = 10_000;
    const auth = new DigestAuth('switchboard', () => now);
    const nonce = nonceOf(auth.challenge(PHONE));
    now += NONCE_TTL_MS + 1;
    expect(auth.verify(REGISTER, digestAuthorization({ username: 'ann', password: 'pw-ann', nonce }), PHONE, passwords)).toMatchObject({ challenge: true, stale: true, why: 'an expired nonce' });
    expect(auth.verify(REGISTER, digestAuthorization({ username: 'ann', password: 'guess', nonce }), PHONE, passwords)).toEqual({
      ok: false,
      challenge: false,
      username: 'ann',
      reason: 'wrong password for ann',
    });
  });

  it('keeps counts for a bounded number of nonces; nonces older than one it had to forget count as stale, never as new', () => {
    let now = 0;
    const auth = new DigestAuth('switchboard', () => now, undefined, 3);
    const nonces = [1, 2, 3, 4].map(() => {
      now += 1;
      return nonceOf(auth.challenge(PHONE));
    });
    for (const nonce of nonces) expect(auth.verify(REGISTER, digestAuthorization({ username: 'ann', password: 'pw-ann', nonce }), PHONE, passwords).ok).toBe(true);
    expect(auth.tracked).toBe(3);
    // The first nonce's count was forgotten: replaying it must not pass as a first use.
    expect(auth.verify(REGISTER, digestAuthorization({ username: 'ann', password: 'pw-ann', nonce: nonces[0]!, nc: 1 }), PHONE, passwords)).toMatchObject({ challenge: true, stale: true });
    // Expired nonces leave the table as time passes.
    now += NONCE_TTL_MS + 10;
    const fresh = nonceOf(auth.challenge(PHONE));
    expect(auth.verify(REGISTER, digestAuthorization({ username: 'ann', password: 'pw-ann', nonce: fresh }), PHONE, passwords).ok).toBe(true);
    expect(auth.tracked).toBe(1);
  });
});

describe('REGISTER over the adapter', () => {
  it('a captured REGISTER replayed later is challenged, not accepted, and the binding it carried is not made', async () => {
    const core = await makeSipCore();
    const nonce = challenge(core);
    const captured = digestAuthorization({ username: 'ann', password: 'pw-ann', nonce });
    expect(register(core, captured).last!.status).toBe(200);
    core.srf().registerRaw({ To: '<sip:ann@switchboard>', Contact: '*', Expires: '0', Authorization: digestAuthorization({ username: 'ann', password: 'pw-ann', nonce, nc: 2 }) }, PHONE);
    expect(core.engine.state.agent('1001')!.deviceRegistered).toMatchObject({ registered: false });
    const replay = register(core, captured);
    expect(replay.last).toMatchObject({ status: 401 });
    expect(replay.last!.headers['WWW-Authenticate']).toMatch(/stale=true/);
    expect(core.engine.state.agent('1001')!.deviceRegistered).toMatchObject({ registered: false });
  });

  it('credentials computed for another Request-URI are refused 400 and register nothing; the same case-folded are accepted', async () => {
    const core = await makeSipCore();
    const elsewhere = register(core, digestAuthorization({ username: 'ann', password: 'pw-ann', nonce: challenge(core), uri: 'sip:elsewhere.example' }));
    expect(elsewhere.last).toMatchObject({ status: 400, headers: { Warning: '399 switchboard "the Authorization uri is not the Request-URI"' } });
    expect(core.engine.state.agent('1001')!.deviceRegistered).not.toMatchObject({ registered: true });
    expect(core.log.join('\n')).toMatch(`REGISTER refused from ${PHONE}: the Authorization's uri "sip:elsewhere.example" is not the Request-URI sip:switchboard`);
    // Not a password guess: the phone is not locked out, and a right digest registers it.
    expect(register(core, digestAuthorization({ username: 'ann', password: 'pw-ann', nonce: challenge(core), uri: 'SIP:Switchboard' })).last!.status).toBe(200);
  });

  it('right credentials whose nc is not 8 hex digits are refused 400 saying so, not taken for a replay, and lock nobody out', async () => {
    const core = await makeSipCore();
    for (const nc of ['zzzzzzzz', 'ffffffffffffffff', '1']) {
      const res = register(core, digestAuthorization({ username: 'ann', password: 'pw-ann', nonce: challenge(core), nc }));
      expect(res.last).toMatchObject({ status: 400, headers: { Warning: '399 switchboard "the Authorization nc must be 8 hexadecimal digits"' } });
      expect(core.log.at(-1)).toBe(`sip: REGISTER refused from ${PHONE}: the Authorization has qop but nc "${nc}", not 8 hexadecimal digits`);
    }
    expect(core.engine.state.agent('1001')!.deviceRegistered).not.toMatchObject({ registered: true });
    // Five of them were no password guesses: the phone is not locked out, and a right digest registers it.
    for (let i = 0; i < 3; i++) register(core, digestAuthorization({ username: 'ann', password: 'pw-ann', nonce: challenge(core), nc: 'x' }));
    expect(register(core, digestAuthorization({ username: 'ann', password: 'pw-ann', nonce: challenge(core) })).last!.status).toBe(200);
  });

  it('a nonce sent from another address than the one challenged gets a fresh challenge', async () => {
    const core = await makeSipCore();
    const nonce = challenge(core, PHONE);
    const stolen = register(core, digestAuthorization({ username: 'ann', password: 'pw-ann', nonce }), OTHER);
    expect(stolen.last!.status).toBe(401);
    expect(core.log.join('\n')).toMatch(`REGISTER from ${OTHER} challenged again: a nonce not issued by us to this address`);
  });

  it('locks out an address after five wrong passwords (the PIN limits): 403 with Retry-After, even with the right password', async () => {
    const core = await makeSipCore();
    for (let i = 0; i < 5; i++) {
      const nonce = challenge(core, OTHER);
      expect(register(core, digestAuthorization({ username: 'ann', password: `guess${i}`, nonce }), OTHER).last!.status).toBe(403);
    }
    const locked = register(core, null, OTHER);
    expect(locked.last).toMatchObject({ status: 403, headers: { 'Retry-After': '300' } });
    expect(locked.last!.headers.Warning).toBe('399 switchboard "too many failed registrations for address 198.51.100.66; try again in 5 minutes"');
    expect(core.log.join('\n')).toMatch('REGISTER refused from 198.51.100.66: too many failed registrations for address 198.51.100.66');
    // The lockout ends when its time is up.
    core.clock.advance(300_000);
    expect(core.srf().registerPhone({ username: 'cy', password: 'pw-cy', contact: 'sip:cy@198.51.100.66', address: OTHER }).map((r) => r.last!.status)).toEqual([401, 200]);
  });

  it('locks out a username guessed at from many addresses, whatever address it comes from next', async () => {
    const core = await makeSipCore();
    for (let i = 0; i < 5; i++) {
      const from = `203.0.113.${i + 1}`;
      const nonce = challenge(core, from);
      expect(register(core, digestAuthorization({ username: 'ann', password: 'x', nonce }), from).last!.status).toBe(403);
    }
    const responses = core.srf().registerPhone({ username: 'ann', password: 'pw-ann', contact: ANN_PHONE, address: PHONE });
    expect(responses.map((r) => r.last!.status)).toEqual([403]);
    expect(responses[0]!.last!.headers.Warning).toMatch(/too many failed registrations for SIP user ann/);
    // Another user at the same time is not affected.
    expect(core.srf().registerPhone({ username: 'cy', password: 'pw-cy', contact: 'sip:cy@192.0.2.23' }).map((r) => r.last!.status)).toEqual([401, 200]);
  });

  it('a good registration clears the failures counted for its username', async () => {
    const core = await makeSipCore();
    for (let i = 0; i < 4; i++) register(core, digestAuthorization({ username: 'ann', password: 'x', nonce: challenge(core, `203.0.113.${i + 1}`) }), `203.0.113.${i + 1}`);
    expect(core.srf().registerPhone({ username: 'ann', password: 'pw-ann', contact: ANN_PHONE }).map((r) => r.last!.status)).toEqual([401, 200]);
    register(core, digestAuthorization({ username: 'ann', password: 'x', nonce: challenge(core, '203.0.113.9') }), '203.0.113.9');
    expect(core.srf().registerPhone({ username: 'ann', password: 'pw-ann', contact: ANN_PHONE }).map((r) => r.last!.status)).toEqual([401, 200]);
  });

  it('answers a REGISTER flood from one address with 503 and Retry-After, before making any nonce', async () => {
    const core = await makeSipCore({ registerFlood: { addressBurst: 10, addressPerSecond: 5, usernameBurst: 100, usernamePerSecond: 100 } });
    const statuses = Array.from({ length: 12 }, () => register(core, null, OTHER).last!.status);
    expect(statuses).toEqual([...Array(10).fill(401), 503, 503]);
    const refused = register(core, null, OTHER).last!;
    expect(refused.headers['WWW-Authenticate']).toBeUndefined();
    expect(refused.headers['Retry-After']).toBe('1');
    expect(refused.headers.Warning).toBe('399 switchboard "too many REGISTER requests for address 198.51.100.66"');
    // Other addresses are served meanwhile, and the flooding one again once its rate is back under the limit.
    expect(register(core, null, PHONE).last!.status).toBe(401);
    core.clock.advance(1000);
    expect(Array.from({ length: 6 }, () => register(core, null, OTHER).last!.status)).toEqual([401, 401, 401, 401, 401, 503]);
  });

  it('answers a flood for one username from many addresses with 503', async () => {
    const core = await makeSipCore({ registerFlood: { addressBurst: 100, addressPerSecond: 100, usernameBurst: 3, usernamePerSecond: 1 } });
    const statuses = [1, 2, 3, 4].map((i) => register(core, null, `203.0.113.${i}`).last!.status);
    expect(statuses).toEqual([401, 401, 401, 503]);
    expect(core.srf().registerPhone({ username: 'cy', password: 'pw-cy', contact: 'sip:cy@192.0.2.23' }).map((r) => r.last!.status)).toEqual([401, 200]);
  });
});
