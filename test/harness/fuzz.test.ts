import { describe, expect, it } from 'vitest';
// The fuzz engine is plain JavaScript beside the benches (harness/); `npm run fuzz` runs it longer.
// @ts-expect-error: an .mjs module without type declarations
import { fuzzGoals, runFuzz } from '../../harness/fuzz/run.mjs';

/**
 * The short fuzz run of `npm test`: a few thousand generated frames and
 * requests against a real `switchboard serve` child on 127.0.0.1, plus the
 * two memory floods. A failure prints what was found, with reproductions.
 * FUZZ_SEED=<n> repeats a run's generated frames.
 */
const FRAMES = 4000;

describe('fuzzing the server (short run)', () => {
  it('stays up, answers every frame and request, hands nobody else\'s answer out, and keeps its memory', { timeout: 180_000 }, async () => {
    const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
    const result = await runFuzz({ frames: FRAMES, seed });
    const goals = fuzzGoals(result, FRAMES) as Array<{ name: string; value: number; op: string; target: number }>;
    const report = [`fuzz seed ${result.seed}`, ...result.findings.lines(), ...goals.map((g) => `${g.name}: ${g.value} (target ${g.op} ${g.target})`)].join('\n');
    const missed = goals.filter((g) => (g.op === '<=' ? g.value > g.target : g.value < g.target)).map((g) => g.name);
    expect(missed, report).toEqual([]);
  });
});
