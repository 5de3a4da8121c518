import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * SIP digest authentication (RFC 2617 / RFC 3261 section 22, MD5, qop=auth),
 * the server side. Nonces are stateless: a timestamp signed with a key only
 * this process knows, so a nonce we did not issue, or one older than
 * NONCE_TTL_MS, is refused (drachtio-mw-digest-auth accepts any nonce, which
 * lets a captured REGISTER be replayed forever; that is why this is ours).
 */

const NONCE_TTL_MS = 5 * 60_000;

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
  /** Ask (again): no credentials, or a nonce that is not ours or too old. */
  | { ok: false; challenge: true; stale: boolean }
  /** Credentials that are wrong: answer 403. */
  | { ok: false; challenge: false; reason: string };

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

  constructor(
    readonly realm: string,
    private readonly now: () => number,
    key?: Buffer,
  ) {
    this.key = key ?? randomBytes(32);
  }

  /** The WWW-Authenticate value of a 401. */
  challenge(stale = false): string {
    return `Digest realm="${this.realm}", nonce="${this.nonce()}", algorithm=MD5, qop="auth"${stale ? ', stale=true' : ''}`;
  }

  /**
   * Check a request's Authorization against the password the lookup gives
   * for its username (null: no such user, which is a 403 like a wrong password).
   */
  verify(method: string, header: string | undefined, passwordOf: (username: string) => string | null): Verdict {
    const creds = parseAuthorization(header);
    if (!creds) return { ok: false, challenge: true, stale: false };
    if (creds.algorithm && creds.algorithm.toUpperCase() !== 'MD5') return { ok: false, challenge: true, stale: false };
    if (creds.realm !== this.realm) return { ok: false, challenge: true, stale: false };
    const age = this.nonceAge(creds.nonce);
    if (age === null) return { ok: false, challenge: true, stale: false };
    if (age > NONCE_TTL_MS) return { ok: false, challenge: true, stale: true };
    const password = passwordOf(creds.username);
    if (password === null) return { ok: false, challenge: false, reason: `unknown SIP username ${creds.username}` };
    const expected = expectedResponse(method, creds, password);
    const a = Buffer.from(expected);
    const b = Buffer.from(creds.response.toLowerCase());
    if (a.length !== b.length || !timingSafeEqual(a, b)) return { ok: false, challenge: false, reason: `wrong password for ${creds.username}` };
    return { ok: true, username: creds.username };
  }

  private nonce(): string {
    const at = this.now().toString(36);
    return `${at}.${this.sign(at)}`;
  }

  private nonceAge(nonce: string): number | null {
    const [at, sig] = nonce.split('.');
    if (!at || !sig) return null;
    const good = Buffer.from(this.sign(at));
    const given = Buffer.from(sig);
    if (good.length !== given.length || !timingSafeEqual(good, given)) return null;
    const issued = parseInt(at, 36);
    return Number.isFinite(issued) ? this.now() - issued : null;
  }

  private sign(text: string): string {
    return createHmac('sha256', this.key).update(text).digest('base64url').slice(0, 22);
  }
}

/** The response a client with this password computes (also used by tests to play a phone). */
export function expectedResponse(method: string, creds: Omit<Credentials, 'response'>, password: string): string {
  const ha1 = md5(`${creds.username}:${creds.realm}:${password}`);
  const ha2 = md5(`${method}:${creds.uri}`);
  if (creds.qop) return md5(`${ha1}:${creds.nonce}:${creds.nc ?? ''}:${creds.cnonce ?? ''}:${creds.qop}:${ha2}`);
  return md5(`${ha1}:${creds.nonce}:${ha2}`);
}
