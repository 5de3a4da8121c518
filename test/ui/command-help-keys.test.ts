import { describe, expect, it } from 'vitest';
import { COMMANDS, displayKey } from '../../src/keys/registry.js';

/**
 * The help overlay lists each command's keys (the agent's own, once moved on
 * Settings > Keys) beside its explanation. An explanation that names one of
 * those keys itself ("Answer the call (Ctrl+Y while typing)") goes on naming
 * the default to an agent who moved it, next to the key that works.
 */
describe("a command's explanation", () => {
  it('names none of its own keys that are a chord (Ctrl+…), which the help lists beside it', () => {
    const naming = COMMANDS.filter((c) => c.help && c.keys.some((k) => k.includes('+') && c.help!.includes(displayKey(k)))).map((c) => `${c.id}: ${c.help}`);
    expect(naming).toEqual([]);
  });
});
