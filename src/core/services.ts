import type { HandlerContext } from './context.js';

/** Record whether a part of the server works (telephony, metrics, live chat) and why not. */
export function setService(ctx: HandlerContext, id: string, ready: boolean, reason: string | null): void {
  const before = ctx.state.get('service', id);
  if (before && before.ready === ready && before.reason === reason) return;
  ctx.tx.put('service', { id, ready, reason, since: ctx.clock.now() }, ready ? 'ready' : 'not-ready');
}
