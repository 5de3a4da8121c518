import type { HandlerContext } from '../context.js';
import type { StoredFile } from '../protocol/model.js';
import { NOBODY } from '../protocol/audience.js';

/**
 * Forget uploads that no message carries and that are older than `before`:
 * a file is uploaded first and sent with a message after, so one never sent
 * (a visitor who gave up, or one filling the disk on purpose) would otherwise
 * be kept for ever. Call recordings (owner `call:`) are not uploads. Returns
 * the files removed, for the server to delete their bytes.
 */
export function sweepUnattached(ctx: HandlerContext, before: number): StoredFile[] {
  const gone: StoredFile[] = [];
  for (const f of [...ctx.state.all('file')]) {
    if (f.owner.startsWith('call:') || f.at >= before || ctx.conversations.isAttached(f.id)) continue;
    ctx.tx.remove('file', f.id, NOBODY, 'never sent');
    gone.push(f);
  }
  return gone;
}
