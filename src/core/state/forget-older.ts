import type { HandlerContext } from '../context.js';
import { NOBODY } from '../protocol/audience.js';
import type { EntityKind, EntityTypes } from '../protocol/model.js';

/** Kinds of record kept only for a while, each stamped with when it was taken in. */
type Dated = { [K in EntityKind]: EntityTypes[K] extends { id: string; at: number } ? K : never }[EntityKind];

/** Forget the records of a kind taken in before `before` (server-side bookkeeping nobody is told of); how many went. */
export function forgetOlderThan(ctx: HandlerContext, kind: Dated, before: number): number {
  let n = 0;
  for (const record of [...ctx.state.all(kind)] as Array<{ id: string; at: number }>) {
    if (record.at >= before) continue;
    ctx.tx.remove(kind, record.id, NOBODY);
    n++;
  }
  return n;
}
