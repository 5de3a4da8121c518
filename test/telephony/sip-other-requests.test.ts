import { describe, expect, it } from 'vitest';
import { makeSipCore } from './sip-support.js';

// What a deskphone sends besides REGISTER and INVITE. Unrouted, the drachtio
// server answers each 503 Service Unavailable, which a phone takes for a
// server that is down.
describe('other requests from phones and carriers', () => {
  it('an OPTIONS ping is answered 200 with what we take (INFO and UPDATE in calls among it), so a phone keeps us as its server', async () => {
    const core = await makeSipCore();
    const res = core.srf().requestFromNetwork('OPTIONS');
    expect(res.statuses).toEqual([200]);
    expect(res.last!.headers.Allow!.split(/,\s*/)).toEqual(expect.arrayContaining(['INVITE', 'ACK', 'BYE', 'CANCEL', 'OPTIONS', 'REGISTER', 'REFER', 'NOTIFY', 'INFO', 'UPDATE']));
    expect(res.last!.headers.Accept).toBe('application/sdp');
  });

  it('a SUBSCRIBE for the voicemail light is refused 405 with Allow (not 503, which a phone retries)', async () => {
    const core = await makeSipCore();
    const res = core.srf().requestFromNetwork('SUBSCRIBE', { Event: 'message-summary', Expires: '3600' });
    expect(res.statuses).toEqual([405]);
    expect(res.last!.headers.Allow).toContain('INVITE');
    expect(res.last!.headers.Allow).not.toContain('SUBSCRIBE');
  });

  it('MESSAGE, PUBLISH and INFO outside a call are refused 405', async () => {
    const core = await makeSipCore();
    for (const method of ['MESSAGE', 'PUBLISH', 'INFO']) expect(core.srf().requestFromNetwork(method).statuses).toEqual([405]);
  });

  it('a request for a dialog we do not know (a late NOTIFY after a transfer, an OPTIONS from before a reconnect) is answered 481', async () => {
    const core = await makeSipCore();
    const toTagged = { To: '<sip:switchboard>;tag=abc123' };
    expect(core.srf().requestFromNetwork('NOTIFY', { ...toTagged, Event: 'refer' }).statuses).toEqual([481]);
    expect(core.srf().requestFromNetwork('OPTIONS', toTagged).statuses).toEqual([481]);
  });

  it('the methods are taken again on a new connection to the drachtio server', async () => {
    const core = await makeSipCore();
    core.srf().drop();
    core.clock.advance(500);
    expect(core.connections).toHaveLength(2);
    core.srf().up();
    expect(core.srf().requestFromNetwork('OPTIONS').statuses).toEqual([200]);
  });
});
