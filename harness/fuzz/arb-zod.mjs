// fast-check arbitraries derived from the protocol's own zod schemas, so every
// command (and every field a command gains later) is fuzzed with arguments of
// the shapes the server expects, at and past their limits. String fields whose
// names say what they hold (callId, conversation, token...) draw from the
// world's pools through Refs, so a well-formed frame can name a real call.
import fc from 'fast-check';
import { Ref } from './world.mjs';

/** Which pool a string field draws from, by command and field name. */
export function poolFor(cmd, key) {
  if (key === 'id') return cmd.startsWith('canned.') ? 'canned' : 'conversation';
  return (
    {
      callId: 'call',
      conversation: 'conversation',
      conversationId: 'conversation',
      leadId: 'lead',
      token: 'token',
      visitorToken: 'visitorToken',
      agent: 'agent',
      to: 'agent',
      with: 'agent',
      pin: 'agent',
      queue: 'queue',
      campaign: 'campaign',
      reason: 'reason',
      pauseReason: 'reason',
      hotkey: 'hotkey',
      code: 'code',
      ip: 'address',
      attachments: 'file',
    }[key] ?? null
  );
}

const checksOf = (def) => (def.checks ?? []).map((c) => c._zod.def);
const check = (def, kind) => checksOf(def).find((c) => c.check === kind);
const minLength = (def, fallback) => check(def, 'min_length')?.minimum ?? fallback;
const maxLength = (def, fallback) => check(def, 'max_length')?.maximum ?? fallback;

/** Text a person (or an attacker) might type: words, unicode, control characters, and now and then a lot of it. */
export function textArb(min = 0, max = null) {
  const cap = Math.min(max ?? 200, 200);
  const lengths = { minLength: Math.min(min, cap), maxLength: Math.max(cap, min) };
  return fc.oneof(
    { weight: 18, arbitrary: fc.string(lengths) },
    { weight: 6, arbitrary: fc.string({ unit: 'grapheme', ...lengths }) },
    { weight: 3, arbitrary: fc.constantFrom('', ' ', '\u0000', '{{customer.name}}', '../../etc/passwd', '<script>alert(1)</script>', '\u202e\u0301', '💥'.repeat(3)) },
    // At the declared limit and one past it; a long one where there is none. Not too often:
    // accepted, each is kept (a message, a subject) and the state a run leaves grows with them.
    { weight: 1, arbitrary: fc.constantFrom(...(max === null ? [5000] : [max, max + 1])).map((n) => 'x'.repeat(n)) },
  );
}

function stringArb(def, cmd, key) {
  const min = minLength(def, 0);
  const max = maxLength(def, null);
  const pool = poolFor(cmd, key);
  const free = textArb(min, max);
  if (!pool) return free;
  return fc.oneof({ weight: 4, arbitrary: fc.nat().map((n) => new Ref(pool, n)) }, { weight: 1, arbitrary: free });
}

function numberArb(def) {
  const min = check(def, 'greater_than')?.value;
  const max = check(def, 'less_than')?.value;
  const int = /int/.test(check(def, 'number_format')?.format ?? '');
  const lo = min ?? -1e6;
  const hi = max ?? 1e6;
  return fc.oneof(
    { weight: 4, arbitrary: int ? fc.integer({ min: Math.ceil(lo), max: Math.floor(hi) }) : fc.double({ min: lo, max: hi, noNaN: true }) },
    { weight: 1, arbitrary: fc.constantFrom(lo, hi, lo - 1, hi + 1, 0, -0, 0.5, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 1e308, Date.now()) },
  );
}

/**
 * An arbitrary for values of a zod schema (zod 4's `_zod.def`), mostly valid,
 * with strings and numbers at and beyond their limits. cmd and key name the
 * field, for its pool.
 */
export function arbitraryOf(schema, cmd = '', key = '') {
  const def = schema._zod.def;
  switch (def.type) {
    case 'object': {
      const entries = Object.entries(def.shape);
      const parts = Object.fromEntries(entries.map(([k, s]) => [k, arbitraryOf(s, cmd, k)]));
      const required = entries.filter(([, s]) => !['optional', 'default'].includes(s._zod.def.type)).map(([k]) => k);
      return fc.record(parts, { requiredKeys: required });
    }
    case 'optional':
    case 'default':
    case 'nullable':
      return arbitraryOf(def.innerType, cmd, key);
    case 'pipe':
      return arbitraryOf(def.in, cmd, key);
    case 'string':
      return stringArb(def, cmd, key);
    case 'number':
      return numberArb(def);
    case 'boolean':
      return fc.boolean();
    case 'enum':
      return fc.constantFrom(...Object.values(def.entries));
    case 'literal':
      return fc.constantFrom(...def.values);
    case 'array': {
      const max = maxLength(def, 20);
      const element = arbitraryOf(def.element, cmd, key);
      // Now and then right at the limit and past it; past it only for long limits (leads.import's
      // 2000 rows), with one element repeated: accepted, that many rows would only grow the state.
      const atLimit =
        max <= 50
          ? fc.constantFrom(max, max + 1).chain((n) => fc.array(element, { minLength: n, maxLength: n }))
          : element.map((e) => Array.from({ length: max + 1 }, () => e));
      return fc.oneof({ weight: 8, arbitrary: fc.array(element, { maxLength: Math.min(max, 4) }) }, { weight: 1, arbitrary: atLimit });
    }
    case 'record':
      return fc.dictionary(fc.string({ maxLength: 20 }), arbitraryOf(def.valueType, cmd, key), { maxKeys: 4 });
    case 'union':
      return fc.oneof(...def.options.map((o) => arbitraryOf(o, cmd, key)));
    default:
      // transform, unknown, any...: whatever JSON can carry.
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** A JSON value of a wrong kind for almost any field: the mutations of a valid value. */
export const wrongValueArb = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1.5, '', [], {}, [[]], { $: 1 }, '__proto__', 'constructor'),
  fc.jsonValue({ maxDepth: 3 }),
  fc.string({ maxLength: 50 }),
);

/** Take a valid value and break one field of it (drop it, change its type, add a stray key). */
export function mutated(valueArb) {
  return fc.tuple(valueArb, fc.nat(), fc.constantFrom('drop', 'retype', 'extra', 'nest'), wrongValueArb).map(([value, n, how, wrong]) => {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return wrong;
    const copy = { ...value };
    const keys = Object.keys(copy);
    const key = keys.length > 0 ? keys[n % keys.length] : 'x';
    if (how === 'drop') delete copy[key];
    else if (how === 'retype') copy[key] = wrong;
    else if (how === 'extra') copy[`extra${n % 5}`] = wrong;
    else copy[key] = { [key]: copy[key] ?? wrong };
    return copy;
  });
}
