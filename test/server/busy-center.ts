import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { ROOT } from './serve-process.js';

/**
 * The demo centre with a call a second or so and callers who stay on the line: Ava gets one to answer at once.
 * She takes Sales only, so the call owes the Sales form (`interest`) and hotkey 1 is "Sale": a Support call
 * refused the form's field, the relay then waited for an answer that never came, and the test ran out of time.
 * The configuration file's path (in `dir`).
 */
export function busyCenter(dir: string): string {
  const demo = readFileSync(join(ROOT, 'config/demo.yaml'), 'utf8');
  const avaSalesOnly = demo.replace(/(number: "1001"\n(?: {4}[^\n]*\n)*? {4}voiceQueues: )\["7001", "7002"\]/, '$1["7002"]');
  expect(avaSalesOnly).not.toBe(demo);
  const file = join(dir, 'center.yaml');
  writeFileSync(file, avaSalesOnly.replace(/simulator:\n {2}callsPerMinute: 3\n[^\n]*\n[^\n]*\n/, 'simulator:\n  callsPerMinute: 60\n  patienceSeconds: { min: 600, max: 600 }\n  talkSeconds: { min: 600, max: 600 }\n'));
  return file;
}
