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
});
