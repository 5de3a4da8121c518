import { describe, expect, it } from 'vitest';
import { FakeClock } from '../fake-clock.js';
import { LoginThrottle } from '../../src/core/login-throttle.js';

describe('failed-login records', () => {
  it('stay bounded in number however many agents and addresses are tried', () => {
    const throttle = new LoginThrottle(new FakeClock(), { maxFailedLogins: 5, failedLoginWindowSeconds: 300, lockoutSeconds: 300 });
    for (let i = 0; i < 50_000; i++) throttle.failed(`agent-${i}`, `198.51.${i >> 8}.${i & 255}`);
    // Three kinds of record (pair, agent, address), each capped.
    expect(throttle.recordCount()).toBeLessThanOrEqual(30_000);
  });
});
