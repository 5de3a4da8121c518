import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import type { Clock, TimerHandle } from '../../core/clock.js';
import { carrierAddressKind, type SipConfig } from '../../core/config/sip.js';

/**
 * Which configured carrier (`sip.carriers`) an INVITE's source address
 * belongs to. An entry is an address, a range (203.0.113.0/24, 2001:db8::/32)
 * or a host name. Host names are resolved at start and again every
 * REFRESH_MS: a carrier moves its SBCs by changing its DNS. A lookup that
 * fails is logged and the addresses last resolved are kept, so a DNS outage
 * does not suddenly limit a trunk that carries a whole site's calls; a name
 * that never resolved matches nothing (and is tried again sooner).
 */

export type Carrier = SipConfig['carriers'][number];

/** Every address a host name stands for (IPv4 and IPv6). */
export type ResolveHost = (host: string) => Promise<string[]>;

export const REFRESH_MS = 5 * 60_000;
/** A name that has never resolved is asked again sooner: until then its INVITEs are limited as any address's. */
export const RETRY_MS = 30_000;

const resolveWithDns: ResolveHost = async (host) => (await lookup(host, { all: true })).map((a) => a.address);

interface Entry {
  carrier: Carrier;
  /** Addresses and ranges this entry matches; for a host name, those it resolved to last. */
  matches: BlockList;
  host: string | null;
  resolved: boolean;
  /** Why the last lookup failed, null after a good one: the same failure every 30 s is logged once. */
  failure: string | null;
  timer: TimerHandle | null;
}

export class CarrierAddresses {
  private readonly entries: Entry[];
  private stopped = false;

  constructor(
    carriers: readonly Carrier[],
    private readonly clock: Clock,
    private readonly log: (line: string) => void,
    private readonly resolve: ResolveHost = resolveWithDns,
  ) {
    this.entries = carriers.map((carrier) => {
      const kind = carrierAddressKind(carrier.address);
      const entry: Entry = { carrier, matches: new BlockList(), host: kind === 'host' ? carrier.address : null, resolved: false, failure: null, timer: null };
      if (kind === 'ip') add(entry.matches, carrier.address);
      if (kind === 'range') {
        const [net, prefix] = carrier.address.split('/') as [string, string];
        entry.matches.addSubnet(net, Number(prefix), isIP(net) === 6 ? 'ipv6' : 'ipv4');
      }
      return entry;
    });
  }

  /** Look the host names up, and keep looking them up until stop(). */
  start(): void {
    this.stopped = false;
    for (const entry of this.entries) if (entry.host) void this.refresh(entry);
  }

  stop(): void {
    this.stopped = true;
    for (const entry of this.entries) {
      if (entry.timer) this.clock.clearTimer(entry.timer);
      entry.timer = null;
    }
  }

  /** The carrier an address belongs to, the first listed when several match. */
  match(address: string): Carrier | undefined {
    const bare = address.replace(/^\[(.*)\]$/, '$1');
    const family = isIP(bare);
    if (family === 0) return undefined;
    return this.entries.find((e) => e.matches.check(bare, family === 6 ? 'ipv6' : 'ipv4'))?.carrier;
  }

  private async refresh(entry: Entry): Promise<void> {
    const host = entry.host!;
    try {
      const addresses = (await this.resolve(host)).filter((a) => isIP(a) !== 0);
      if (addresses.length === 0) throw new Error('no addresses');
      if (this.stopped) return;
      const matches = new BlockList();
      for (const a of addresses) add(matches, a);
      const before = entry.matches.rules.join();
      entry.matches = matches;
      if (!entry.resolved || before !== matches.rules.join()) this.log(`carrier ${host} is at ${addresses.join(', ')}: its INVITEs are ${entry.carrier.limit ? 'limited as configured for it' : 'not limited'}`);
      entry.resolved = true;
      entry.failure = null;
    } catch (e) {
      if (this.stopped) return;
      const why = (e as { code?: string; message?: string }).code ?? (e as Error).message ?? String(e);
      const again = entry.failure === why;
      entry.failure = why;
      if (!again) this.log(
        entry.resolved
          ? `carrier ${host} could not be looked up again (${why}): still taking its INVITEs from the addresses it had`
          : `carrier ${host} could not be looked up (${why}): its INVITEs are limited as any address's until it is; trying again in ${RETRY_MS / 1000} s`,
      );
    }
    entry.timer = this.clock.setTimer(entry.resolved ? REFRESH_MS : RETRY_MS, () => void this.refresh(entry));
  }
}

function add(list: BlockList, address: string): void {
  list.addAddress(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
}
