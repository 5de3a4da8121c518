import { createHmac, timingSafeEqual } from 'node:crypto';

/** Compare two secrets' worth of text in constant time (a signature must not leak how much of it matched). */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  // Different lengths still cost a comparison of equal length.
  if (x.length !== y.length) {
    timingSafeEqual(x, x);
    return false;
  }
  return timingSafeEqual(x, y);
}

/** Meta's X-Hub-Signature-256: "sha256=" and the HMAC-SHA256 of the raw body with the app secret, in hex. */
export function metaSignature(appSecret: string, body: Buffer): string {
  return `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`;
}

export function metaSignatureValid(appSecret: string, body: Buffer, header: string | undefined): boolean {
  if (!header) return false;
  return sameSecret(header.trim().toLowerCase(), metaSignature(appSecret, body));
}

/**
 * Twilio's X-Twilio-Signature: the full URL it posted to, then each POST
 * parameter's name and value, sorted by name, all run together; HMAC-SHA1
 * with the auth token, in base64.
 */
export function twilioSignature(authToken: string, url: string, params: Iterable<[string, string]>): string {
  const sorted = [...params].sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  const data = url + sorted.map(([k, v]) => k + v).join('');
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

export function twilioSignatureValid(authToken: string, url: string, params: Iterable<[string, string]>, header: string | undefined): boolean {
  if (!header) return false;
  return sameSecret(header.trim(), twilioSignature(authToken, url, params));
}
