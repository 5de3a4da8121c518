import { describe, expect, it } from 'vitest';
import { ANN_PHONE, makeSipCore, registerAnn, settle, type SipCore } from './sip-support.js';

/** Ann's deskphone behind her office router: it writes its LAN address, its REGISTER leaves from the router's. */
const PRIVATE_CONTACT = 'sip:ann@192.168.1.20:5060';
const ROUTER = { address: '203.0.113.7', port: 41234 };

function registerBehindNat(core: SipCore, protocol = 'udp') {
  const responses = core.srf().registerPhone({ username: 'ann', password: 'pw-ann', contact: PRIVATE_CONTACT, ...ROUTER, protocol });
  expect(responses.at(-1)!.last!.status).toBe(200);
}

describe('deskphones behind NAT', () => {
  it('a call offered to a phone that registered a private Contact from a public address is sent to that address, still addressed to the Contact', async () => {
    const core = await makeSipCore();
    registerBehindNat(core);
    core.login('1001');
    core.srf().callIn('7001');
    await settle();
    const invite = core.srf().inviteTo(PRIVATE_CONTACT);
    expect(invite.opts.proxy).toBe('sip:203.0.113.7:41234;transport=udp');
    expect(core.log.join('\n')).toContain(
      `deskphone of agent 1001 registered at ${PRIVATE_CONTACT}, reached at sip:203.0.113.7:41234;transport=udp where it registered from (behind NAT)`,
    );
  });

  it("click-to-dial rings the agent's own phone at the address it registered from too", async () => {
    const core = await makeSipCore();
    registerBehindNat(core);
    const ann = core.login('1001');
    expect(core.send('call.dial', { to: '+441632960002' }, ann).ok).toBe(true);
    await settle();
    expect(core.srf().inviteTo(PRIVATE_CONTACT).opts.proxy).toBe('sip:203.0.113.7:41234;transport=udp');
  });

  it('a phone that registered over TCP is reached over TCP at its connection', async () => {
    const core = await makeSipCore();
    registerBehindNat(core, 'tcp');
    core.login('1001');
    core.srf().callIn('7001');
    await settle();
    expect(core.srf().inviteTo(PRIVATE_CONTACT).opts.proxy).toBe('sip:203.0.113.7:41234;transport=tcp');
  });

  it('a phone not behind NAT (its REGISTER comes from its Contact) is sent to its Contact with no detour', async () => {
    const core = await makeSipCore();
    registerAnn(core); // from 192.0.2.21:5062, its Contact
    core.login('1001');
    core.srf().callIn('7001');
    await settle();
    expect(core.srf().inviteTo(ANN_PHONE).opts.proxy).toBeUndefined();
  });

  it('a phone behind NAT that cannot be reached is named with the address it was sent to', async () => {
    const core = await makeSipCore();
    registerBehindNat(core);
    core.login('1001');
    core.srf().callIn('7001');
    await settle();
    core.srf().inviteTo(PRIVATE_CONTACT).reject(408, 'Request Timeout');
    await settle();
    expect(core.engine.state.agent('1001')!.deviceUnreachable!.reason).toContain(
      `the phone at ${PRIVATE_CONTACT} (sent to sip:203.0.113.7:41234;transport=udp, where it registered from) could not be reached (SIP 408`,
    );
  });
});
