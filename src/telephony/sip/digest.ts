import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * SIP digest authentication (RFC 2617 / RFC 3261 section 22, MD5, qop=auth),
 * the server side, with replays refused:
 *
 * - A nonce is a timestamp and a signature over it, the realm and the
 *   address of the phone it was issued to, under a key only this process
 *   knows: a nonce we did not issue, one issued in another realm, or one
 *   presented from another address is not ours (a fresh challenge).
 * - It expires after NONCE_TTL_MS: credentials that are right but on an
 *   expired nonce get a fresh one with stale=true (the phone retries quietly).
 * - Its use is counted: with qop=auth each request must carry a larger nc
 *   than the last one seen for that nonce; without qop a nonce is good once.
 *   A replay is challenged with stale=true, so a phone that reuses a nonce
 *   honestly gets a new one, and a captured REGISTER replayed gets nothing.
 *
 * - Its `uri` must name the request's own Request-URI (RFC 2617 3.2.2.5,
 *   RFC 3261 22.4): credentials computed for another resource are a 400,
 *   not a login, so an Authorization taken from one request cannot stand
 *   for a request to somewhere else.
 *
 * The counts are kept for live nonces only, at most MAX_TRACKED of them;
 * when older ones have to be forgotten, every nonce issued before the last
 * one forgotten counts as stale, so forgetting never re-opens a replay.
 */

export const NONCE_TTL_MS = 5 * 60_000;
const MAX_TRACKED = 20_000;

export interface Credentials {
  username: string;
  realm: string;
  nonce: string;
  uri: string;
  response: string;
  qop?: string;
  nc?: string;
  cnonce?: string;
  algorithm?: string;
}

export type Verdict =
  | { ok: true; username: string }
  /** Ask (again): no credentials, a nonce that is not ours (`why` says how), or a stale or used one (stale). */
  | { ok: false; challenge: true; stale: boolean; why: string | null }
  /** Credentials that are wrong: answer 403 (and count it against the throttle). */
  | { ok: false; challenge: false; username: string; reason: string }
  /**
   * Malformed credentials (for another Request-URI than this request's, an nc that is no count): answer 400
   * with `warning` (a malformed request, not a guess).
   */
  | { ok: false; challenge: false; badRequest: true; reason: string; warning: string };

/** The request the credentials must be for: its method and its Request-URI. */
export interface DigestRequest {
  method: string;
  uri: string;
}

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

/** Parse `Digest username="1001", realm="x", nc=00000001, ...` into its fields. */
export function parseAuthorization(header: string | undefined): Credentials | null {
  if (!header) return null;
  const m = /^\s*Digest\s+(.*)$/is.exec(header);
  if (!m) return null;
  const fields: Record<string, string> = {};
  const re = /([a-z0-9-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]+))/gi;
  for (let f = re.exec(m[1]!); f; f = re.exec(m[1]!)) fields[f[1]!.toLowerCase()] = f[2] ?? f[3] ?? '';
  const { username, realm, nonce, uri, response } = fields;
  if (!username || realm === undefined || !nonce || !uri || !response) return null;
  return { username, realm, nonce, uri, response, qop: fields.qop, nc: fields.nc, cnonce: fields.cnonce, algorithm: fields.algorithm };
}

export class DigestAuth {
  private readonly key: Buffer;
  /** Live nonces that have been used: the highest nc seen (0 for a nonce used without qop). */
  private readonly used = new Map<string, { nc: number; issued: number }>();
  /** Nonces issued at or before this were forgotten when the table was full: they count as stale. */
  private forgottenUpTo = -Infinity;

  constructor(
    readonly realm: string,
    private readonly now: () => number,
    key?: Buffer,
    private readonly maxTracked = MAX_TRACKED,
  ) {
    this.key = key ?? randomBytes(32);
  }

  /** The WWW-Authenticate value of a 401, with a nonce for the phone at `address`. */
  challenge(address: string, stale = false): string {
    return `Digest realm="${this.realm}", nonce="${this.nonce(address)}", algorithm=MD5, qop="auth"${stale ? ', stale=true' : ''}`;
  }

  /**
   * Check a request's Authorization, sent from `address`, against the password
   * the lookup gives for its username (null: no such user, a 403 like a wrong password).
   */
  verify(request: DigestRequest, header: string | undefined, address: string, passwordOf: (username: string) => string | null): Verdict {
    const ask = (why: string | null, stale = false): Verdict => ({ ok: false, challenge: true, stale, why });
    const creds = parseAuthorization(header);
    if (!creds) return ask(header ? 'an Authorization header that is not digest credentials' : null);
    if (!sameRequestUri(creds.uri, request.uri)) {
      return {
        ok: false,
        challenge: false,
        badRequest: true,
        reason: `the Authorization's uri "${creds.uri}" is not the Request-URI ${request.uri}`,
        warning: 'the Authorization uri is not the Request-URI',
      };
    }
    if (creds.qop && !/^[0-9a-f]{8}$/i.test(creds.nc ?? '')) {
      // RFC 7616 3.4: nc is 8 hex digits. Anything else used to be taken for a replay ("a nonce used again") and
      // answered stale=true, which a phone that always sends it so answers again, forever.
      // The log escapes control characters itself; a long value is cut so one line stays one line's length.
      const nc = creds.nc === undefined ? 'no nc' : `nc "${creds.nc.length > 24 ? `${creds.nc.slice(0, 24)}…` : creds.nc}"`;
      return { ok: false, challenge: false, badRequest: true, reason: `the Authorization has qop but ${nc}, not 8 hexadecimal digits`, warning: 'the Authorization nc must be 8 hexadecimal digits' };
    }
    if (creds.algorithm && creds.algorithm.toUpperCase() !== 'MD5') return ask(`algorithm ${creds.algorithm} is not offered`);
    if (creds.realm !== this.realm) return ask(`realm "${creds.realm}" is not ours`);
    const issued = this.issuedAt(creds.nonce, address);
    if (issued === null) return ask('a nonce not issued by us to this address');
    const password = passwordOf(creds.username);
    if (password === null) return { ok: false, challenge: false, username: creds.username, reason: `unknown SIP username ${creds.username}` };
    if (!sameText(expectedResponse(request.method, creds, password), creds.response.toLowerCase())) {
      return { ok: false, challenge: false, username: creds.username, reason: `wrong password for ${creds.username}` };
    }
    // The credentials are right: only the nonce may be past its use.
    const now = this.now();
    if (now - issued > NONCE_TTL_MS || issued <= this.forgottenUpTo) return ask('an expired nonce', true);
    if (!this.countUse(creds, issued, now)) return ask(`a nonce used again (nc=${creds.nc ?? 'none'})`, true);
    return { ok: true, username: creds.username };
  }

  /** How many nonces are being counted now (tests: the table stays bounded). */
  get tracked(): number {
    return this.used.size;
  }

  /** Record this use of the nonce; false when it is a replay (nc not larger, or a second use without qop). */
  private countUse(creds: Credentials, issued: number, now: number): boolean {
    this.forgetExpired(now);
    const nc = creds.qop ? parseInt(creds.nc ?? '', 16) : 0;
    if (creds.qop && !(Number.isFinite(nc) && nc > 0)) return false;
    const seen = this.used.get(creds.nonce);
    if (seen && (!creds.qop || nc <= seen.nc)) return false;
    if (seen) seen.nc = nc;
    else this.used.set(creds.nonce, { nc, issued });
    while (this.used.size > this.maxTracked) {
      const [oldest, entry] = this.used.entries().next().value!;
      this.used.delete(oldest);
      this.forgottenUpTo = Math.max(this.forgottenUpTo, entry.issued);
    }
    return true;
  }

  private forgetExpired(now: number): void {
    for (const [nonce, entry] of this.used) {
      if (now - entry.issued <= NONCE_TTL_MS) break;
      this.used.delete(nonce);
    }
  }

  private nonce(address: string): string {
    // Random bytes too: two phones at one address (a NAT) challenged in the same millisecond get different nonces.
    const at = `${this.now().toString(36)}-${randomBytes(6).toString('base64url')}`;
    return `${at}.${this.sign(at, address)}`;
  }

  /** When the nonce was issued, if we issued it, in this realm, to this address. */
  private issuedAt(nonce: string, address: string): number | null {
    const dot = nonce.lastIndexOf('.');
    if (dot <= 0) return null;
    const at = nonce.slice(0, dot);
    if (!sameText(this.sign(at, address), nonce.slice(dot + 1))) return null;
    const issued = parseInt(at.split('-')[0]!, 36);
    return Number.isFinite(issued) ? issued : null;
  }

  private sign(at: string, address: string): string {
    return createHmac('sha256', this.key).update(`${at}\n${this.realm}\n${address}`).digest('base64url').slice(0, 22);
  }
}

/**
 * Whether the digest's uri names the Request-URI. Phones copy the Request-URI
 * as they sent it; only the case may differ in transit (scheme and host are
 * case-insensitive, RFC 3261 19.1.4), so case is ignored and nothing else.
 */
function sameRequestUri(digestUri: string, requestUri: string): boolean {
  return digestUri === requestUri || digestUri.toLowerCase() === requestUri.toLowerCase();
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The response a client with this password computes (also used by tests to play a phone). */
export function expectedResponse(method: string, creds: Omit<Credentials, 'response'>, password: string): string {
  const ha1 = md5(`${creds.username}:${creds.realm}:${password}`);
  const ha2 = md5(`${method}:${creds.uri}`);
  if (creds.qop) return md5(`${ha1}:${creds.nonce}:${creds.nc ?? ''}:${creds.cnonce ?? ''}:${creds.qop}:${ha2}`);
  return md5(`${ha1}:${creds.nonce}:${ha2}`);
}

