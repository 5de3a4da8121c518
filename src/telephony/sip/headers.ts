import type { PhoneMake } from '../../core/config/schema.js';

/**
 * Header values the adapter writes and reads, in one place so the tests and
 * the sipp scenarios check the same text the phones receive.
 */

/**
 * Auto-answer headers in their RFC 3261 form, `<URI>;params`: the parameter
 * is a header parameter after a URI naming us (`host` is our SIP address).
 * A bare `Call-Info: answer-after=0` is rewritten by drachtio into
 * `<answer-after=0>`, a URI no phone reads a parameter from. Which header a
 * phone reads depends on its make (the agent's `sip.phone`):
 *
 *  standard, snom, yealink, grandstream  both: each reads one or the other
 *  polycom            Alert-Info with info=alert-autoanswer and delay=0 (its auto-answer ring class)
 *  cisco, broadsoft   Call-Info answer-after only (an Alert-Info would pick a ring tone instead)
 */
export function autoAnswerHeaders(make: PhoneMake, host: string): Record<string, string> {
  const callInfo = `<sip:${host}>;answer-after=0`;
  const alertInfo = `<http://${bareHost(host)}>;info=alert-autoanswer`;
  switch (make) {
    case 'polycom':
      return { 'Alert-Info': `${alertInfo};delay=0` };
    case 'cisco':
    case 'broadsoft':
      return { 'Call-Info': callInfo };
    default:
      return { 'Call-Info': callInfo, 'Alert-Info': alertInfo };
  }
}

/** `127.0.0.1:5060` -> `127.0.0.1`, `[::1]:5060` -> `[::1]`: an http: URI needs no SIP port. */
function bareHost(hostport: string): string {
  return hostport.startsWith('[') ? hostport.slice(0, hostport.indexOf(']') + 1) : hostport.split(':')[0]!;
}

/** Names the leg in every INVITE we send, so a trace and the core's records can be matched. */
export const LEG_HEADER = 'X-Switchboard-Leg';

/** Events a phone says it accepts (Allow-Events: talk, hold, ...), lower-cased. */
export function allowedEvents(value: string | undefined): Set<string> {
  const out = new Set<string>();
  for (const part of (value ?? '').split(',')) {
    const name = part.trim().toLowerCase();
    if (name) out.add(name);
  }
  return out;
}

/** The status line of a message/sipfrag body: "SIP/2.0 180 Ringing" -> {180, "Ringing"}. */
export function sipfragStatus(body: string | undefined): { status: number; reason: string } | null {
  const m = /^SIP\/2\.0\s+(\d{3})\s*([^\r\n]*)/m.exec(body ?? '');
  return m ? { status: Number(m[1]), reason: m[2]!.trim() } : null;
}
