import { answer, refusal, type HookAnswer, type HookRequest } from './hook.js';
import { sameSecret } from './signatures.js';

/**
 * Meta's webhook verification (WhatsApp and Messenger alike): when the
 * webhook is set up, Meta asks GET ?hub.mode=subscribe&hub.verify_token=...
 * &hub.challenge=...; the challenge goes back as it came, only when the
 * token is ours.
 */
export function metaVerification(req: HookRequest, verifyToken: string): HookAnswer {
  const mode = req.query.get('hub.mode');
  const token = req.query.get('hub.verify_token') ?? '';
  const challenge = req.query.get('hub.challenge') ?? '';
  if (mode !== 'subscribe' || !challenge) return refusal(400, 'BAD_VERIFICATION', 'Expected hub.mode=subscribe with hub.verify_token and hub.challenge.');
  if (!verifyToken || !sameSecret(token, verifyToken)) return refusal(403, 'BAD_VERIFY_TOKEN', 'The verify token is not this server\'s.');
  // The challenge is echoed as plain text: bounded, so the answer never carries much of a client's input.
  return { status: 200, contentType: 'text/plain; charset=utf-8', body: challenge.slice(0, 200) };
}

/** What Meta's webhooks are answered once taken in. */
export const TAKEN: HookAnswer = answer(200, { ok: true });
