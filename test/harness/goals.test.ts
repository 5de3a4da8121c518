import { describe, expect, it } from 'vitest';
// @ts-expect-error: an .mjs module without type declarations
import { goalLine } from '../../harness/lib/goals.mjs';
// @ts-expect-error: an .mjs module without type declarations
import { fitLine } from '../../harness/soak/run.mjs';
// @ts-expect-error: an .mjs module without type declarations
import { crashSignature } from '../../harness/fuzz/run.mjs';

describe('what the harness prints and measures', () => {
  it('prints goal lines in the one format, met or missed by the figure measured', () => {
    expect(goalLine('fuzz.crashes', 0, 'count', '<=', 0)).toBe('goal fuzz.crashes: 0 count (target <= 0): met');
    expect(goalLine('fuzz.frames', 999_999, 'count', '>=', 1_000_000)).toBe('goal fuzz.frames: 999999 count (target >= 1000000): missed');
    expect(goalLine('soak.rss_growth_pct', 10.04, '%', '<=', 10)).toBe('goal soak.rss_growth_pct: 10.0 % (target <= 10): missed');
  });

  it('reads memory growth from the line through the samples, not from where a collection happened to fall', () => {
    // A saw-tooth (the heap growing and collected) around a flat line, then a real climb of 1 MiB a second.
    const flat = Array.from({ length: 60 }, (_, t) => ({ t, y: 100 + (t % 10 === 9 ? -8 : t % 10) }));
    expect(Math.abs(fitLine(flat)(59) - fitLine(flat)(0))).toBeLessThan(2);
    const climbing = flat.map((p) => ({ t: p.t, y: p.y + p.t }));
    expect(fitLine(climbing)(59) - fitLine(climbing)(0)).toBeGreaterThan(55);
  });

  it('tells crashes apart by their error and the place in the code it names', () => {
    const words = (line: number) => `file:///repo/dist/server/gateway.js:${line}\n  const who = principal.agent;\n\nTypeError: Cannot read properties of undefined (reading 'agent')\n    at AgentGateway.dispatch`;
    expect(crashSignature(words(147))).toBe("TypeError: Cannot read properties of undefined (reading 'agent') at dist/server/gateway.js:147");
    expect(crashSignature(words(147))).not.toBe(crashSignature(words(150)));
  });
});
