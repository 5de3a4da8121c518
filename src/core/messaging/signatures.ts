import { CoreError } from '../errors.js';
import type { HandlerContext, Principal } from '../context.js';
import type { Signature } from '../protocol/model.js';

/**
 * An agent's email signatures (Settings > Email signatures): made from a
 * template of the configuration or from scratch, one of them the default,
 * which every outgoing email carries unless the composer picks another or
 * none. Each agent sees and changes only their own.
 */

export const MAX_SIGNATURES = 50;
export const MAX_SIGNATURE_NAME = 60;
export const MAX_SIGNATURE_TEXT = 2000;

export interface SignatureInput {
  name: string;
  text: string;
  isDefault?: boolean;
}

function mineOnly(ctx: HandlerContext, who: Principal): Signature[] {
  return [...ctx.state.all('signature')].filter((s) => s.agent === who.agent);
}

function own(ctx: HandlerContext, who: Principal, id: string): Signature {
  const s = ctx.state.get('signature', id);
  // Another agent's signature is as good as none: its existence is not told.
  if (!s || s.agent !== who.agent) throw new CoreError('SIGNATURE_NOT_FOUND', `You have no signature ${id}.`);
  return s;
}

function checked(input: SignatureInput): { name: string; text: string } {
  const name = input.name.trim();
  const text = input.text.replace(/\s+$/, '');
  if (!name) throw new CoreError('TITLE_REQUIRED', 'A signature needs a name.');
  if (name.length > MAX_SIGNATURE_NAME) throw new CoreError('TITLE_TOO_LONG', `A signature's name must be at most ${MAX_SIGNATURE_NAME} characters.`);
  if (!text.trim()) throw new CoreError('TEXT_REQUIRED', 'A signature needs its text.');
  if (text.length > MAX_SIGNATURE_TEXT) throw new CoreError('TEXT_TOO_LONG', `A signature must be at most ${MAX_SIGNATURE_TEXT.toLocaleString('en')} characters.`);
  return { name, text };
}

/** Only one default: setting one unsets the agent's others. */
function clearOtherDefaults(ctx: HandlerContext, who: Principal, keep: string): void {
  for (const s of mineOnly(ctx, who)) if (s.isDefault && s.id !== keep) ctx.tx.put('signature', { ...s, isDefault: false }, 'not-default');
}

export function createSignature(ctx: HandlerContext, who: Principal, input: SignatureInput) {
  const clean = checked(input);
  const mine = mineOnly(ctx, who);
  if (mine.length >= MAX_SIGNATURES) throw new CoreError('TOO_MANY_SIGNATURES', `You have ${MAX_SIGNATURES} signatures already; delete one first.`);
  // The first signature is the default until another is chosen.
  const isDefault = input.isDefault ?? mine.length === 0;
  const signature = ctx.tx.put('signature', { id: ctx.random.id('sig'), agent: who.agent, ...clean, isDefault, updatedAt: ctx.clock.now() }, 'created');
  if (isDefault) clearOtherDefaults(ctx, who, signature.id);
  return { signature };
}

export function updateSignature(ctx: HandlerContext, who: Principal, id: string, input: SignatureInput) {
  const before = own(ctx, who, id);
  const clean = checked(input);
  const signature = ctx.tx.put('signature', { ...before, ...clean, isDefault: input.isDefault ?? before.isDefault, updatedAt: ctx.clock.now() }, 'updated');
  if (signature.isDefault) clearOtherDefaults(ctx, who, id);
  return { signature };
}

export function deleteSignature(ctx: HandlerContext, who: Principal, id: string) {
  own(ctx, who, id);
  ctx.tx.remove('signature', id, { agents: [who.agent] }, 'deleted');
  return { deleted: id };
}

/**
 * The signature an email carries: the one named, none (null), or the
 * agent's default (absent). Returns null when there is none to add.
 */
export function signatureText(ctx: HandlerContext, agent: string, choice: string | null | undefined): { name: string; text: string } | null {
  if (choice === null) return null;
  if (choice === undefined) {
    const byDefault = [...ctx.state.all('signature')].find((s) => s.agent === agent && s.isDefault);
    return byDefault ? { name: byDefault.name, text: byDefault.text } : null;
  }
  const s = ctx.state.get('signature', choice);
  if (!s || s.agent !== agent) throw new CoreError('SIGNATURE_NOT_FOUND', `You have no signature ${choice}.`);
  return { name: s.name, text: s.text };
}
