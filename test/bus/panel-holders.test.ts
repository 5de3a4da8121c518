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
});
