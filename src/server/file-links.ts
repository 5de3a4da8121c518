import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../core/clock.js';

/**
 * Short-lived signed download links: `/files/<id>?exp=<ms>&sig=<hmac>`, the
 * HMAC-SHA256 of the file id and the expiry under a secret kept in the data
 * directory. Such a link opens in any browser without a session token (the
 * agent over SSH opens it on their own machine), only for that file, and
 * only until it expires; nothing is kept per link. The secret survives a
 * restart, so a link given out before it still works until its time.
 */
export class FileLinks {
  constructor(
    private readonly secret: Buffer,
    private readonly clock: Clock,
    private readonly ttlMs: number,
  ) {}

  /** A link to the file that works for ttl from now: the path with its query, and when it stops working. */
  sign(fileId: string): { path: string; expiresAt: number } {
    const exp = this.clock.now() + this.ttlMs;
    return { path: `/files/${encodeURIComponent(fileId)}?exp=${exp}&sig=${this.mac(fileId, exp)}`, expiresAt: exp };
  }

  /** Whether a link's expiry and signature are this file's: 'ok', 'expired' (signed by us, too late) or 'invalid'. */
  check(fileId: string, exp: string, sig: string): 'ok' | 'expired' | 'invalid' {
    if (!/^\d{1,15}$/.test(exp) || !/^[A-Za-z0-9_-]{43}$/.test(sig)) return 'invalid';
    const expected = Buffer.from(this.mac(fileId, Number(exp)));
    const given = Buffer.from(sig);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'invalid';
    return Number(exp) <= this.clock.now() ? 'expired' : 'ok';
  }

  private mac(fileId: string, exp: number): string {
    return createHmac('sha256', this.secret).update(`${fileId}\n${exp}`).digest('base64url');
  }
}
