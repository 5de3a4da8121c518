import { CoreError } from '../errors.js';
import type { HandlerContext, Principal } from '../context.js';

export interface CannedInput {
  title: string;
  text: string;
  channels: string[];
  language: string;
}

function check(input: CannedInput): void {
  if (!input.title.trim()) throw new CoreError('TITLE_REQUIRED', 'A canned response needs a title.');
  if (!input.text.trim()) throw new CoreError('TEXT_REQUIRED', 'A canned response needs its text.');
}

export function createCanned(ctx: HandlerContext, who: Principal, input: CannedInput) {
  check(input);
  return { canned: ctx.tx.put('canned', { id: ctx.random.id('canned'), ...input, title: input.title.trim(), createdBy: who.agent }, 'created') };
}

export function updateCanned(ctx: HandlerContext, id: string, input: CannedInput) {
  const before = ctx.state.get('canned', id);
  if (!before) throw new CoreError('CANNED_NOT_FOUND', `There is no canned response ${id}.`);
  check(input);
  return { canned: ctx.tx.put('canned', { ...before, ...input, title: input.title.trim() }, 'updated') };
}

export function deleteCanned(ctx: HandlerContext, id: string) {
  if (!ctx.state.get('canned', id)) throw new CoreError('CANNED_NOT_FOUND', `There is no canned response ${id}.`);
  ctx.tx.remove('canned', id, { all: true }, 'deleted');
  return { deleted: id };
}
