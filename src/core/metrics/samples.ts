/*
 * Durations for averages and the 90th percentile. Values are kept exactly up
 * to a limit (so a day's figures can be checked by hand), then folded into
 * fixed log-scale buckets: the p90 becomes an estimate within a bucket.
 * (The Samples type is an entity field, declared with the entities.)
 */
import type { Samples } from '../protocol/model.js';

const EXACT_LIMIT = 500;
/** Bucket upper bounds in seconds: 1 s to 8 h. */
const BOUNDS = [1, 2, 5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 300, 450, 600, 900, 1200, 1800, 2700, 3600, 7200, 14400, 28800, Infinity];

export function emptySamples(): Samples {
  return { count: 0, sumMs: 0, values: [], buckets: null };
}

function bucketOf(ms: number): number {
  const s = ms / 1000;
  return BOUNDS.findIndex((b) => s <= b);
}

export function addSample(samples: Samples, ms: number): Samples {
  const value = Math.max(0, ms);
  const next = { ...samples, count: samples.count + 1, sumMs: samples.sumMs + value };
  if (samples.buckets === null && samples.values.length < EXACT_LIMIT) return { ...next, values: [...samples.values, value] };
  const buckets = samples.buckets ? [...samples.buckets] : BOUNDS.map(() => 0);
  if (samples.buckets === null) for (const v of samples.values) buckets[bucketOf(v)]!++;
  buckets[bucketOf(value)]!++;
  return { ...next, values: [], buckets };
}

export function average(samples: Samples): number | null {
  return samples.count === 0 ? null : samples.sumMs / samples.count;
}

/** Nearest-rank 90th percentile (exact while values are kept). */
export function p90(samples: Samples): number | null {
  if (samples.count === 0) return null;
  const rank = Math.ceil(0.9 * samples.count);
  if (!samples.buckets) return [...samples.values].sort((a, b) => a - b)[rank - 1]!;
  let seen = 0;
  for (let i = 0; i < BOUNDS.length; i++) {
    seen += samples.buckets[i]!;
    if (seen >= rank) return (Number.isFinite(BOUNDS[i]!) ? BOUNDS[i]! : BOUNDS[i - 1]!) * 1000;
  }
  return null;
}
