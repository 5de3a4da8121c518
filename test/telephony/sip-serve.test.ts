import { describe, expect, it } from 'vitest';
import { sipOptions } from '../../src/cli/serve.js';
import { parseConfig } from '../../src/core/config/parse.js';
import { startServer } from '../../src/server/runtime.js';
import { FakeSrf } from './fake-srf.js';
import { SIP_CONFIG } from './sip-support.js';

describe('serve --sip', () => {
  it('takes the drachtio secret from SWITCHBOARD_DRACHTIO_SECRET only, and refuses to start without it', () => {
    expect(() => sipOptions({ sip: '127.0.0.1:9022' }, {})).toThrow(
      "--sip needs the drachtio server's secret in the environment variable SWITCHBOARD_DRACHTIO_SECRET (it is not taken on the command line, where other users could read it).",
    );
    expect(sipOptions({ sip: '127.0.0.1:9022', sipTrunk: '10.0.0.9:5060' }, { SWITCHBOARD_DRACHTIO_SECRET: 'cymru' })).toEqual({
      drachtio: { host: '127.0.0.1', port: 9022, secret: 'cymru' },
      trunk: '10.0.0.9:5060',
    });
    expect(sipOptions({ sip: '[::1]:9022' }, { SWITCHBOARD_DRACHTIO_SECRET: 's' })!.drachtio).toMatchObject({ host: '::1', port: 9022 });
    expect(sipOptions({}, {})).toBeUndefined();
  });

  it('says what is wrong with an address or a trunk without --sip', () => {
    const env = { SWITCHBOARD_DRACHTIO_SECRET: 's' };
    expect(() => sipOptions({ sip: 'drachtio' }, env)).toThrow('expected the drachtio server (--sip) as host:port (for example 127.0.0.1:9022), got "drachtio"');
    expect(() => sipOptions({ sip: '127.0.0.1:9022', sipTrunk: 'carrier' }, env)).toThrow(/the carrier or PBX \(--sip-trunk\) as host:port/);
    expect(() => sipOptions({ sipTrunk: '10.0.0.9:5060' }, env)).toThrow('--sip-trunk only applies with --sip <drachtio host:port>: add --sip, or leave --sip-trunk out.');
  });

  it('startServer runs the SIP adapter instead of the simulator; the simulator is not there to be asked for', async () => {
    const fakes: FakeSrf[] = [];
    const server = await startServer({
      config: parseConfig(SIP_CONFIG, 'sip.yaml'),
      dataDir: null,
      port: null,
      simulate: true,
      sip: { drachtio: { host: '127.0.0.1', port: 9022, secret: 's' }, trunk: 'carrier.example:5060', createSrf: () => fakes[fakes.push(new FakeSrf()) - 1]! },
    });
    try {
      expect(server.sip).not.toBeNull();
      expect(() => server.sim).toThrow('This server runs its telephony over SIP: there is no simulator to place calls with.');
      expect(server.engine.state.get('service', 'telephony')).toMatchObject({ ready: false, reason: 'Call center module is not ready.' });
      fakes[0]!.up();
      expect(server.engine.state.get('service', 'telephony')).toMatchObject({ ready: true });
      fakes[0]!.callIn('7001');
      await new Promise((resolve) => setImmediate(resolve)); // ringing starts once the core has the call
      expect([...server.engine.state.all('call')]).toMatchObject([{ state: 'waiting', queue: '7001' }]);
    } finally {
      await server.close();
    }
    expect(fakes[0]!.disconnected).toBe(true);
    expect(fakes[0]!.calls[0]!.res.statuses).toEqual([180, 503]); // the waiting caller is told we are going away
  });
});
