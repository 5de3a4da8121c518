import { TokenBuckets, type TokenBucketRate } from '../core/token-buckets.js';

/** The refusal's words: the page shows them as they are, so they speak to the visitor. */
export const TOO_MANY_MESSAGES = {
  code: 'TOO_MANY_MESSAGES',
  message: 'You are sending messages too fast; wait a moment and send it again.',
} as const;

/**
 * Whether a visitor may store one more thing now: within their chat's rate
 * and their address's. Kept per chat, not per socket, since one chat may be
 * resumed on any number of sockets at once.
 */
export class VisitorMessageRate {
  private readonly chats: TokenBuckets;
  private readonly addresses: TokenBuckets;

  constructor(limits: { chat: TokenBucketRate; address: TokenBucketRate }) {
    this.chats = new TokenBuckets(limits.chat);
    this.addresses = new TokenBuckets(limits.address);
  }

  /** Takes a token from both, or from neither: a refusal by one does not spend the other's. */
  take(conversation: string, address: string, now: number): boolean {
    if (!this.chats.has(conversation, now) || !this.addresses.has(address, now)) return false;
    this.chats.take(conversation, now);
    this.addresses.take(address, now);
    return true;
  }
}
