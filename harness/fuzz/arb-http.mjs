// Generated HTTP requests, written raw on a TCP socket so paths reach the
// server exactly as generated (an HTTP client library would normalise `//`,
// `/\` or `%zz` away): every route (/healthz, /files upload and download,
// /chat and its assets, /crm/lookup, the provider webhooks under /hooks, the
// WebSocket upgrades) and the odd paths around them, with or without an
// agent's or a visitor's token. Signed webhooks are arb-hooks.mjs's.
import fc from 'fast-check';
import { Ref } from './world.mjs';

/** Paths that have taken servers down, and the routes as they are. */
export const ODD_PATHS = ['//', '/\\', '///', '//[', '//@', '//%zz', '/%', '/%zz', '*', '/..', '/./files', 'http://example.com/files', '//files', '/files/%2e%2e', '/?', '/#', '/\\\\'];
export const ROUTES = [
  '/', '/healthz', '/healthz/', '/files', '/files/', '/chat', '/chat/', '/chat/chat.js', '/chat/chat.css', '/crm/lookup', '/agent', '/visitor',
  '/hooks', '/hooks/', '/hooks/whatsapp', '/hooks/facebook', '/hooks/sms', '/hooks/sms/status', '/hooks/media/', '/hooks/nope', '/hooks/whatsapp/x',
];

const urlChar = fc.constantFrom(...'abcxyz019/\\%[]@:?#&=.~-_+ ', '%zz', '%00', '%2F', '%2e', '//', '\u00e9', '\u202e', '\t');
const urlText = fc.string({ unit: urlChar, maxLength: 24 });

const pathArb = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...ODD_PATHS).map((p) => [p]) },
  { weight: 6, arbitrary: fc.constantFrom(...ROUTES).map((p) => [p]) },
  { weight: 6, arbitrary: fc.tuple(fc.constantFrom(...ROUTES, ...ODD_PATHS), urlText).map(([a, b]) => [a, b]) },
  { weight: 3, arbitrary: fc.nat().map((n) => ['/files/', new Ref('file', n)]) },
  { weight: 1, arbitrary: fc.constantFrom('/files/', '/files/file-').chain((p) => fc.string({ maxLength: 110 }).map((s) => [p, s])) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('/files?name=', '/crm/lookup?number=', '/chat?queue=', '/crm/lookup?queue=x&number='), urlText).map(([a, b]) => [a, b]) },
  { weight: 1, arbitrary: fc.nat().map((n) => ['/chat?queue=', new Ref('queue', n)]) },
  { weight: 1, arbitrary: fc.nat().map((n) => ['/hooks/media/', new Ref('file', n), '?e=9999999999&s=x']) },
);

const authArb = fc.oneof(
  { weight: 3, arbitrary: fc.constant([]) },
  { weight: 3, arbitrary: fc.nat().map((n) => [['Authorization', ['Bearer ', new Ref('token', n)]]]) },
  { weight: 3, arbitrary: fc.nat().map((n) => [['X-Visitor-Token', [new Ref('visitorToken', n)]]]) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom('Bearer ', 'Bearer', 'Basic YTpi', 'bearer x', `Bearer ${'t'.repeat(8000)}`, 'Bearer \u00ff')
      .map((v) => [['Authorization', [v]]]),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 60 }).map((v) => [['X-Visitor-Token', [v.replace(/[\r\n]/g, '')]]]) },
);

const headerArb = fc.oneof(
  fc.constantFrom(
    ['Content-Type', 'text/plain'],
    ['Content-Type', 'image/png; charset=x'],
    ['Content-Type', '../../x'],
    ['X-Forwarded-For', '203.0.113.9'],
    ['X-Forwarded-For', '1.1.1.1, 2.2.2.2, not-an-ip'],
    ['X-Forwarded-For', ''],
    ['Range', 'bytes=0-1'],
    ['Accept-Encoding', 'gzip'],
    ['Expect', '100-continue'],
    ['X-Junk', 'j'.repeat(20_000)],
  ),
  fc.tuple(fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,20}$/), fc.string({ maxLength: 40 }).map((v) => v.replace(/[\r\n\u0000]/g, ' '))),
);

const upgradeHeaders = fc
  .record({
    key: fc.oneof(fc.constant('dGhlIHNhbXBsZSBub25jZQ=='), fc.string({ maxLength: 30 }).map((s) => s.replace(/[\r\n]/g, ''))),
    version: fc.constantFrom('13', '8', '', 'x'),
  })
  .map(({ key, version }) => [
    ['Upgrade', 'websocket'],
    ['Connection', 'Upgrade'],
    ['Sec-WebSocket-Key', key],
    ['Sec-WebSocket-Version', version],
  ]);

/**
 * framing: 'exact' (Content-Length as sent), 'chunked', 'hugeDeclared' (25 MB
 * declared, nothing sent: every route must answer without waiting for it), or
 * 'shortBody' (fewer bytes than declared, then the socket is closed: nobody is
 * left to answer, only the server's life is checked).
 */
export const httpRequestArb = fc
  .record({
    method: fc.oneof({ weight: 6, arbitrary: fc.constantFrom('GET', 'POST') }, { weight: 1, arbitrary: fc.constantFrom('HEAD', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'BREW', 'get') }),
    path: pathArb,
    auth: authArb,
    headers: fc.array(headerArb, { maxLength: 3 }),
    upgrade: fc.option(upgradeHeaders, { freq: 12 }),
    body: fc.oneof({ weight: 8, arbitrary: fc.uint8Array({ maxLength: 2048 }) }, { weight: 1, arbitrary: fc.constant(new Uint8Array(64 * 1024).fill(65)) }),
    framing: fc.oneof({ weight: 12, arbitrary: fc.constant('exact') }, { weight: 1, arbitrary: fc.constantFrom('chunked', 'hugeDeclared', 'shortBody') }),
  })
  .map((r) => ({ form: 'http', ...r }));
