import { describe, expect, it } from 'vitest';
import { FakeClock } from '../fake-clock.js';
import type { Config } from '../../src/core/config/schema.js';
import { visitorStart } from '../../src/core/messaging/visitor.js';
import { demoConfig, makeCore, scratchDatabases, type TestCore } from '../helpers.js';

const dataFile = scratchDatabases('sb-catalog-');

/**
 * A configuration reloaded while the center runs (SIGHUP on `serve`): agents'
 * queues, campaigns and capacity follow at once; anything else is refused.
 */
function edited(edit: (config: Config) => void): Config {
  const config = demoConfig();
  edit(config);
  return config;
}
const agentIn = (config: Config, number: string) => config.agents.find((a) => a.number === number)!;
const session = (core: TestCore, agent: string) => core.engine.state.agent(agent)!.session!;
const eventsAfter = (core: TestCore, seq: number) => [...core.store.allEvents()].filter((e) => e.seq > seq);

function visit(core: TestCore, queue: string) {
  return core.engine.run((ctx) =>
    visitorStart(ctx, { visitorId: 'v1', name: 'Noor Haddad', email: null, queue, ip: '198.51.100.7', geo: null, text: 'Is the offer still on?' }),
  );
}

describe('reloading the configuration while agents are logged in', () => {
  it('an agent added to a messaging queue takes its waiting chat at once; every panel gets the new catalog', () => {
    const core = makeCore();
    core.login('1001');
    const waiting = visit(core, 'web-sales'); // nobody of Web Sales is logged in
    expect(core.engine.state.get('conversation', waiting.id)!.agent).toBeNull();
    const before = core.store.lastSeq();

    const result = core.engine.reconfigure(edited((c) => agentIn(c, '1001').messagingQueues.push('web-sales')));

    expect(result.agents).toEqual(['1001']);
    expect(session(core, '1001').messagingQueues).toEqual(['support-chat', 'web-sales']);
    expect(core.engine.state.get('conversation', waiting.id)!.agent).toBe('1001');
    const catalog = eventsAfter(core, before).find((e) => e.ev === 'catalog.updated');
    expect(catalog?.audience).toEqual({ all: true });
    const sent = catalog?.data.catalog as { agents: Array<{ number: string; messagingQueues: string[] }> };
    expect(sent.agents.find((a) => a.number === '1001')!.messagingQueues).toEqual(['support-chat', 'web-sales']);
    expect(core.engine.catalog.agents.find((a) => a.number === '1001')!.messagingQueues).toContain('web-sales');
  });

  it("a new capacity moves the agent's workload at once", () => {
    const core = makeCore();
    core.login('1001');
    const chat = visit(core, 'support-chat');
    expect(core.engine.state.get('conversation', chat.id)!.agent).toBe('1001');
    expect(core.engine.state.agent('1001')!.load!.workload).toBe(33); // one live chat of 3

    core.engine.reconfigure(edited((c) => (agentIn(c, '1001').capacity.livechat = 1)));
    expect(core.engine.state.agent('1001')!.load!.workload).toBe(100);
  });

  it('an agent added to a voice queue is offered the caller waiting there', () => {
    const core = makeCore();
    core.login('1002'); // Support and Sales
    core.sim.placeInboundCall('7003', { number: '+442070000099', name: 'Waiting Caller' }); // Billing: nobody in it is logged in
    const call = [...core.engine.state.all('call')][0]!;
    expect(call.state).toBe('waiting');

    core.engine.reconfigure(edited((c) => agentIn(c, '1002').voiceQueues.push('7003')));

    expect(session(core, '1002').voiceQueues).toEqual(['7001', '7002', '7003']);
    expect(core.engine.state.get('call', call.id)!.offers.map((o) => o.agent)).toEqual(['1002']);
    expect(core.engine.state.agent('1002')!.activity).toBe('ringing');
  });

  it("an agent taken off their campaign keeps the session with the manual's warning; put back, the warning goes", () => {
    const core = makeCore();
    core.login('1001', { strategy: 'outbound', campaign: 'power-sales' });

    core.engine.reconfigure(edited((c) => (agentIn(c, '1001').campaigns = ['preview-renewals'])));
    expect(session(core, '1001')).toMatchObject({
      campaign: 'power-sales',
      campaignWarning: 'You have been removed from campaign power-sales. Log out and in again to choose another.',
    });

    core.engine.reconfigure(demoConfig());
    expect(session(core, '1001').campaignWarning).toBeNull();
  });

  it('refuses anything else, naming what needs a restart, and changes nothing', () => {
    const core = makeCore();
    core.login('1001');
    const config = core.engine.config;
    const before = core.store.lastSeq();
    const next = edited((c) => {
      c.voiceQueues[0]!.strategy = 'ring-all';
      agentIn(c, '1002').pin = '2222';
      agentIn(c, '1001').messagingQueues.push('web-sales'); // allowed, but not alone
    });

    expect(() => core.engine.reconfigure(next)).toThrowError(
      expect.objectContaining({
        code: 'RESTART_NEEDED',
        message: "Only agents' queues, campaigns and capacity change while the server runs; a restart is needed for: voiceQueues, agents[1].pin. Nothing was changed.",
      }),
    );
    expect(core.engine.config).toBe(config);
    expect(session(core, '1001').messagingQueues).toEqual(['support-chat']);
    expect(core.store.lastSeq()).toBe(before);

    const added = edited((c) => c.agents.push({ ...agentIn(c, '1002'), number: '1099', email: '1099@demo.switchboard' }));
    expect(() => core.engine.reconfigure(added)).toThrowError(/a restart is needed for: agents \(added or removed\)/);
  });
});

describe('a configuration changed across a restart', () => {
  it('is sent as catalog.updated, so panels that resume instead of logging in redraw with it; an unchanged one is not sent again', () => {
    const file = dataFile();
    const clock = new FakeClock();
    const first = makeCore({ file, clock });
    first.store.close();

    const same = makeCore({ file, clock });
    const afterSame = same.store.lastSeq();
    expect([...same.store.allEvents()].filter((e) => e.ev === 'catalog.updated')).toHaveLength(1); // the first start's
    same.store.close();

    const renamed = edited((c) => (c.voiceQueues[0]!.name = 'Customer Care'));
    const second = makeCore({ file, clock, config: renamed });
    const sent = [...second.store.allEvents()].filter((e) => e.ev === 'catalog.updated' && e.seq > afterSame);
    expect(sent).toHaveLength(1);
    expect((sent[0]!.data.catalog as { voiceQueues: Array<{ name: string }> }).voiceQueues[0]!.name).toBe('Customer Care');
    second.store.close();
  });
});
