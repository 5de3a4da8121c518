import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A visitor proves which conversation is theirs with a token: the
 * conversation id and an HMAC of it under a server secret. Nothing is stored
 * per visitor, so a token outlives a page reload and a server restart (the
 * secret is kept in the data directory), and it cannot be guessed from the
 * conversation id, which agents see.
 */
export class VisitorTokens {
  constructor(private readonly secret: Buffer) {
    if (secret.length < 16) throw new Error('the visitor token secret must be at least 16 bytes');
  }

  issue(conversationId: string): string {
    return `${conversationId}.${this.mac(conversationId)}`;
  }

  /** The conversation a token belongs to, or null for a token this server did not issue. */
  verify(token: string): string | null {
    const dot = token.lastIndexOf('.');
    if (dot <= 0) return null;
    const id = token.slice(0, dot);
    const given = Buffer.from(token.slice(dot + 1));
    const expected = Buffer.from(this.mac(id));
    return given.length === expected.length && timingSafeEqual(given, expected) ? id : null;
  }

  private mac(id: string): string {
    return createHmac('sha256', this.secret).update(`visitor:${id}`).digest('base64url');
  }
}
