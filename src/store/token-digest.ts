import { createHash } from 'node:crypto';

/**
 * The digest session tokens are kept as (SHA-256, base64url). Tokens are 24
 * random bytes, so a plain hash is enough: there is nothing to guess. The
 * server's Random uses it, and the store's migration rewrites tokens kept in
 * clear by older versions with it.
 */
export function tokenDigest(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}
