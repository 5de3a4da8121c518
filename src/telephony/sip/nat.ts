import { sipUriTarget } from './name-addr.js';

/** Where a REGISTER reached us from: the phone's side of its router (or the phone itself). */
export interface ReceivedFrom {
  address: string;
  port: number;
  /** As drachtio reports it: udp, tcp, tls, ws, wss. */
  protocol: string | null;
}

/**
 * The next hop for requests to a phone whose REGISTER came from elsewhere
 * than its Contact says, or null when they agree.
 *
 * A deskphone behind NAT writes its private address in Contact
 * (sip:1001@192.168.1.20:5060), which nobody outside its office reaches;
 * its router lets in only what comes back to the address and port the
 * REGISTER left from. So, as a registrar does for such phones (RFC 5626's
 * flow, Asterisk's force_rport and comedia, Kamailio's fix_nated_contact),
 * requests keep the Contact as Request-URI and are sent to where the
 * REGISTER came from, over the same transport. This is done whenever the
 * two differ, not by a setting: a phone that is not behind NAT registers
 * from its own Contact and is untouched, and one registered through a proxy
 * or SBC is reached through that proxy, which is where it must be reached.
 */
export function natRoute(contact: string, from: ReceivedFrom | null): string | null {
  if (!from) return null;
  const target = sipUriTarget(contact);
  if (!target) return null;
  const secure = target.scheme === 'sips' || from.protocol === 'tls' || from.protocol === 'wss';
  const contactPort = target.port ?? (secure ? 5061 : 5060);
  const address = from.address.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (target.host === address && contactPort === from.port) return null;
  const host = address.includes(':') ? `[${address}]` : address;
  const transport = from.protocol ? `;transport=${from.protocol.toLowerCase()}` : '';
  return `${secure && target.scheme === 'sips' ? 'sips' : 'sip'}:${host}:${from.port}${transport}`;
}
