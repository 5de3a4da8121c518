import { randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The header by which the demo's own simulated visitors say they stand in for
 * a reverse proxy. It carries a key the server makes at start and gives only
 * to its in-process simulator: with it, X-Forwarded-For is believed (each
 * simulated visitor gets an address of its own, so banning one bans one);
 * without it, the header is ignored, so loopback is not a way round bans and
 * lockouts. Only `--trust-proxy` makes a real proxy's header believed.
 */
export const SIMULATOR_HEADER = 'x-switchboard-simulator';

export function newSimulatorKey(): string {
  return randomBytes(24).toString('base64url');
}

/** Whether a request carries this server's simulator key. */
export function isSimulatorKey(given: string | string[] | undefined, key: string | null): boolean {
  if (!key || typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(key);
  return a.length === b.length && timingSafeEqual(a, b);
}
