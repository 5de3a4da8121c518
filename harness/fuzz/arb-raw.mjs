// Frames that are not what any schema describes, shared by both WebSocket
// surfaces: garbage, binary, bytes that are not UTF-8, nesting deep enough to
// hurt a recursive parser, frames near the 1 MiB limit and past it.
import fc from 'fast-check';

export const MIB = 1024 * 1024;

/** Raw text or bytes, with what the server must do with it. */
const rawFrameArbs = {
  json: fc.jsonValue({ maxDepth: 4 }).map((value) => ({ form: 'json', value })),
  garbage: fc
    .oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 }), fc.constantFrom('', ' ', 'null', '[]', '{', '{"v":1', '"x"', '1e999', '{"__proto__":{"admin":true}}'))
    .map((text) => ({ form: 'text', text })),
  binary: fc.uint8Array({ maxLength: 512 }).map((bytes) => ({ form: 'binary', bytes })),
  // A text frame whose bytes are not UTF-8: the WebSocket layer must close with 1007.
  badUtf8: fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => ({ form: 'badUtf8', bytes: Uint8Array.from([...bytes, 0xc3, 0x28, 0xff]) })),
  deep: fc.record({ depth: fc.integer({ min: 1_000, max: 100_000 }), shape: fc.constantFrom('array', 'object') }).map((d) => ({ form: 'deep', ...d })),
  // Over the 1 MiB limit: the server must close the socket with 1009, not read it.
  oversize: fc.integer({ min: MIB + 1, max: MIB + 64 * 1024 }).map((size) => ({ form: 'oversize', size })),
};

/** Nesting `depth` levels deep as text, e.g. [[[ ... ]]] or {"a":{"a": ... }}. */
export function deepText(depth, shape) {
  return shape === 'array' ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/**
 * The raw frames each surface gets besides its own, with their weights (out of
 * about 900 per surface): costly ones rare, so a million frames stay a few
 * hundred MB on the wire. big: the surface's frame padded to near 1 MiB.
 */
export function rawFrameMix(big) {
  return [
    { weight: 40, arbitrary: rawFrameArbs.json },
    { weight: 40, arbitrary: rawFrameArbs.garbage },
    { weight: 12, arbitrary: rawFrameArbs.binary },
    { weight: 2, arbitrary: rawFrameArbs.deep },
    { weight: 1, arbitrary: big },
    { weight: 2, arbitrary: rawFrameArbs.badUtf8 },
    { weight: 1, arbitrary: rawFrameArbs.oversize },
  ];
}
