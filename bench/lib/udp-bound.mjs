// Whether a UDP port is bound on this machine, read from the kernel's socket
// tables (/proc/net/udp and udp6) without touching the port. The SIP
// integration suite and bench:sip use it to wait for a sipp to listen, and
// for the previous one on that port to be gone. Binding the port to find out
// (as the suite once did) holds it for a moment: a sipp starting in that
// moment fails to bind and exits, and the wait then runs out.
import { endianness } from 'node:os';
import { readFileSync } from 'node:fs';

/** The /proc table's hex form of an IPv4 address (host byte order): 127.0.0.1 -> 0100007F on x86. */
function hexIpv4(ip) {
  const bytes = ip.split('.').map((b) => Number(b));
  if (endianness() === 'LE') bytes.reverse();
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join('').toUpperCase();
}

/**
 * true when some socket is bound to ip:port (or to the wildcard address on
 * that port), false when none is, null when this system has no /proc tables
 * to read (the caller then cannot tell).
 */
export function udpBound(ip, port) {
  const want = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  const addresses = new Set([`${hexIpv4(ip)}${want}`, `00000000${want}`]);
  let seen = false;
  for (const table of ['/proc/net/udp', '/proc/net/udp6']) {
    let text;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    seen = true;
    for (const line of text.split('\n').slice(1)) {
      const local = line.trim().split(/\s+/)[1];
      if (!local || !local.endsWith(want)) continue;
      // IPv6 rows: any address on the port counts (sipp listens on IPv4 here).
      if (local.length > 13 || addresses.has(local)) return true;
    }
  }
  return seen ? false : null;
}
