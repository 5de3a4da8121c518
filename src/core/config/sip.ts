import { z } from 'zod';
import { settingsObject } from './settings-object.js';

/**
 * `sip:` in the configuration: what the SIP adapter (serve --sip) limits,
 * and how it watches the deskphones. REGISTER floods and wrong passwords
 * have their own limits (the adapter's register-throttle.ts, with `security`).
 */

const rate = settingsObject({
  burst: z.number({ error: 'expected a number of INVITEs' }).int().min(1, { error: 'expected a burst of at least 1 INVITE' }),
  perSecond: z.number({ error: 'expected INVITEs per second' }).min(0.1, { error: 'expected at least 0.1 INVITEs per second' }),
});
export type InviteRate = z.infer<typeof rate>;

/**
 * Where a carrier's INVITEs come from, as the drachtio server sees them: one
 * address, a range (a carrier's SBCs often share one), or a host name the
 * adapter resolves at start and again every few minutes (a carrier that
 * moves its SBCs changes its DNS, not our configuration).
 */
export type CarrierAddressKind = 'ip' | 'range' | 'host';

const ip = z.union([z.ipv4(), z.ipv6()]);
const range = z.union([z.cidrv4(), z.cidrv6()]);
const hostName = z.hostname();

export function carrierAddressKind(value: string): CarrierAddressKind | null {
  if (ip.safeParse(value).success) return 'ip';
  if (range.safeParse(value).success) return 'range';
  // "203.0.113" or "203.0.113.300" read as host names by the pattern: they are mistyped addresses, which no DNS
  // name can be (a top-level domain is never all digits), so they are refused rather than looked up.
  if (hostName.safeParse(value).success && !/(^|\.)\d+\.?$/.test(value)) return 'host';
  return null;
}

const carrierAddress = z.string({ error: 'expected an address such as 203.0.113.10, a range such as 203.0.113.0/24, or a host name' }).refine(
  (value) => carrierAddressKind(value) !== null,
  {
    error: (issue) =>
      `"${String(issue.input)}" is neither an IP address (203.0.113.10), an address range (203.0.113.0/24, 2001:db8::/32) nor a host name (sbc.carrier.example)`,
  },
);

/**
 * Per source address: a caller's INVITEs cost a queue place and an agent's
 * ring each, so one address must not be able to fill the queues. 30 at once
 * and 5 a second after that (18,000 calls an hour) is more than a PBX or a
 * small carrier sends; a carrier trunk that carries more is listed in
 * `carriers`, with no limit or its own.
 */
export const DEFAULT_INVITE_RATE: InviteRate = { burst: 30, perSecond: 5 };

/**
 * Addresses one agent's phones may hold at once. Each is a timer and a line of
 * every 200 OK to the agent's REGISTERs, and a phone with good credentials
 * could otherwise add thousands; 5 is a desk phone, a softphone, a mobile
 * client and room to spare (Asterisk's max_contacts, with remove_existing).
 */
export const DEFAULT_MAX_CONTACTS = 5;

/**
 * A deskphone in a call is asked OPTIONS this often, so one unplugged or
 * rebooted mid-call ends the call (the adapter's keepalive.ts). 0 never asks
 * (phones on a link that charges by the packet); under 5 s would only load the
 * phones: the drachtio server waits 32 s for an answer anyway.
 */
export const DEFAULT_PHONE_KEEP_ALIVE_SECONDS = 30;

export const sipSchema = settingsObject({
  invitesPerAddress: rate.default(DEFAULT_INVITE_RATE),
  maxContactsPerAgent: z
    .number({ error: 'expected a number of addresses (Contacts) one agent may register' })
    .int()
    .min(1, { error: 'expected at least 1 address an agent may register' })
    .max(100)
    .default(DEFAULT_MAX_CONTACTS),
  phoneKeepAliveSeconds: z
    .number({ error: 'expected a number of seconds between keep-alive OPTIONS to a phone in a call (0: none)' })
    .int()
    .max(3600, { error: 'expected at most 3600 seconds (an hour) between keep-alive OPTIONS' })
    .refine((seconds) => seconds === 0 || seconds >= 5, {
      error: (issue) => `expected 0 (no keep-alive) or 5 seconds or more (it is ${JSON.stringify(issue.input)})`,
    })
    .default(DEFAULT_PHONE_KEEP_ALIVE_SECONDS),
  /**
   * Carriers' trunk addresses (an address, a range or a host name): without `limit` they are not limited at all;
   * with one, it replaces the per-address limit, shared by every address of the entry.
   */
  carriers: z.array(settingsObject({ address: carrierAddress, limit: rate.optional() })).default([]),
});
export type SipConfig = z.infer<typeof sipSchema>;

export const SIP_DEFAULTS: SipConfig = {
  invitesPerAddress: DEFAULT_INVITE_RATE,
  maxContactsPerAgent: DEFAULT_MAX_CONTACTS,
  phoneKeepAliveSeconds: DEFAULT_PHONE_KEEP_ALIVE_SECONDS,
  carriers: [],
};
