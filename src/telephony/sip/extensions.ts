/**
 * SIP extensions a caller may require of us (the option tags of Require,
 * RFC 3261 8.2.2.3). Only 100rel: the drachtio server sends our 180 reliably
 * and answers the caller's PRACK itself. Anything else (replaces, timer, ...)
 * we do not do, and a UAS that ignored a Require would be taken to honour
 * it: the caller is answered 420 Bad Extension naming what is missing, and
 * may try again without it.
 */
const SUPPORTED = new Set(['100rel']);

/** The option tags of a Require header that we do not support, lower-cased, in order. */
export function unsupportedExtensions(require: string | undefined): string[] {
  if (!require) return [];
  const tags = require
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t.length > 0);
  return [...new Set(tags.filter((t) => !SUPPORTED.has(t)))];
}
