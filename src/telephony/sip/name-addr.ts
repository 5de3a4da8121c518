import { createRequire } from 'node:module';

/**
 * Name-addr and SIP URI parsing with drachtio-srf's own SIP parser (its
 * lib/sip-parser), not patterns of ours: display names quoted or not, with
 * escapes, UTF-8 in quotes, tel: URIs in P-Asserted-Identity, header
 * parameters after the <URI>. Only the parser is loaded here, not the Srf
 * (drachtio.ts), and only when the SIP adapter is.
 */

interface ParsedUri {
  scheme: string;
  /** sip(s): the user part, still %-escaped. */
  user?: string;
  host?: string;
  port?: number;
  /** tel: the number. */
  number?: string;
  /** URI parameters (transport...). */
  params?: Record<string, string | null | undefined>;
}

interface ParsedNameAddr {
  /** As written: quoted ("Ann \"A\"") or a run of tokens (Ann  Smith); absent when there is none. */
  name?: string;
  uri: string;
  params: Record<string, string | undefined>;
}

interface SipParser {
  parseUri(uri: string): ParsedUri | undefined;
  getParser(header: string): (data: { s: string; i: number }) => unknown;
}

const parser = createRequire(import.meta.url)('drachtio-srf/lib/sip-parser/parser.js') as SipParser;

export interface NameAddr {
  /** The display name, unquoted and unescaped; null when there is none. */
  name: string | null;
  /** The URI inside <...> (or the bare URI). */
  uri: string;
  /** The user part of a sip: URI, or the number of a tel: URI, unescaped; null when there is none. */
  user: string | null;
  /** host:port of a sip: URI. */
  hostport: string | null;
  /** Header parameters after the URI (tag, expires, answer-after...), names lower-cased. */
  params: Record<string, string | undefined>;
}

/** `"Ann" <sip:1001@host>;tag=x`, `Ann <sip:...>`, `<sip:...>;expires=60` or `sip:...`: null when it is none of these. */
export function parseNameAddr(value: string | undefined): NameAddr | null {
  if (!value?.trim()) return null;
  let parsed: ParsedNameAddr;
  try {
    parsed = parser.getParser('from')({ s: value.trim(), i: 0 }) as ParsedNameAddr;
  } catch {
    return null;
  }
  return fromParsed(parsed);
}

/** Every entry of a Contact header (`*` is returned as an entry whose uri is `*`). */
export function parseContacts(value: string | undefined): NameAddr[] {
  if (!value?.trim()) return [];
  if (value.trim() === '*') return [{ name: null, uri: '*', user: null, hostport: null, params: {} }];
  try {
    const entries = parser.getParser('contact')({ s: value.trim(), i: 0 }) as ParsedNameAddr[];
    return entries.map(fromParsed).filter((e): e is NameAddr => e !== null);
  } catch {
    return [];
  }
}

function fromParsed(parsed: ParsedNameAddr | undefined): NameAddr | null {
  if (!parsed?.uri) return null;
  const uri = parser.parseUri(parsed.uri.trim());
  // A value the parser could not read as a URI (e.g. an unquoted name with characters a token may not hold).
  if (!uri) return null;
  const user = uri.scheme === 'tel' ? (uri.number ?? null) : uri.user ? unescapeUser(uri.user) : null;
  const hostport = uri.host ? (uri.port ? `${uri.host}:${uri.port}` : uri.host) : null;
  return { name: displayName(parsed.name), uri: parsed.uri.trim(), user, hostport, params: parsed.params ?? {} };
}

/** A quoted-string loses its quotes and backslash escapes (RFC 3261 25.1); tokens keep single spaces. */
function displayName(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  const text = raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2 ? raw.slice(1, -1).replace(/\\(.)/gs, '$1') : raw.replace(/\s+/g, ' ');
  return text.trim() || null;
}

function unescapeUser(user: string): string {
  try {
    return decodeURIComponent(user);
  } catch {
    return user;
  }
}

/** A display name as a quoted-string, escaping `"` and `\` (what a header may carry). */
export function quoteDisplayName(name: string): string {
  return `"${name.replace(/[\r\n]+/g, ' ').replace(/(["\\])/g, '\\$1')}"`;
}

/**
 * Who is calling: P-Asserted-Identity when the carrier sends one (drachtio
 * reads the number the same way), else From. A name missing from the
 * identity header is taken from From.
 */
export function callerIdentity(get: (header: string) => string | undefined, fallbackNumber: string): { number: string; name: string | null } {
  const from = parseNameAddr(get('From'));
  const asserted = parseNameAddr(get('P-Asserted-Identity'));
  const who = asserted ?? from;
  return { number: who?.user || fallbackNumber || 'anonymous', name: who?.name ?? from?.name ?? null };
}

/** host:port of a SIP URI or name-addr (e.g. a dialog's Contact), or null. */
export function hostportOf(value: string | undefined): string | null {
  return parseNameAddr(value)?.hostport ?? null;
}

/** Where a sip: or sips: URI points: its host (IPv6 without brackets), its port if it names one, and its transport parameter. */
export function sipUriTarget(uri: string): { scheme: string; host: string; port: number | null; transport: string | null } | null {
  let parsed: ParsedUri | undefined;
  try {
    parsed = parser.parseUri(uri.trim());
  } catch {
    return null;
  }
  if (!parsed?.host || (parsed.scheme !== 'sip' && parsed.scheme !== 'sips')) return null;
  const transport = parsed.params?.transport;
  return {
    scheme: parsed.scheme,
    host: parsed.host.replace(/^\[(.*)\]$/, '$1').toLowerCase(),
    port: Number.isInteger(parsed.port) ? parsed.port! : null,
    transport: typeof transport === 'string' ? transport.toLowerCase() : null,
  };
}
