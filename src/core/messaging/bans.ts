import { CoreError } from '../errors.js';
import type { HandlerContext, Principal } from '../context.js';
import type { Ban, Conversation } from '../protocol/model.js';
import { close, conversationOf } from './conversation.js';
import { postNotice } from './messages.js';
import { notices } from './notices.js';

const MAX_BAN_HOURS = 24 * 365;

function checkBanArgs(hours: number, reason: string): void {
  if (!(hours > 0) || hours > MAX_BAN_HOURS) throw new CoreError('BAD_DURATION', `A ban lasts from 1 hour to ${MAX_BAN_HOURS} hours.`);
  if (reason.trim().length < 3) throw new CoreError('REASON_REQUIRED', 'Give the reason for the ban.');
}

/** The ban in force on an address now, if any. */
export function activeBan(ctx: HandlerContext, ip: string | null): Ban | null {
  if (!ip) return null;
  const ban = ctx.state.get('ban', ip);
  return ban && ban.end > ctx.clock.now() ? ban : null;
}

/**
 * What a ban of this conversation's customer names: a live chat visitor's
 * address; an SMS or WhatsApp customer's phone number and a Facebook
 * customer's page-scoped id, which are their customer ids
 * (`phone:+447700900123`, `fb:<page-scoped id>`). Email has none.
 */
export function banKeyOf(c: Conversation): string | null {
  if (c.channel === 'livechat') return c.customer.ip;
  if (c.channel === 'sms' || c.channel === 'whatsapp' || c.channel === 'facebook') return c.customer.id;
  return null;
}

/**
 * Ban the customer of a conversation: their address (live chat), phone
 * number (SMS, WhatsApp) or page-scoped id (Facebook) may not write or start
 * a conversation until the ban ends, and the conversation ends now. A second
 * ban of the same customer replaces the first.
 */
export function banCustomer(ctx: HandlerContext, who: Principal, conversationId: string, hours: number, reason: string) {
  const c = conversationOf(ctx, conversationId);
  if (c.channel === 'email') throw new CoreError('NOT_LIVECHAT', 'Only live chat, SMS, WhatsApp and Facebook customers can be banned.');
  if (c.agent !== who.agent && !who.supervisor) throw new CoreError('NOT_YOUR_CONVERSATION', 'This conversation is not assigned to you.');
  const key = banKeyOf(c);
  if (!key) throw new CoreError('NO_ADDRESS', 'The customer\'s address is not known, so they cannot be banned.');
  checkBanArgs(hours, reason);
  const now = ctx.clock.now();
  const ban = ctx.tx.put('ban', {
    id: key,
    customerId: c.customer.id,
    name: c.customer.name,
    email: c.customer.email,
    start: now,
    end: now + hours * 3600_000,
    reason: reason.trim(),
    by: { kind: who.supervisor ? 'supervisor' : 'agent', id: who.agent },
  });
  if (c.status !== 'closed') {
    postNotice(ctx, c, notices.banned(reason.trim()));
    close(ctx, ctx.state.get('conversation', c.id)!, { kind: 'ban', id: who.agent });
  }
  return { ban, message: `${c.customer.name} is banned until ${new Date(ban.end).toISOString()}.` };
}

/** Supervisors ban an address directly (Settings > Security). */
export function banAddress(ctx: HandlerContext, who: Principal, ip: string, hours: number, reason: string) {
  if (!/^[0-9a-f:.]{3,45}$/i.test(ip)) throw new CoreError('BAD_ADDRESS', `"${ip}" is not an IP address.`);
  checkBanArgs(hours, reason);
  const now = ctx.clock.now();
  const before = ctx.state.get('ban', ip);
  const ban = ctx.tx.put('ban', {
    id: ip,
    customerId: before?.customerId ?? null,
    name: before?.name ?? null,
    email: before?.email ?? null,
    start: now,
    end: now + hours * 3600_000,
    reason: reason.trim(),
    by: { kind: 'supervisor', id: who.agent },
  });
  return { ban, message: `${ip} is banned until ${new Date(ban.end).toISOString()}.` };
}

/** Agents lift only their own bans; supervisors any. */
export function unban(ctx: HandlerContext, who: Principal, ip: string) {
  const ban = ctx.state.get('ban', ip);
  if (!ban) throw new CoreError('BAN_NOT_FOUND', `${ip} is not banned.`);
  if (!who.supervisor && ban.by.id !== who.agent) throw new CoreError('NOT_YOUR_BAN', 'You can lift only the bans you made.');
  ctx.tx.remove('ban', ip, { all: true }, 'unbanned');
  return { message: `${ban.name ?? ip} is no longer banned.` };
}

/** Expired bans leave the list. */
export function pruneBans(ctx: HandlerContext): void {
  const now = ctx.clock.now();
  for (const ban of [...ctx.state.all('ban')]) if (ban.end <= now) ctx.tx.remove('ban', ban.id, { all: true }, 'expired');
}
