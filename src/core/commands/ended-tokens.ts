import { CoreError } from '../errors.js';
import type { HandlerContext } from '../context.js';
import type { TokenHolder, TokenRecord } from '../protocol/model.js';
import { NOBODY } from '../protocol/audience.js';
import { localTime } from '../dialer/local-time.js';

/**
 * A logout ends every token of the agent's session. The tokens' records stay,
 * marked, until they would have expired: a panel that was away when it
 * happened (asleep, offline) and comes back with its token is then told it
 * was logged out, when and from where, instead of the manual's "the service
 * was restarted", which is what a token nobody knows means.
 */
export function endTokensOfAgent(ctx: Pick<HandlerContext, 'tx' | 'state' | 'clock'>, agent: string, by: TokenHolder | undefined): void {
  const at = ctx.clock.now();
  for (const token of [...ctx.state.all('token')]) {
    if (token.agent !== agent || token.loggedOut) continue;
    ctx.tx.put('token', { ...token, loggedOut: { at, by } }, 'logout');
  }
}

/**
 * A record is kept this long past its token's time, so that a panel back from
 * a night asleep is told its session expired (TOKEN_EXPIRED) rather than that
 * the server does not know it.
 */
export const EXPIRED_TOKEN_KEPT_MS = 24 * 3600_000;

/**
 * Forget the records that stopped working by time a day ago: kept for ever
 * they would make the store grow with every login. The engine runs it every
 * hour (not at each login: a login storm would scan every token a thousand
 * times over).
 */
export function pruneExpiredTokens(ctx: Pick<HandlerContext, 'tx' | 'state' | 'clock'>): void {
  const now = ctx.clock.now();
  for (const token of [...ctx.state.all('token')]) {
    if (token.expiresAt + EXPIRED_TOKEN_KEPT_MS <= now) ctx.tx.remove('token', token.id, NOBODY);
  }
}

/** Where the logout came from, as said to the agent; a client that did not say what it is may be either. */
const FROM: Record<TokenHolder | 'unknown', string> = { panel: 'from another panel', script: 'by a script', unknown: 'from another panel or a script' };

/** The refusal of a token its agent's logout ended: when, in the centre's time, and from where. */
export function loggedOutElsewhere(ctx: Pick<HandlerContext, 'clock' | 'config'>, ended: NonNullable<TokenRecord['loggedOut']>): CoreError {
  const zone = ctx.config.center.timeZone;
  const then = localTime(zone, ended.at);
  const day = then.date === localTime(zone, ctx.clock.now()).date ? '' : ` on ${then.date}`;
  return new CoreError('LOGGED_OUT_ELSEWHERE', `You were logged out ${FROM[ended.by ?? 'unknown']} at ${then.hhmm}${day}. Log in again to go on working.`);
}
