// Generated /visitor frames: the visitor protocol's own schema (start, resume,
// message, typing, seen, close, survey) with valid and broken fields, and the
// raw frames every surface gets (arb-raw.mjs).
import fc from 'fast-check';
import { arbitraryOf, mutated } from './arb-zod.mjs';
import { MIB, rawFrameMix } from './arb-raw.mjs';

export function visitorFrameArb(visitorFrameSchema) {
  const valid = arbitraryOf(visitorFrameSchema, 'visitor');
  const big = fc.record({ size: fc.integer({ min: 64 * 1024, max: MIB - 4096 }) }).map((b) => ({ form: 'big', ...b }));
  return fc.oneof(
    { weight: 600, arbitrary: valid.map((value) => ({ form: 'json', value })) },
    { weight: 200, arbitrary: mutated(valid).map((value) => ({ form: 'json', value })) },
    ...rawFrameMix(big),
  );
}
