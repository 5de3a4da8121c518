/**
 * `host:port` as given to `serve --sip` (and `--sip-trunk`), checked before
 * anything starts so a typo is a clear sentence, not a connection that never
 * comes up. IPv6 hosts go in brackets: [::1]:9022.
 */
export function parseDrachtioAddress(value: string, what = 'the drachtio server'): { host: string; port: number } {
  const m = /^\[([^\]]+)\]:(\d+)$/.exec(value.trim()) ?? /^([^:\s]+):(\d+)$/.exec(value.trim());
  const port = m ? Number(m[2]) : NaN;
  if (!m || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`expected ${what} as host:port (for example 127.0.0.1:9022), got "${value}"`);
  }
  return { host: m[1]!, port };
}
