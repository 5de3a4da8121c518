import { CountByKey } from '../../core/limits/count-by-key.js';

/**
 * The SMTP connections each client address holds. Each is held until the
 * client quits or idles out, and a client that sends NOOP now and then never
 * idles: without a count one address held thousands. Connections are counted
 * by session id, so one refused (never counted) is never taken off.
 */
export class ConnectionsPerAddress {
  private readonly perAddress: CountByKey<string>;
  private readonly counted = new Map<string, string>();

  constructor(readonly max: number) {
    this.perAddress = new CountByKey(max);
  }

  /** Count a new connection; false, and not counted, when its address holds `max` already. */
  open(sessionId: string, address: string): boolean {
    if (!this.perAddress.add(address)) return false;
    this.counted.set(sessionId, address);
    return true;
  }

  close(sessionId: string): void {
    const address = this.counted.get(sessionId);
    if (address === undefined) return;
    this.counted.delete(sessionId);
    this.perAddress.remove(address);
  }
}
