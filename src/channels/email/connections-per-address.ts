/**
 * The SMTP connections each client address holds. Each is held until the
 * client quits or idles out, and a client that sends NOOP now and then never
 * idles: without a count one address held thousands. Connections are counted
 * by session id, so one refused (never counted) is never taken off.
 */
export class ConnectionsPerAddress {
  private readonly perAddress = new Map<string, number>();
  private readonly counted = new Map<string, string>();

  constructor(readonly max: number) {}

  /** Count a new connection; false, and not counted, when its address holds `max` already. */
  open(sessionId: string, address: string): boolean {
    const held = this.perAddress.get(address) ?? 0;
    if (held >= this.max) return false;
    this.perAddress.set(address, held + 1);
    this.counted.set(sessionId, address);
    return true;
  }

  close(sessionId: string): void {
    const address = this.counted.get(sessionId);
    if (address === undefined) return;
    this.counted.delete(sessionId);
    const left = (this.perAddress.get(address) ?? 1) - 1;
    if (left > 0) this.perAddress.set(address, left);
    else this.perAddress.delete(address);
  }
}
