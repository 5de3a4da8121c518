import { afterEach, describe, expect, it } from 'vitest';
import { burstCaller, burstPlan, expectedOutcome, roundKeys, score, startFeeder, startSlowRelay } from '../../bench/lib/slowlink.mjs';
import type { Config } from '../../src/core/config/schema.js';
import { demoConfig } from '../helpers.js';
import { logInAvailable, startCenter, type Center } from './support.js';

/** Agent 1001 alone in a queue of its own: no wrap-up time, dispositions 1-4, no form. */
function burstConfig(): Config {
  const config = demoConfig();
  const support = config.voiceQueues.find((q) => q.number === '7001')!;
  config.voiceQueues.push({ ...support, number: '7009', name: 'Burst', wrapUpSeconds: 0, feedbackForm: undefined, postCallSurvey: false, record: false, screenPopUrl: undefined });
  config.agents.find((a) => a.number === '1001')!.voiceQueues = ['7009'];
  // Callers wait and talk as long as the test needs.
  config.simulator.patienceSeconds = { min: 100_000, max: 100_000 };
  config.simulator.talkSeconds = { min: 100_000, max: 100_000 };
  return config;
}

let center: Center | null = null;
let relay: { port: number; close(): Promise<void> } | null = null;
afterEach(async () => {
  await relay?.close();
  await center?.close();
  relay = null;
  center = null;
});

describe('keys typed ahead over a slow SSH link (100 ms round trip)', () => {
  it('a burst of disposition hotkeys and pause/unpause toggles ends with exactly the dispositions and states asked for, in order', async () => {
    const config = burstConfig();
    center = await startCenter({ config });
    // No netem on this kernel: a relay holds every chunk 50 ms each way (bench/lib/slowlink.mjs says why).
    relay = await startSlowRelay(center.ssh.port, 50);
    const t = await center.terminal({ username: '1001', pin: '1001', port: relay.port });
    await logInAvailable(t, 'Ava Turner');

    const dispositions = config.dispositions.support!;
    const reasons = config.pauseReasons;
    const plan = burstPlan(12, dispositions.map((d) => d.hotkey!), reasons);
    const feeder = startFeeder(center.server, '1001', '7009');
    feeder.start();
    try {
      let keys = 0;
      for (let i = 0; i < plan.length; i++) {
        // The agent sees the call (its caller's number) and types the round without waiting for anything.
        await t.waitForText(burstCaller(i + 1));
        const typed = roundKeys(plan[i]);
        keys += typed.length;
        t.type(typed);
      }
      const expected = expectedOutcome(plan, dispositions, reasons);
      const until = Date.now() + 15_000;
      while (feeder.recorded.codes.length < expected.codes.length && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      // Whatever the keys did has arrived by now; nothing more may come.
      await new Promise((r) => setTimeout(r, 500));
      expect(keys).toBeGreaterThan(plan.length * 2);
      expect(feeder.recorded.codes).toEqual(expected.codes);
      expect(feeder.recorded.states).toEqual(expected.states);
      expect(score(expected.codes, feeder.recorded.codes)).toEqual({ lost: 0, doubled: 0, inOrder: true });
      // The screen says where it ended: the last round was a disposition, and the agent is available (the status is the
      // headline when idle, or beside the feeder's next call's WRAP-UP).
      await t.waitFor((s) => /AVAILABLE \d|available \d/.test(s.split('\n')[0]!), 'available at the end');
    } finally {
      feeder.stop();
    }
  });
});
