// Turning a generated frame (arb-agent.mjs, arb-visitor.mjs, arb-raw.mjs) into
// what goes on the wire. Refs are resolved against the world first.
import { deepText, MIB } from './arb-raw.mjs';

/** { data: string | Uint8Array, binary, closes: expected close codes or null } */
export function rawData(spec, toText) {
  switch (spec.form) {
    case 'binary':
      return { data: spec.bytes, binary: true, closes: null };
    case 'badUtf8':
      return { data: Buffer.from(spec.bytes), binary: false, closes: [1007] };
    case 'oversize':
      return { data: `{"v":1,"id":"oversize","cmd":"sys.ping","args":{"pad":"${'p'.repeat(spec.size)}"}}`, binary: false, closes: [1009] };
    case 'deep':
      return { data: deepText(spec.depth, spec.shape), binary: false, closes: null };
    case 'text':
      return { data: spec.text, binary: false, closes: null };
    default:
      return { data: toText(spec), binary: false, closes: null };
  }
}

/** The close codes owed for what is about to be sent: its own, or 1009 for any frame over 1 MiB. */
export function closesFor(prepared) {
  if (prepared.closes) return prepared.closes;
  const size = typeof prepared.data === 'string' ? Buffer.byteLength(prepared.data) : prepared.data.length;
  return size > MIB ? [1009] : null;
}

/** A string of `size` characters to pad a frame with, staying under 1 MiB overall. */
export function padding(size) {
  return 'p'.repeat(Math.min(size, MIB - 1024));
}

/**
 * What the server reads from the text: `re`, the id a well-behaved server puts
 * on its answer (the id when it is a string, else null), the command name, and
 * the session token it offers (args.token), if any.
 */
export function envelopeOf(text) {
  const none = { re: null, cmd: null, token: null };
  if (typeof text !== 'string') return none;
  try {
    const raw = JSON.parse(text);
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return none;
    const str = (v) => (typeof v === 'string' ? v : null);
    return { re: str(raw.id), cmd: str(raw.cmd), token: str(raw.args?.token) };
  } catch {
    return none;
  }
}
