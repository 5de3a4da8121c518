import { z } from 'zod';

/**
 * `sip:` in the configuration: what the SIP adapter (serve --sip) limits.
 * Only new calls are limited here; REGISTER has its own limits (the
 * adapter's register-throttle.ts, with `security`).
 */

const rate = z.object({
  burst: z.number({ error: 'expected a number of INVITEs' }).int().min(1, { error: 'expected a burst of at least 1 INVITE' }),
  perSecond: z.number({ error: 'expected INVITEs per second' }).min(0.1, { error: 'expected at least 0.1 INVITEs per second' }),
});
export type InviteRate = z.infer<typeof rate>;

const ipAddress = z.union([z.ipv4(), z.ipv6()], { error: 'expected an IP address such as 203.0.113.10 (the carrier as the drachtio server sees it)' });

/**
 * Per source address: a caller's INVITEs cost a queue place and an agent's
 * ring each, so one address must not be able to fill the queues. 30 at once
 * and 5 a second after that (18,000 calls an hour) is more than a PBX or a
 * small carrier sends; a carrier trunk that carries more is listed in
 * `carriers`, with no limit or its own.
 */
export const DEFAULT_INVITE_RATE: InviteRate = { burst: 30, perSecond: 5 };

export const sipSchema = z.object({
  invitesPerAddress: rate.default(DEFAULT_INVITE_RATE),
  /** Carriers' trunk addresses: without `limit` they are not limited at all; with one, it replaces the per-address limit. */
  carriers: z.array(z.object({ address: ipAddress, limit: rate.optional() })).default([]),
});
export type SipConfig = z.infer<typeof sipSchema>;

export const SIP_DEFAULTS: SipConfig = { invitesPerAddress: DEFAULT_INVITE_RATE, carriers: [] };
