import { describe, expect, it } from 'vitest';
import { TransitionError } from '../../src/core/errors.js';
import { agentActivity, agentStatus } from '../../src/core/state/agent-machines.js';
import type { AgentActivity, AgentStatus } from '../../src/core/protocol/model.js';

const STATUSES: AgentStatus[] = ['logged-out', 'available', 'paused'];
const ACTIVITIES: AgentActivity[] = ['idle', 'ringing', 'on-call', 'wrap-up', 'previewing'];

describe('agent status transition table', () => {
  const allowed: Array<[AgentStatus, AgentStatus]> = [
    ['logged-out', 'available'],
    ['logged-out', 'paused'],
    ['available', 'paused'],
    ['available', 'logged-out'],
    ['paused', 'available'],
    ['paused', 'paused'],
    ['paused', 'logged-out'],
  ];
  for (const from of STATUSES) {
    for (const to of STATUSES) {
      const ok = allowed.some(([f, t]) => f === from && t === to);
      it(`${from} -> ${to} is ${ok ? 'allowed' : 'refused'}`, () => {
        if (ok) expect(agentStatus.check(from, to)).toBe(to);
        else {
          const error = (() => {
            try {
              agentStatus.check(from, to);
            } catch (e) {
              return e;
            }
            return null;
          })();
          expect(error).toBeInstanceOf(TransitionError);
          expect((error as TransitionError).code).toBe('ILLEGAL_TRANSITION');
          expect((error as TransitionError).message).toMatch(/\.$/);
        }
      });
    }
  }
});

describe('agent activity transition table', () => {
  it('lets a ringing agent answer and then wrap up, but not wrap up before answering', () => {
    expect(agentActivity.check('idle', 'ringing')).toBe('ringing');
    expect(agentActivity.check('ringing', 'on-call')).toBe('on-call');
    expect(agentActivity.check('on-call', 'wrap-up')).toBe('wrap-up');
    expect(() => agentActivity.check('ringing', 'wrap-up')).toThrow(TransitionError);
    expect(() => agentActivity.check('idle', 'wrap-up')).toThrow('You cannot go from idle to in wrap-up.');
  });

  it('settles an agent into what their calls call for, even where no call moves them (a ringing agent after a restart)', () => {
    expect(() => agentActivity.check('ringing', 'wrap-up')).toThrow(TransitionError);
    expect(agentActivity.settle('ringing', 'wrap-up')).toBe('wrap-up');
    expect(agentActivity.settle('previewing', 'idle')).toBe('idle');
    // Settling follows calls: it never starts a preview.
    expect(() => agentActivity.settle('idle', 'previewing')).toThrow(TransitionError);
  });

  it('gives no new call to an agent in wrap-up', () => {
    expect(agentActivity.can('wrap-up', 'ringing')).toBe(false);
    expect(agentActivity.can('wrap-up', 'idle')).toBe(true);
  });

  it('has an entry for every activity', () => {
    for (const a of ACTIVITIES) expect(agentActivity.targets(a).length).toBeGreaterThan(0);
  });
});
