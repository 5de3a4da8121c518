import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/config/parse.js';
import { autoAnswerHeaders } from '../../src/telephony/sip/headers.js';
import { parseNameAddr } from '../../src/telephony/sip/name-addr.js';
import { makeSipCore, settle } from './sip-support.js';

/** Agents 1101.. with the given phone make, each alone in a queue 71xx of its own, static URIs. */
function deskAgents(makes: string[]) {
  return {
    extraAgents: makes.map(
      (make, i) =>
        `{ number: "11${String(i + 1).padStart(2, '0')}", name: Desk ${make}, email: d${i}@x.io, pin: "11${String(i + 1).padStart(2, '0')}", password: pass, device: deskphone, autoAnswer: true, voiceQueues: ["71${String(i + 1).padStart(2, '0')}"], sip: { uri: "sip:desk${i}@192.0.2.${100 + i}:5060", phone: ${make} } }`,
    ),
    extraQueues: makes.map((make, i) => `{ number: "71${String(i + 1).padStart(2, '0')}", name: Q ${make}, strategy: linear, ringTimeoutSeconds: 20, wrapUpSeconds: 0 }`),
  };
}

describe('auto-answer headers', () => {
  it('are in the <URI>;params form: the parameter is a header parameter after a URI naming us', () => {
    const headers = autoAnswerHeaders('standard', '10.1.2.3:5060');
    expect(headers).toEqual({ 'Call-Info': '<sip:10.1.2.3:5060>;answer-after=0', 'Alert-Info': '<http://10.1.2.3>;info=alert-autoanswer' });
    expect(parseNameAddr(headers['Call-Info'])).toMatchObject({ uri: 'sip:10.1.2.3:5060', params: { 'answer-after': '0' } });
    expect(parseNameAddr(headers['Alert-Info']!.replace('http:', 'sip:'))!.params).toEqual({ info: 'alert-autoanswer' });
    expect(autoAnswerHeaders('standard', '[2001:db8::5]:5060')['Alert-Info']).toBe('<http://[2001:db8::5]>;info=alert-autoanswer');
  });

  it('differ by phone make: Polycom reads Alert-Info with a delay, Cisco and Broadsoft Call-Info only, Snom, Yealink and Grandstream both', async () => {
    const makes = ['polycom', 'cisco', 'broadsoft', 'snom', 'yealink', 'grandstream'];
    const core = await makeSipCore(deskAgents(makes));
    for (let i = 0; i < makes.length; i++) core.login(`11${String(i + 1).padStart(2, '0')}`);
    for (let i = 0; i < makes.length; i++) core.srf().callIn(`71${String(i + 1).padStart(2, '0')}`);
    await settle();
    const sent = Object.fromEntries(makes.map((make, i) => [make, core.srf().inviteTo(`desk${i}@`).headers]));
    const autoAnswer = (h: Record<string, string>) => ({ callInfo: h['Call-Info'], alertInfo: h['Alert-Info'] });
    expect(autoAnswer(sent.polycom!)).toEqual({ callInfo: undefined, alertInfo: '<http://127.0.0.1>;info=alert-autoanswer;delay=0' });
    expect(autoAnswer(sent.cisco!)).toEqual({ callInfo: '<sip:127.0.0.1:5060>;answer-after=0', alertInfo: undefined });
    expect(autoAnswer(sent.broadsoft!)).toEqual(autoAnswer(sent.cisco!));
    for (const make of ['snom', 'yealink', 'grandstream']) {
      expect(autoAnswer(sent[make]!)).toEqual({ callInfo: '<sip:127.0.0.1:5060>;answer-after=0', alertInfo: '<http://127.0.0.1>;info=alert-autoanswer' });
    }
  });

  it("name the drachtio server's UDP address as it announced it on connecting", async () => {
    const core = await makeSipCore({ connect: false, ...deskAgents(['standard']) });
    core.srf().up('tcp/203.0.113.5:5080,udp/203.0.113.5:5070');
    core.login('1101');
    core.srf().callIn('7101');
    await settle();
    expect(core.srf().inviteTo('desk0@').header('Call-Info')).toBe('<sip:203.0.113.5:5070>;answer-after=0');
  });

  it('a phone make the configuration does not know is refused with the makes it knows', () => {
    expect(() => parseConfig('agents:\n  - { number: "1001", name: A, email: a@x.io, pin: "1001", password: pass, sip: { uri: "sip:a@h", phone: nokia } }', 'c.yaml')).toThrow(
      /agents\[0\]\.sip\.phone: expected one of standard, polycom, cisco, broadsoft, snom, yealink, grandstream/,
    );
  });
});
