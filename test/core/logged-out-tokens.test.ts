import { describe, expect, it } from 'vitest';
import { EXPIRED_TOKEN_KEPT_MS } from '../../src/core/commands/ended-tokens.js';
import { localTime } from '../../src/core/dialer/local-time.js';
import { FakeClock } from '../fake-clock.js';
import { errorOf, makeCore, resultOf, type TestCore } from '../helpers.js';
import type { Origin } from '../../src/core/context.js';

/**
 * A logout ends every token of the agent's session. The token of a panel that
 * was away then must never work again, and, shown to the server, must say
 * what happened (when, from where) rather than "the service was restarted".
 */
const resumeWith = (core: TestCore, who: Origin) => core.send('session.resume', { token: who.principal!.token, lastSeq: 0 });
/** The time the sentence gives: the centre's wall clock now. */
const centreNow = (core: TestCore) => localTime(core.engine.config.center.timeZone, core.clock.now());
const tokenCount = (core: TestCore) => [...core.engine.state.all('token')].length;

describe('a token its agent logged out elsewhere', () => {
  it('is refused for commands and for resume, saying when and that another panel did it, even once the agent is back in', () => {
    const core = makeCore();
    const away = core.login('1001', { client: 'panel' });
    const second = core.login('1001', { client: 'panel' });
    core.clock.advance(7 * 60_000);
    expect(core.send('session.logout', {}, second).ok).toBe(true);
    const sentence = `You were logged out from another panel at ${centreNow(core).hhmm}. Log in again to go on working.`;

    core.clock.advance(60_000);
    expect(errorOf(core.send('agent.pause', { reason: 'Break' }, away))).toEqual({ code: 'LOGGED_OUT_ELSEWHERE', message: sentence });
    expect(errorOf(resumeWith(core, away))).toEqual({ code: 'LOGGED_OUT_ELSEWHERE', message: sentence });

    // A new session of the same agent does not bring the old token back to life.
    const back = core.login('1001', { client: 'panel' });
    expect(errorOf(resumeWith(core, away)).code).toBe('LOGGED_OUT_ELSEWHERE');
    expect(errorOf(core.send('agent.pause', { reason: 'Break' }, second)).code).toBe('LOGGED_OUT_ELSEWHERE');
    expect(core.engine.state.agent('1001')!.status).toBe('available');
    expect(resultOf<{ agent: { status: string } }>(core.send('agent.pause', { reason: 'Break' }, back)).agent.status).toBe('paused');
  });

  it('says a script did it, the day when it was not today, and either when the client did not say what it is', () => {
    // 22:30 in London: the panel comes back after midnight, still within the token's 12 hours.
    const core = makeCore({ clock: new FakeClock('2026-01-05T22:30:00Z') });
    const away = core.login('1001', { client: 'panel' });
    const script = core.login('1001', { joinOnly: true, client: 'script' });
    const then = centreNow(core);
    expect(core.send('session.logout', {}, script).ok).toBe(true);
    expect(errorOf(resumeWith(core, away)).message).toBe(`You were logged out by a script at ${then.hhmm}. Log in again to go on working.`);
    core.clock.advance(2 * 3600_000);
    expect(errorOf(resumeWith(core, away)).message).toBe(`You were logged out by a script at ${then.hhmm} on ${then.date}. Log in again to go on working.`);

    const panel = core.login('1002', { client: 'panel' });
    const unnamed = core.login('1002');
    expect(core.send('session.logout', {}, unnamed).ok).toBe(true);
    expect(errorOf(resumeWith(core, panel)).message).toContain('You were logged out from another panel or a script at');
  });

  it('is kept only until it would have expired: logins and logouts do not make the store grow', () => {
    const core = makeCore();
    const first = core.login('1001');
    for (let i = 0; i < 4; i++) {
      const me = core.login('1001');
      expect(core.send('session.logout', {}, me).ok).toBe(true);
      core.login('1001');
    }
    const ended = tokenCount(core);
    expect(ended).toBeGreaterThanOrEqual(9);
    expect(errorOf(resumeWith(core, first)).code).toBe('LOGGED_OUT_ELSEWHERE');

    // Past their 12 hours the records stay a day, the panel still told it was logged out, then are forgotten.
    core.clock.advance(12 * 3600_000 + 1);
    expect(errorOf(resumeWith(core, first)).code).toBe('LOGGED_OUT_ELSEWHERE');
    core.clock.advance(EXPIRED_TOKEN_KEPT_MS);
    const now = core.login('1001');
    // Only the token just issued is left; the rest expired a day ago.
    expect(tokenCount(core)).toBe(1);
    expect(core.send('agent.pause', { reason: 'Break' }, now).ok).toBe(true);
    // Forgotten, the old token is one the server does not know.
    expect(errorOf(resumeWith(core, first)).code).toBe('SESSION_BROKEN');
  });

  it('rejects a client that says it is something else', () => {
    const core = makeCore();
    const e = errorOf(core.send('session.login', { agent: '1001', pin: '1001', client: 'robot' }));
    expect(e.code).toBe('BAD_ARGS');
    expect(e.message).toContain('expected client panel or script');
  });
});
