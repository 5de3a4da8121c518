import { describe, expect, it } from 'vitest';
import { callerIdentity, parseContacts, parseNameAddr, quoteDisplayName } from '../../src/telephony/sip/name-addr.js';
import { ANN_PHONE, makeSipCore, registerAnn, settle } from './sip-support.js';

/** The caller the core was told about for a call whose INVITE carried these headers. */
async function callerFor(headers: Record<string, string>, calling = '') {
  const core = await makeSipCore();
  core.srf().callInWithHeaders('7001', headers, calling);
  return core.call().caller;
}

describe('caller names from From and P-Asserted-Identity', () => {
  it('reads a quoted display name', async () => {
    expect(await callerFor({ From: '"Pat Caller" <sip:+442071234567@carrier.example>;tag=1' })).toEqual({ number: '+442071234567', name: 'Pat Caller' });
  });

  it('reads an unquoted display name (tokens, as sipp and many carriers send it)', async () => {
    expect(await callerFor({ From: 'sipp <sip:sipp@127.0.0.1:5090>;tag=1' })).toEqual({ number: 'sipp', name: 'sipp' });
    expect(await callerFor({ From: 'Pat   Q.  Caller<sip:+442071234567@carrier.example>;tag=1' })).toEqual({ number: '+442071234567', name: 'Pat Q. Caller' });
  });

  it('unescapes quotes and backslashes inside a quoted name', async () => {
    expect(await callerFor({ From: '"Ann \\"the boss\\" O\\\\Neil" <sip:1002@carrier.example>;tag=1' })).toEqual({ number: '1002', name: 'Ann "the boss" O\\Neil' });
  });

  it('keeps a hostile caller\'s 20,000-character name and 5,000-digit number to what a panel can show, cut on a character', async () => {
    const huge = await callerFor({ From: `"${'🎧'.repeat(20_000)}" <sip:${'9'.repeat(5000)}@carrier.example>;tag=1` });
    expect(Array.from(huge.name!)).toHaveLength(200);
    expect(huge.name!.endsWith('🎧…')).toBe(true); // no half of an emoji before the mark
    expect(huge.number).toHaveLength(64);
    expect(huge.number.endsWith('…')).toBe(true);
  });

  it('keeps UTF-8 in a quoted name', async () => {
    expect(await callerFor({ From: '"Zoë Ångström 李雷" <sip:+33142000000@carrier.example>;tag=1' })).toEqual({ number: '+33142000000', name: 'Zoë Ångström 李雷' });
  });

  it('has no name for a bare URI or an empty quoted name, and unescapes the number', async () => {
    expect(await callerFor({ From: '<sip:%2B4420712@carrier.example>;tag=1' })).toEqual({ number: '+4420712', name: null });
    expect(await callerFor({ From: 'sip:1003@carrier.example;tag=1' })).toEqual({ number: '1003', name: null });
    expect(await callerFor({ From: '"" <sip:1004@carrier.example>;tag=1' })).toEqual({ number: '1004', name: null });
  });

  it('prefers the asserted identity (a tel: URI too), taking the name from From when it has none', async () => {
    expect(
      await callerFor({ From: '"Front Desk" <sip:anonymous@carrier.example>;tag=1', 'P-Asserted-Identity': '<tel:+442079460000>' }),
    ).toEqual({ number: '+442079460000', name: 'Front Desk' });
    expect(await callerFor({ From: '"X" <sip:1@c>;tag=1', 'P-Asserted-Identity': '"Verified Name" <sip:+15550100@carrier.example>' })).toEqual({
      number: '+15550100',
      name: 'Verified Name',
    });
  });

  it('a name that is neither quoted nor tokens (UTF-8 without quotes, against RFC 3261) gives no name, and the number drachtio read', async () => {
    expect(await callerFor({ From: 'Zoë <sip:+33142000000@carrier.example>;tag=1' }, '+33142000000')).toEqual({ number: '+33142000000', name: null });
  });

  it('an INVITE with no usable From is from "anonymous"', () => {
    expect(callerIdentity(() => undefined, '')).toEqual({ number: 'anonymous', name: null });
  });
});

describe('name-addr helpers', () => {
  it('reads header parameters after the URI, not the URI parameters', () => {
    expect(parseNameAddr('<sip:127.0.0.1:5060;transport=udp>;answer-after=0')).toMatchObject({ uri: 'sip:127.0.0.1:5060;transport=udp', hostport: '127.0.0.1:5060', params: { 'answer-after': '0' } });
    expect(parseNameAddr('<answer-after=0>')).toBeNull();
  });

  it('reads every contact of a Contact header with its expires', () => {
    expect(parseContacts('<sip:ann@192.0.2.21:5062>;expires=60, "B" <sip:b@h>;q=0.5').map((c) => [c.uri, c.params.expires])).toEqual([
      ['sip:ann@192.0.2.21:5062', '60'],
      ['sip:b@h', undefined],
    ]);
    expect(parseContacts('*')).toMatchObject([{ uri: '*' }]);
  });

  it('quotes a display name so that quotes and backslashes in it survive, and the parser reads it back', () => {
    const quoted = quoteDisplayName('Ann "the boss" O\\Neil');
    expect(quoted).toBe('"Ann \\"the boss\\" O\\\\Neil"');
    expect(parseNameAddr(`${quoted} <sip:1@h>`)!.name).toBe('Ann "the boss" O\\Neil');
  });
});

describe('names we send', () => {
  it("writes the caller's name into the phone's From as a quoted-string, escaped", async () => {
    const core = await makeSipCore();
    registerAnn(core);
    core.login('1001');
    core.srf().callInWithHeaders('7001', { From: '"Ann \\"the boss\\" Zoë" <sip:+442071234567@carrier.example>;tag=1' });
    await settle();
    const phone = core.srf().inviteTo(ANN_PHONE);
    expect(phone.header('From')).toBe('"Ann \\"the boss\\" Zoë" <sip:+442071234567@localhost>');
    expect(parseNameAddr(phone.header('From'))).toMatchObject({ name: 'Ann "the boss" Zoë', user: '+442071234567' });
  });
});
