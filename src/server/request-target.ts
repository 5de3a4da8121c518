import type { IncomingMessage } from 'node:http';

/** A request's path and query, read without a URL parser that can throw. */
export interface RequestTarget {
  path: string;
  query: URLSearchParams;
  /** The path and query as one origin-form target ("/files/x?y"), whatever form the request gave. */
  originForm: string;
}

/** The scheme and authority of an absolute-form target: "http://host:port". */
const ABSOLUTE_FORM = /^https?:\/\/[^/?#]*/i;

/**
 * Split the request target at the first `?`. `new URL()` throws on targets
 * such as `//`, `//[` or `//%zz` (they read as an authority), and one thrown
 * error in a request handler ends the process; a plain split cannot fail, and
 * URLSearchParams never throws on bad percent-escapes. An absolute-form
 * target (`GET http://host/healthz`, which an HTTP/1.1 server must accept,
 * RFC 9112 3.2.2) is read from its path: the host it names is not ours to
 * check, as the Host header's is not.
 */
export function requestTarget(req: IncomingMessage): RequestTarget {
  const given = req.url ?? '/';
  const authority = ABSOLUTE_FORM.exec(given);
  const rest = authority ? given.slice(authority[0].length) : given;
  const raw = authority && !rest.startsWith('/') ? `/${rest}` : rest;
  const at = raw.indexOf('?');
  return at < 0 ? { path: raw, query: new URLSearchParams(), originForm: raw } : { path: raw.slice(0, at), query: new URLSearchParams(raw.slice(at + 1)), originForm: raw };
}
