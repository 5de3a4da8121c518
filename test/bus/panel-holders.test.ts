import { describe, expect, it } from 'vitest';
import { PanelHolders } from '../../src/bus/panel-holders.js';

describe('which gateways hold whose panels', () => {
  it('an agent counts as disconnected only when no gateway holds a panel of theirs any more', () => {
    const panels = new PanelHolders(5_000);
    panels.holds('gw-a', '1001', 0);
    panels.holds('gw-b', '1001', 0);
    expect(panels.letGo('gw-a', '1001')).toBe(false);
    expect(panels.letGo('gw-b', '1001')).toBe(true);
    // Never seen through a gateway (learned before a takeover): gone is gone.
    expect(panels.letGo('gw-a', '1002')).toBe(true);
  });

  it('a gateway silent for the limit is taken for dead with the agents it alone held; one still beating is not', () => {
    const panels = new PanelHolders(5_000);
    panels.holds('gw-a', '1001', 0);
    panels.holds('gw-a', '1002', 0);
    panels.holds('gw-b', '1002', 0);
    panels.heardFrom('gw-a', 1_000);
    panels.heardFrom('gw-b', 1_000);
    expect(panels.silent(5_999)).toEqual({ gateways: [], agents: [] });
    panels.heardFrom('gw-b', 5_000);
    expect(panels.silent(6_000)).toEqual({ gateways: ['gw-a'], agents: ['1001'] });
    // Taken for dead once: not again.
    expect(panels.silent(7_000)).toEqual({ gateways: [], agents: [] });
    expect(panels.letGo('gw-b', '1002')).toBe(true);
  });

  it("adds up an agent's sockets over the gateways from each one's last word, and forgets a silent gateway's", () => {
    const panels = new PanelHolders(5_000);
    panels.holds('gw-a', '1001', 0);
    expect(panels.socketsOf('1001')).toBe(1);
    panels.counts('gw-a', '1001', 3);
    panels.holds('gw-b', '1001', 0);
    panels.counts('gw-b', '1001', 2);
    // A login answered on a gateway already counted does not lower its word.
    panels.holds('gw-a', '1001', 0);
    expect(panels.socketsOf('1001')).toBe(5);
    panels.counts('gw-a', '1001', 0);
    expect(panels.socketsOf('1001')).toBe(2);
    expect(panels.letGo('gw-a', '1001')).toBe(false);
    panels.heardFrom('gw-b', 0);
    panels.silent(5_000);
    expect(panels.socketsOf('1001')).toBe(0);
    expect(panels.socketsOf('1002')).toBe(0);
  });
  it('a login let in holds a place until its gateway settles it; a place not settled is dropped with its gateway or after its time', () => {
    const panels = new PanelHolders(5_000, 'core');
    panels.counts('gw-a', '1001', 1);
    panels.reserve('t1', 'gw-a', '1001');
    panels.reserve('t2', 'gw-b', '1001');
    // The places count with the gateways' word, but a login's own place is not held against it.
    expect(panels.socketsOf('1001')).toBe(3);
    expect(panels.socketsOf('1001', 't1')).toBe(2);
    // gw-a's count that includes t1's socket settles t1: counted once, not twice.
    panels.counts('gw-a', '1001', 2);
    panels.settle('t1');
    expect(panels.socketsOf('1001')).toBe(3);
    panels.heardFrom('gw-a', 4_000);
    panels.heardFrom('gw-b', 0);
    panels.reserve('t3', 'gw-a', '1002');
    panels.answered('t3', 9_000);
    // gw-b falls silent: its place goes with it; t3, within its time on a live gateway, stays.
    expect(panels.silent(5_000).gateways).toEqual(['gw-b']);
    expect(panels.socketsOf('1001')).toBe(2);
    expect(panels.socketsOf('1002')).toBe(1);
    // Never settled (an answer lost): not kept for ever.
    panels.heardFrom('gw-a', 9_000);
    panels.silent(9_000);
    expect(panels.socketsOf('1002')).toBe(0);
  });

  it('a place outlives the gateway silence limit while the core runs its login, and after, for the time its gateway may take to settle it', () => {
    const panels = new PanelHolders(5_000, 'core');
    panels.heardFrom('gw-a', 0);
    panels.reserve('slow', 'gw-a', '1001');
    // A slow store or a core just taken over: 20 s on the login, the gateway beating all along.
    panels.heardFrom('gw-a', 19_000);
    panels.silent(20_000);
    expect(panels.socketsOf('1001')).toBe(1);
    // Answered at 20 s; its gateway may wait 30 s on a frame its socket sent first, and hold the answer 2 s.
    panels.answered('slow', 20_000 + 32_000);
    panels.heardFrom('gw-a', 51_000);
    panels.silent(51_000);
    expect(panels.socketsOf('1001')).toBe(1);
    panels.silent(52_000);
    expect(panels.socketsOf('1001')).toBe(0);
  });

  it("the core's own listener is counted as a gateway that is never taken for dead", () => {
    const panels = new PanelHolders(5_000, 'core');
    panels.holds('core', '1001', 0);
    panels.counts('core', '1001', 2);
    expect(panels.silent(60_000)).toEqual({ gateways: [], agents: [] });
    expect(panels.socketsOf('1001')).toBe(2);
    panels.holds('gw-a', '1001', 60_000);
    // Her last panel on a gateway closing leaves her connected through the core's listener.
    expect(panels.letGo('gw-a', '1001')).toBe(false);
  });

  it('a login or resume its gateway gave up on holds no place, even one the core reserves after hearing so', () => {
    const panels = new PanelHolders(5_000, 'core');
    panels.reserve('late', 'gw-a', '1001');
    panels.giveUp('late', 0);
    expect(panels.socketsOf('1001')).toBe(0);
    // A resume reserves once its token is proven: the gateway's word may come first.
    panels.giveUp('resume', 0);
    panels.reserve('resume', 'gw-a', '1001');
    expect(panels.socketsOf('1001')).toBe(0);
    expect(panels.wasGivenUp('resume')).toBe(true);
    // Remembered a while, not for ever.
    panels.silent(120_000);
    expect(panels.wasGivenUp('resume')).toBe(false);
  });
});
