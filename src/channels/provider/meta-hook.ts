import type { z } from 'zod';
import { header, refusal, type HookAnswer, type HookRequest } from './hook.js';
import { metaVerification } from './meta-verify.js';
import { metaSignatureValid } from './signatures.js';

/**
 * The part of a Meta webhook (WhatsApp, Messenger) that is the same for
 * both: GET is the subscription's verification; POST must be signed with
 * the app secret (X-Hub-Signature-256 over the raw body) and be JSON of the
 * expected shape, or it is refused and logged. What it holds is `take`n.
 */
export async function metaHook<T>(
  req: HookRequest,
  who: { name: string; appSecret: string; verifyToken: string },
  schema: z.ZodType<T>,
  log: (line: string) => void,
  take: (payload: T) => Promise<HookAnswer>,
): Promise<HookAnswer> {
  if (req.subpath !== '') return refusal(404, 'NOT_FOUND', `${who.name} posts to this address without a sub-path.`);
  if (req.method === 'GET') return metaVerification(req, who.verifyToken);
  if (req.method !== 'POST') return refusal(405, 'METHOD_NOT_ALLOWED', `${who.name} webhooks are GET (verification) or POST.`);
  const signature = header(req, 'x-hub-signature-256');
  if (!metaSignatureValid(who.appSecret, req.body, signature)) {
    log(`${who.name} webhook refused: ${signature ? 'wrong' : 'no'} X-Hub-Signature-256 (${req.body.length} bytes)`);
    return refusal(401, 'BAD_SIGNATURE', 'The X-Hub-Signature-256 header is missing or does not match the body and the app secret.');
  }
  let json: unknown;
  try {
    json = JSON.parse(req.body.toString('utf8'));
  } catch {
    log(`${who.name} webhook refused: the body is not JSON`);
    return refusal(400, 'BAD_PAYLOAD', 'The body is not JSON.');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.map(String).join('.') || '(the top)';
    log(`${who.name} webhook refused: ${where}: ${issue.message}`);
    return refusal(400, 'BAD_PAYLOAD', `Not a ${who.name} notification: ${where}: ${issue.message}.`.slice(0, 300));
  }
  return take(parsed.data);
}
