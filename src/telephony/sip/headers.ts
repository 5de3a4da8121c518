/**
 * Header values the adapter writes and reads, in one place so the tests and
 * the sipp scenarios check the same text the phones receive.
 */

/**
 * Auto-answer: phones differ in which header they honour (Yealink, Grandstream
 * and Snom read Call-Info answer-after; Polycom reads Alert-Info), so both go.
 */
export const AUTO_ANSWER_HEADERS: Readonly<Record<string, string>> = {
  'Call-Info': 'answer-after=0',
  'Alert-Info': 'info=alert-autoanswer',
};

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

/** The first URI of a Contact header: `<sip:1001@10.0.0.5:5062>;expires=60` -> sip:1001@10.0.0.5:5062. */
export function contactUri(value: string | undefined): string | null {
  if (!value) return null;
  const first = value.trim();
  if (first === '*') return '*';
  const angled = /<([^>]+)>/.exec(first);
  if (angled) return angled[1]!.trim();
  const bare = first.split(/[;,]/)[0]!.trim();
  return bare || null;
}

/** `expires` parameter of the first contact (outside its <URI>), if any. */
export function contactExpires(value: string | undefined): number | null {
  if (!value) return null;
  const afterUri = value.includes('>') ? value.slice(value.indexOf('>') + 1) : value;
  const m = /;\s*expires\s*=\s*(\d+)/i.exec(afterUri.split(',')[0]!);
  return m ? Number(m[1]) : null;
}

/** User part of a SIP URI or a name-addr: `"Ann" <sip:1001@host>` -> 1001. */
export function uriUser(value: string | undefined): string | null {
  if (!value) return null;
  const uri = contactUri(value) ?? value;
  const m = /^sips?:([^@;>]+)@/i.exec(uri);
  return m ? decodeURIComponent(m[1]!) : null;
}

/** The status line of a message/sipfrag body: "SIP/2.0 180 Ringing" -> {180, "Ringing"}. */
export function sipfragStatus(body: string | undefined): { status: number; reason: string } | null {
  const m = /^SIP\/2\.0\s+(\d{3})\s*([^\r\n]*)/m.exec(body ?? '');
  return m ? { status: Number(m[1]), reason: m[2]!.trim() } : null;
}
