import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/config/parse.js';
import { importLeads } from '../../src/core/dialer/import.js';
import type { Origin } from '../../src/core/context.js';
import type { Call } from '../../src/core/protocol/model.js';
import { startServer, type RunningServer } from '../../src/server/runtime.js';
import type { SipTimeouts } from '../../src/telephony/sip/context.js';
import { integrationTarget, SKIP_INTEGRATION, startSipp, until, type IntegrationTarget, type SippRun } from './sipp.js';
import { floodInvites } from './udp-invite.js';
import { rawPhone } from './udp-register.js';
import { registerOverTcp } from './tcp-register.js';

/**
 * switchboard against a real drachtio server, with sipp playing the carrier,
 * the leads and the deskphones (scenarios in test/telephony/sipp/). Runs only
 * when SWITCHBOARD_DRACHTIO=host:port:secret is set and sipp is installed;
 * see README "Telephony over SIP" for the other variables and the ports.
 *
 * Ports on SWITCHBOARD_SIPP_IP: 5071 Ann's deskphone (registers), 5072 Ben's,
 * 5073 Cy's and 5074 Dee's Polycom (static URIs), 5080 the trunk (leads),
 * 5090 the carrier. A sipp starts once the one before it on its port has
 * exited (sipp.ts), and a phone's is waited for until the kernel shows it
 * bound, without the suite ever binding the port itself.
 */
const target = integrationTarget();

/** `sip` adds the configuration's sip: section (a YAML flow map). */
function config(t: IntegrationTarget, sip?: string) {
  return parseConfig(
    `${sip ? `sip: ${sip}\n` : ''}
center: { name: Integration, timeZone: UTC }
dialer: { channelLimit: 10, pacingSeconds: 1, defaultRegion: GB }
voiceQueues:
  - { number: "7001", name: Support, strategy: linear, ringTimeoutSeconds: 10, wrapUpSeconds: 0 }
  - { number: "7002", name: Sales, strategy: linear, ringTimeoutSeconds: 3, wrapUpSeconds: 0, maxMissedOffers: 1 }
  - { number: "7003", name: Desk, strategy: linear, ringTimeoutSeconds: 10, wrapUpSeconds: 0, maxMissedOffers: 1 }
  - { number: "7004", name: Polycom, strategy: linear, ringTimeoutSeconds: 10, wrapUpSeconds: 0 }
campaigns:
  - { id: pow, name: Power, strategy: power, powerNumber: 2, timeZone: UTC, callingWindow: { start: "00:00", end: "23:59" } }
agents:
  - { number: "1001", name: Ann, email: ann@x.io, pin: "1001", password: pass, device: deskphone, autoAnswer: true, voiceQueues: ["7001", "7003"], sip: { username: ann, password: pw-ann } }
  - { number: "1002", name: Ben, email: ben@x.io, pin: "1002", password: pass, device: deskphone, voiceQueues: ["7002"], sip: { uri: "sip:ben@${t.ip}:5072" } }
  - { number: "1003", name: Cy, email: cy@x.io, pin: "1003", password: pass, device: deskphone, autoAnswer: true, voiceQueues: ["7003"], campaigns: [pow], sip: { uri: "sip:cy@${t.ip}:5073" } }
  - { number: "1004", name: Dee, email: dee@x.io, pin: "1004", password: pass, device: deskphone, autoAnswer: true, voiceQueues: ["7004"], sip: { uri: "sip:dee@${t.ip}:5074", phone: polycom } }
`,
    'integration.yaml',
  );
}

describe('SIP integration', () => {
  if (!target) {
    it.skip(SKIP_INTEGRATION, () => {});
    return;
  }
  const t = target;
  let server: RunningServer;
  const running: SippRun[] = [];
  /** The server's log and every version of every call, printed when a test fails. */
  let log: string[] = [];
  let seen: Call[] = [];
  let ids = 0;

  const sipp = async (scenario: string, port: number, args: string[]) => {
    const run = await startSipp(scenario, args, { ip: t.ip, port });
    running.push(run);
    return run;
  };
  /** sipp playing a phone or a lead on `port`, once it listens. */
  const answering = async (scenario: string, port: number, calls = 1) => {
    const run = await sipp(scenario, port, ['-m', String(calls)]);
    await run.listening();
    return run;
  };
  /** sipp toward the drachtio server (carrier, registering phones). */
  const toDrachtio = (scenario: string, port: number, args: string[] = []) => sipp(scenario, port, ['-m', '1', ...args, t.sip]);
  const passed = async (run: SippRun | Promise<SippRun>) => {
    const { code, output, logs } = await (await run).done;
    expect(code, output).toBe(0);
    return logs;
  };
  const login = (agent: string, extra: Record<string, unknown> = {}) => {
    const r = server.engine.handle({ v: 1, id: `i${++ids}`, cmd: 'session.login', args: { agent, pin: agent, ...extra } }, { principal: null, address: 'it' });
    if (!r.ok) throw new Error(`${agent}: ${r.error.message}`);
    const origin: Origin = { principal: server.engine.authenticate((r.result as { token: string }).token), address: 'it' };
    return (cmd: string, args: Record<string, unknown> = {}) => {
      const res = server.engine.handle({ v: 1, id: `i${++ids}`, cmd, args }, origin);
      if (!res.ok) throw new Error(`${cmd}: ${res.error.message}`);
      return res.result;
    };
  };
  const calls = () => [...server.engine.state.all('call')];
  /** The caller has our 200 OK and the phone is up: a hang-up now ends a call, not one still being answered. */
  const connected = () =>
    until(() => {
      const legs = server.sip!.describeLegs();
      return legs.some((l) => l.role === 'caller' && l.state === 'up') && legs.some((l) => l.role === 'phone' && l.state === 'up');
    }, 'the caller and the phone to be connected');
  const registerAnn = async () => {
    await passed(toDrachtio('phone-register.xml', 5071, ['-s', 'ann', '-au', 'ann', '-ap', 'pw-ann']));
    await until(() => server.engine.state.agent('1001')?.deviceRegistered?.registered === true, "Ann's deskphone to be registered");
  };

  /**
   * The test's server on the drachtio server, its log and calls recorded, once
   * drachtio has accepted it. `sip` is the configuration's sip: section;
   * `timeouts` overrides the adapter's (phoneKeepAlive: 0 turns the keep-alive
   * OPTIONS off, where sip.phoneKeepAliveSeconds would otherwise apply).
   */
  const startSipServer = async (options: { sip?: string; timeouts?: Partial<SipTimeouts> } = {}) => {
    server = await startServer({
      config: config(t, options.sip),
      dataDir: null,
      port: null,
      simulate: false,
      sip: { drachtio: t.drachtio, trunk: `${t.ip}:5080`, timeouts: options.timeouts },
      log: (line) => log.push(line),
    });
    server.engine.subscribe((events) => {
      for (const e of events) if (e.ev === 'call.updated') seen.push(e.data.call as Call);
    });
    await until(() => server.engine.isTelephonyReady(), 'the drachtio server to accept the connection');
  };

  beforeEach(async () => {
    log = [];
    seen = [];
    // The sipp phones do not answer the keep-alive OPTIONS (keepalive.ts): only the test of a vanished phone has them.
    await startSipServer({ timeouts: { phoneKeepAlive: 0 } });
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') console.log(`server log:\n${log.join('\n')}`);
    // Every sipp has exited (and let go of its port) before the next test starts one.
    await Promise.all(running.splice(0).map((run) => run.stop()));
    await server.close();
  });

  it('registration with digest auth: 401 then 200; a wrong password gets 401 then 403', { timeout: 60_000 }, async () => {
    await passed(toDrachtio('phone-register-refused.xml', 5071, ['-s', 'ann', '-au', 'ann', '-ap', 'wrong']));
    expect(server.engine.state.agent('1001')!.deviceRegistered ?? null).toBeNull();
    await registerAnn();
    expect(server.engine.state.agent('1001')!.deviceRegistered!.detail).toContain(':5071');
  });

  it('inbound to queue to phone: auto-answer, hold and resume by NOTIFY (re-INVITEs passed to the caller), hang up', { timeout: 60_000 }, async () => {
    await registerAnn();
    const phone = await answering('phone-hold.xml', 5071);
    const ann = login('1001');
    const carrier = await toDrachtio('carrier-hold.xml', 5090, ['-s', '7001']);
    await until(() => calls()[0]?.state === 'on-call', 'the call to be answered');
    expect(calls()[0]).toMatchObject({ queue: '7001', caller: { number: '+442071234567', name: 'Pat Caller' } });
    ann('call.hold');
    await new Promise((r) => setTimeout(r, 1500)); // the phone's NOTIFY, re-INVITE and our relay
    ann('call.resume');
    await new Promise((r) => setTimeout(r, 1500));
    ann('call.hangup');
    await passed(carrier);
    await passed(phone);
  });

  it('hold and resume by re-INVITEs to both sides when the phone refuses NOTIFY (489)', { timeout: 60_000 }, async () => {
    await registerAnn();
    const phone = await answering('phone-held.xml', 5071);
    const ann = login('1001');
    const carrier = await toDrachtio('carrier-hold.xml', 5090, ['-s', '7001']);
    await until(() => calls()[0]?.state === 'on-call', 'the call to be answered');
    ann('call.hold');
    await new Promise((r) => setTimeout(r, 1000));
    ann('call.resume');
    await new Promise((r) => setTimeout(r, 1000));
    ann('call.hangup');
    await passed(carrier);
    await passed(phone);
  });

  it('DTMF by SIP INFO (application/dtmf-relay) is passed across: the caller\'s 5 to the phone, the phone\'s # to the caller', { timeout: 60_000 }, async () => {
    await registerAnn();
    const phone = await answering('phone-dtmf-info.xml', 5071);
    const ann = login('1001');
    const carrier = await toDrachtio('carrier-dtmf-info.xml', 5090, ['-s', '7001']);
    await until(() => calls()[0]?.state === 'on-call', 'the call to be answered');
    await connected();
    await new Promise((r) => setTimeout(r, 1500)); // both INFOs, each passed on and answered
    ann('call.hangup');
    await passed(carrier);
    await passed(phone);
  });

  it('an INVITE flood from one address: past the burst (30) it is answered 503 with Retry-After, and no call is made for those', { timeout: 60_000 }, async () => {
    const answers = await floodInvites(t.ip, t.sip, '7001', 60);
    const refused = answers.filter((a) => a.status === 503);
    expect(refused.length).toBeGreaterThanOrEqual(20);
    expect(refused.every((a) => Number(a.retryAfter) >= 1)).toBe(true);
    expect(answers.filter((a) => a.status === 180).length).toBe(60 - refused.length);
    expect(calls().length).toBe(60 - refused.length);
  });

  it("a caller's side that refuses the resume (488): the phone is taken off hold anyway and the agent is told", { timeout: 60_000 }, async () => {
    await registerAnn();
    const phone = await answering('phone-held.xml', 5071);
    const ann = login('1001');
    const carrier = await toDrachtio('carrier-resume-refused.xml', 5090, ['-s', '7001']);
    await until(() => calls()[0]?.state === 'on-call', 'the call to be answered');
    ann('call.hold');
    await new Promise((r) => setTimeout(r, 1000));
    ann('call.resume');
    await until(() => /^Resume failed/.test(calls()[0]?.progress ?? ''), 'the agent to be told the resume failed');
    expect(calls()[0]).toMatchObject({ state: 'on-call' });
    expect(calls()[0]!.progress).toMatch(/^Resume failed: SIP 488 Not Acceptable Here/);
    await new Promise((r) => setTimeout(r, 1000)); // the phone's resume re-INVITE
    ann('call.hangup');
    await passed(carrier);
    await passed(phone);
  });

  it("a caller's side that answers the resume 491 (glare): it is sent again within 2 s, the call resumes and the agent is told nothing", { timeout: 60_000 }, async () => {
    await registerAnn();
    const phone = await answering('phone-held.xml', 5071);
    const ann = login('1001');
    const carrier = await toDrachtio('carrier-resume-glare.xml', 5090, ['-s', '7001']);
    await until(() => calls()[0]?.state === 'on-call', 'the call to be answered');
    ann('call.hold');
    await new Promise((r) => setTimeout(r, 1000));
    ann('call.resume');
    await new Promise((r) => setTimeout(r, 3000)); // the 491, up to 2 s, the re-INVITE again and the phone's
    expect(calls()[0]).toMatchObject({ state: 'on-call' });
    expect(calls()[0]!.progress ?? '').not.toMatch(/Resume failed/);
    ann('call.hangup');
    await passed(carrier);
    await passed(phone);
  });

  it("a caller who hangs up before ACKing our 200 OK: both legs end and the agent is free", { timeout: 60_000 }, async () => {
    await registerAnn();
    const phone = await answering('phone-answer.xml', 5071);
    login('1001');
    const carrier = await toDrachtio('carrier-bye-before-ack.xml', 5090, ['-s', '7001']);
    await passed(carrier);
    // The BYE comes as drachtio-srf learns our 200 OK was sent, often in the same read: the race this is about.
    await until(() => seen.some((c) => c.state === 'ended') && calls().length === 0 && server.sip!.liveLegs() === 0, 'the call to end and every leg to go');
    expect(server.engine.state.agent('1001')).toMatchObject({ activity: 'idle' }); // wrap-up is 0 s in 7001
    await passed(phone); // hung up by us
  });

  it('a caller who never ACKs our 200 OK: after 32 s the drachtio server ends it, and the call ends saying why, the agent free', { timeout: 60_000 }, async () => {
    await registerAnn();
    const phone = await answering('phone-answer.xml', 5071);
    login('1001');
    const carrier = await toDrachtio('carrier-no-ack.xml', 5090, ['-s', '7001']);
    await until(() => calls()[0]?.state === 'on-call', 'the call to be answered');
    await passed(carrier); // the drachtio server's BYE, with Reason "ACK timeout"
    await until(() => seen.some((c) => c.state === 'ended') && server.sip!.liveLegs() === 0, 'the call to end and every leg to go');
    expect(seen.find((c) => c.state === 'ended')).toMatchObject({
      endCause: 'failed',
      progress: 'the far end never confirmed our answer (no ACK within 32 s), so the SIP server ended the call',
    });
    expect(server.engine.state.agent('1001')).toMatchObject({ activity: 'idle' });
    expect(log.some((l) => /ended, failed: the far end never confirmed our answer/.test(l))).toBe(true);
    await passed(phone); // hung up by us
  });

  it("a phone resumed by NOTIFY whose re-INVITE the caller's side refuses (488) is answered 200 anyway, and the agent told", { timeout: 60_000 }, async () => {
    await registerAnn();
    const phone = await answering('phone-hold.xml', 5071);
    const ann = login('1001');
    const carrier = await toDrachtio('carrier-resume-refused.xml', 5090, ['-s', '7001']);
    await until(() => calls()[0]?.state === 'on-call', 'the call to be answered');
    ann('call.hold');
    await new Promise((r) => setTimeout(r, 1500)); // the phone's NOTIFY, re-INVITE and our relay
    ann('call.resume');
    await until(() => /^Resume failed/.test(calls()[0]?.progress ?? ''), 'the agent to be told the resume failed');
    expect(calls()[0]).toMatchObject({ state: 'on-call' });
    ann('call.hangup');
    await passed(carrier);
    await passed(phone);
  });

  it('an INVITE to a number that is no queue is answered 404', { timeout: 30_000 }, async () => {
    await passed(toDrachtio('carrier-unknown.xml', 5090, ['-s', '9999']));
    expect(calls()).toEqual([]);
  });

  it('an INVITE requiring an extension we do not do (Replaces) is answered 420 with Unsupported', { timeout: 30_000 }, async () => {
    await passed(toDrachtio('carrier-require.xml', 5090, ['-s', '7001']));
    expect(calls()).toEqual([]);
  });

  it('a phone\'s OPTIONS ping is answered 200 and its SUBSCRIBE for the voicemail light 405, not the drachtio server\'s 503', { timeout: 30_000 }, async () => {
    await passed(toDrachtio('phone-options.xml', 5071, ['-s', 'ann']));
    await passed(toDrachtio('phone-subscribe-mwi.xml', 5071, ['-s', 'ann']));
  });

  it('blind transfer by REFER: Referred-By names switchboard, sipfrag progress, then our side hangs up', { timeout: 60_000 }, async () => {
    await registerAnn();
    const phone = await answering('phone-answer.xml', 5071);
    const ann = login('1001');
    const carrier = await toDrachtio('carrier-refer.xml', 5090, ['-s', '7001']);
    await until(() => calls()[0]?.state === 'on-call', 'the call to be answered');
    ann('call.transfer', { number: '+441632960001' });
    // Us, at the drachtio server's address the carrier sent the call to: not the carrier's own host.
    expect(await passed(carrier)).toContain(`Referred-By: <sip:switchboard@${t.sip}>`);
    await passed(phone);
    expect(seen.at(-1)).toMatchObject({ state: 'ended', endCause: 'transferred', transfer: { to: '+441632960001', kind: 'number' } });
  });

  it("click-to-dial: the agent's phone first (no offer, auto-answer), then the number with the phone's offer", { timeout: 60_000 }, async () => {
    await registerAnn();
    const phone = await answering('phone-offerless.xml', 5071);
    const lead = await answering('lead-answer.xml', 5080);
    const ann = login('1001');
    ann('call.dial', { to: '+441632960002' });
    await until(() => calls()[0]?.state === 'on-call', 'the number to answer');
    // The number's answer goes to the phone in a re-INVITE: hang up once that is under way.
    await until(() => server.sip!.describeLegs().some((l) => l.role === 'phone' && l.peer !== null), "Ann's phone to be joined to the number");
    ann('call.hangup');
    await passed(lead);
    await passed(phone);
  });

  it('power dialing with a drop: two leads answer, one is bridged to the idle agent, the other is dropped', { timeout: 60_000 }, async () => {
    const leads = await answering('lead-offerless.xml', 5080, 2);
    const phone = await answering('phone-answer.xml', 5073);
    const imported = server.engine.run((ctx) => importLeads(ctx, 'pow', [{ line: 2, phone: '+442079460011' }, { line: 3, phone: '+442079460012' }]));
    expect(imported.imported).toBe(2);
    const cy = login('1003', { strategy: 'outbound', campaign: 'pow' });
    // The core puts the call on-call when the lead answers; the phone's answer then completes it.
    await until(() => server.sip!.describeLegs().some((l) => l.role === 'phone' && l.state === 'up' && l.peer !== null), "Cy's phone to be connected to a lead");
    await until(() => [...server.engine.state.all('lead')].some((l) => l.status === 'dropped'), 'the other lead to be dropped');
    cy('call.hangup');
    await passed(leads);
    await passed(phone);
  });

  it('a phone that answers with no SDP is hung up, the offer counts as missed, the caller is not answered', { timeout: 60_000 }, async () => {
    const phone = await answering('phone-nosdp.xml', 5072);
    login('1002');
    const carrier = await toDrachtio('carrier-abandon.xml', 5090, ['-s', '7002']);
    await passed(phone);
    await passed(carrier);
    expect(server.engine.state.agent('1002')).toMatchObject({ status: 'paused', pauseReason: 'No answer' });
    expect(log.join('\n')).toMatch(/answered without SDP/);
  });

  it('a phone that never answers: CANCELled at the ring timeout, the agent paused "No answer", the caller abandons', { timeout: 60_000 }, async () => {
    const phone = await answering('phone-noanswer.xml', 5072);
    login('1002');
    const carrier = await toDrachtio('carrier-abandon.xml', 5090, ['-s', '7002']);
    await passed(phone);
    await passed(carrier);
    expect(server.engine.state.agent('1002')).toMatchObject({ status: 'paused', pauseReason: 'No answer' });
    await until(() => (server.engine.state.stats('7002')?.abandoned ?? 0) === 1, 'the abandoned call to be counted');
  });
  it('a phone that is not there (drachtio answers 503) is no missed offer: the call goes to the next agent at once', { timeout: 60_000 }, async () => {
    await registerAnn(); // then nothing listens on Ann's port: her INVITE cannot be delivered
    const cy = await answering('phone-answer.xml', 5073);
    login('1001');
    login('1003');
    const started = Date.now();
    const carrier = await toDrachtio('carrier-inbound.xml', 5090, ['-s', '7003']);
    await until(() => calls()[0]?.state === 'on-call', 'the call to be answered');
    const waited = Date.now() - started;
    expect(calls()[0]).toMatchObject({ agent: '1003' });
    // Well within the queue's 10 s ring timeout, and within the 2 s the adapter gives a silent phone.
    expect(waited).toBeLessThan(2_000);
    expect(server.engine.state.agent('1001')).toMatchObject({
      status: 'available',
      missedOffers: 0,
      deviceUnreachable: { failures: 1, reason: expect.stringMatching(/could not be reached \(SIP 503|did not respond within 2 s/) },
    });
    await connected();
    login('1003')('call.hangup');
    await passed(carrier);
    await passed(cy);
  });

  it("a phone that registered over TCP, lost the connection and registered again over UDP: drachtio's 410 Gone is no decline", { timeout: 60_000 }, async () => {
    // The drachtio server sends requests for ann@IP over the TCP connection she registered on while that
    // registration lasts, whatever she registers later, and answers 410 Gone once that connection is broken.
    const overTcp = await registerOverTcp(t.sip, 'ann', 'pw-ann', { contact: (port) => `<sip:ann@${t.ip}:${port};transport=tcp>`, expires: 60 });
    expect(overTcp.status).toBe(200);
    overTcp.drop();
    try {
      await registerAnn();
      const cy = await answering('phone-answer.xml', 5073);
      login('1001');
      login('1003');
      const carrier = await toDrachtio('carrier-inbound.xml', 5090, ['-s', '7003']);
      await until(() => calls()[0]?.state === 'on-call', 'the call to be answered');
      expect(calls()[0]).toMatchObject({ agent: '1003' });
      expect(server.engine.state.agent('1001')).toMatchObject({
        status: 'available',
        declinedOffers: 0,
        deviceUnreachable: { failures: 1, reason: expect.stringContaining('could not be reached (SIP 410 Gone)') },
      });
      await connected();
      login('1003')('call.hangup');
      await passed(carrier);
      await passed(cy);
    } finally {
      // The drachtio server forgets the TCP connection when a REGISTER for ann@IP over TCP is answered with no
      // binding left (it reads the 200's first Contact), so that the tests after this one reach her phone: every
      // binding is removed (*), then her UDP contact, whose 200 then names none.
      const clear = await registerOverTcp(t.sip, 'ann', 'pw-ann', { contact: () => '*', expires: 0 });
      clear.drop();
      const flush = await registerOverTcp(t.sip, 'ann', 'pw-ann', { contact: () => `<sip:ann@${t.ip}:5071>`, expires: 0 });
      flush.drop();
    }
  });

  it('a REGISTER with two Contacts is answered 200 listing both, each with its expiry', { timeout: 60_000 }, async () => {
    await passed(toDrachtio('phone-register-two.xml', 5071, ['-s', 'ann', '-au', 'ann', '-ap', 'pw-ann']));
    expect(server.engine.state.agent('1001')?.deviceRegistered?.registered).toBe(true);
  });

  it('a REGISTER with more Contacts than an agent may have (5 by default) is refused 403, and no address is bound', { timeout: 60_000 }, async () => {
    const six = await registerOverTcp(t.sip, 'ann', 'pw-ann', {
      contact: (port) => [1, 2, 3, 4, 5, 6].map((i) => `<sip:ann@${t.ip}:${port + i};transport=tcp>`).join(', '),
      expires: 60,
    });
    six.drop();
    expect(six.status).toBe(403);
    expect(log.join('\n')).toContain('REGISTER for ann refused: 6 addresses in one REGISTER; at most 5 may be registered per agent');
    expect(server.engine.state.agent('1001')?.deviceRegistered?.registered ?? false).toBe(false);
  });

  it('a deskphone behind NAT (private Contact, public source) rings at the address its REGISTER came from, and its call hangs up there', { timeout: 60_000 }, async () => {
    await passed(toDrachtio('phone-register-natted.xml', 5071, ['-s', 'ann', '-au', 'ann', '-ap', 'pw-ann']));
    await until(() => server.engine.state.agent('1001')?.deviceRegistered?.registered === true, "Ann's deskphone to be registered");
    // Her router's mapping is sipp's port 5071; 192.168.1.20 is nobody here. The phone answers naming it again.
    const phone = await answering('phone-answer-natted.xml', 5071);
    const ann = login('1001');
    const carrier = await toDrachtio('carrier-inbound.xml', 5090, ['-s', '7001']);
    await until(() => calls()[0]?.state === 'on-call', 'the call to be answered');
    expect(calls()[0]).toMatchObject({ agent: '1001' });
    await connected();
    // The BYE goes in the dialog the phone answered from its private Contact: it too must reach port 5071.
    ann('call.hangup');
    await passed(carrier);
    await passed(phone);
  });

  it('a deskphone unplugged mid-call (no BYE): the keep-alive OPTIONS gets no answer, the call ends saying why and the caller is hung up', { timeout: 90_000 }, async () => {
    // This test's server asks the phone every 5 s, not every 30 s: the configuration's sip.phoneKeepAliveSeconds.
    await server.close();
    await startSipServer({ sip: '{ phoneKeepAliveSeconds: 5 }' });
    const phone = await answering('phone-answer-vanish.xml', 5073);
    login('1003');
    const carrier = await toDrachtio('carrier-inbound.xml', 5090, ['-s', '7003']);
    await passed(phone); // answered, then gone
    await until(() => seen.at(-1)?.state === 'ended', 'the call to end');
    await passed(carrier); // our BYE came
    expect(log.join('\n')).toMatch(/Your deskphone stopped answering during the call \(/);
    expect(server.engine.state.agent('1003')).toMatchObject({ status: 'available', activity: 'idle' });
  });

  it("a waiting caller's carrier that vanishes (no CANCEL): OPTIONS to it go unanswered, the call fails saying why and is not counted abandoned", { timeout: 90_000 }, async () => {
    // Asked every 5 s (sip.phoneKeepAliveSeconds); nobody logged in to Sales (7002), so the caller waits.
    await server.close();
    server = await startServer({
      config: config(t, '{ phoneKeepAliveSeconds: 5 }'),
      dataDir: null,
      port: null,
      simulate: false,
      sip: { drachtio: t.drachtio, trunk: `${t.ip}:5080` },
      log: (line) => log.push(line),
    });
    server.engine.subscribe((events) => {
      for (const e of events) if (e.ev === 'call.updated') seen.push(e.data.call as Call);
    });
    await until(() => server.engine.isTelephonyReady(), 'the drachtio server to accept the connection');
    await passed(toDrachtio('carrier-vanish.xml', 5090, ['-s', '7002'])); // rang, then gone with its port
    expect(seen.at(-1)).toMatchObject({ state: 'waiting', queue: '7002' });
    await until(() => seen.at(-1)?.state === 'ended', 'the call to end', 80_000);
    expect(seen.at(-1)).toMatchObject({ endCause: 'failed', progress: expect.stringMatching(/^The caller's carrier stopped answering while the call waited \(/) });
    expect(server.engine.state.stats('7002')?.abandoned ?? 0).toBe(0);
    expect(server.sip!.describeLegs()).toHaveLength(0);
  });

  it('caller names: an unquoted display name is read, and reaches the phone quoted', { timeout: 60_000 }, async () => {
    await registerAnn();
    const phone = await answering('phone-answer.xml', 5071);
    const ann = login('1001');
    const carrier = await toDrachtio('carrier-unquoted.xml', 5090, ['-s', '7001']);
    await until(() => calls()[0]?.state === 'on-call', 'the call to be answered');
    expect(calls()[0]).toMatchObject({ caller: { number: '+442071234567', name: 'Pat Caller' } });
    await connected();
    ann('call.hangup');
    await passed(carrier);
    expect(await passed(phone)).toMatch(/From: *"Pat Caller" <sip:\+442071234567@/);
  });

  it('auto-answer for a Polycom phone: Alert-Info with delay=0 and no Call-Info', { timeout: 60_000 }, async () => {
    const phone = await answering('phone-answer-polycom.xml', 5074);
    const dee = login('1004');
    const carrier = await toDrachtio('carrier-inbound.xml', 5090, ['-s', '7004']);
    await until(() => calls()[0]?.state === 'on-call', 'the call to be answered');
    await connected();
    dee('call.hangup');
    await passed(carrier);
    await passed(phone);
  });

  it('digest: a phone re-registering on its nonce with the next nc is accepted without a new challenge', { timeout: 60_000 }, async () => {
    await passed(toDrachtio('phone-register-again.xml', 5071, ['-s', 'ann', '-au', 'ann', '-ap', 'pw-ann']));
    expect(log.join('\n')).not.toMatch(/challenged again/);
  });

  it('digest: a REGISTER replayed with the same nonce and nc is challenged (stale=true), not accepted', { timeout: 60_000 }, async () => {
    const phone = await rawPhone(t.ip, t.sip, 'ann');
    try {
      const challenge = await phone.register(null);
      expect(challenge.status).toBe(401);
      const captured = phone.authorize(challenge.headers['www-authenticate']!, 'ann', 'pw-ann');
      expect((await phone.register(captured)).status).toBe(200);
      const replay = await phone.register(captured);
      expect(replay.status).toBe(401);
      expect(replay.headers['www-authenticate']).toMatch(/stale=true/);
      expect(log.join('\n')).toMatch(/REGISTER from .* challenged again: a nonce used again \(nc=00000001\)/);
    } finally {
      phone.close();
    }
  });

  it('digest: credentials computed for another URI than the REGISTER\'s are refused 400, the phone not registered', { timeout: 60_000 }, async () => {
    const phone = await rawPhone(t.ip, t.sip, 'ann');
    try {
      const challenge = await phone.register(null);
      expect(challenge.status).toBe(401);
      // Right password and a fresh nonce, but the digest covers sip:elsewhere.example, not the Request-URI.
      const moved = await phone.register(phone.authorize(challenge.headers['www-authenticate']!, 'ann', 'pw-ann', 'sip:elsewhere.example'));
      expect(moved.status).toBe(400);
      expect(server.engine.state.agent('1001')?.deviceRegistered?.registered).not.toBe(true);
    } finally {
      phone.close();
    }
  });

  it('digest: five wrong passwords lock the address out: 403 with Retry-After, no challenge', { timeout: 60_000 }, async () => {
    for (let i = 0; i < 5; i++) await passed(toDrachtio('phone-register-refused.xml', 5071, ['-s', 'ann', '-au', 'ann', '-ap', `wrong${i}`]));
    await passed(toDrachtio('phone-register-locked.xml', 5071, ['-s', 'ann']));
    expect(log.join('\n')).toMatch(/REGISTER refused from 127\.0\.0\.1: too many failed registrations/);
  });
});
