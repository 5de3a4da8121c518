import type { IncomingMessage } from 'node:http';

/** A request's path and query, read without a URL parser that can throw. */
export interface RequestTarget {
  path: string;
  query: URLSearchParams;
}

/**
 * Split the request target at the first `?`. `new URL()` throws on targets
 * such as `//`, `//[` or `//%zz` (they read as an authority), and one thrown
 * error in a request handler ends the process; a plain split cannot fail, and
 * URLSearchParams never throws on bad percent-escapes.
 */
export function requestTarget(req: IncomingMessage): RequestTarget {
  const raw = req.url ?? '/';
  const at = raw.indexOf('?');
  return at < 0 ? { path: raw, query: new URLSearchParams() } : { path: raw.slice(0, at), query: new URLSearchParams(raw.slice(at + 1)) };
}
