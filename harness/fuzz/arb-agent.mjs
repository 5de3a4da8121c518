// Generated /agent frames. Most are commands: every protocol command, with
// arguments derived from its schema, broken ones, and any JSON at all; the
// id fresh, reused (the sender's own, another socket's, a login's) or not an
// id; now and then a frame that is no command at all (arb-raw.mjs).
import fc from 'fast-check';
import { arbitraryOf, mutated, wrongValueArb } from './arb-zod.mjs';
import { MIB, rawFrameMix } from './arb-raw.mjs';

/** Session commands hold the most state (tokens, stored answers) and are drawn more often. */
const HEAVIER = new Set(['session.login', 'session.resume', 'session.logout', 'session.check']);

const idArb = fc.oneof(
  { weight: 10, arbitrary: fc.constant({ kind: 'fresh' }) },
  {
    weight: 6,
    arbitrary: fc.record({ kind: fc.constant('reuse'), from: fc.constantFrom('own', 'own', 'other', 'login', 'login', 'answered'), n: fc.nat() }),
  },
  { weight: 1, arbitrary: wrongValueArb.map((value) => ({ kind: 'raw', value })) },
  { weight: 1, arbitrary: fc.constantFrom(128, 129, 5000).map((length) => ({ kind: 'raw', value: 'i'.repeat(length) })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'missing' }) },
);

const versionArb = fc.oneof({ weight: 20, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.constantFrom(2, 0, '1', null, 1.5, 'missing') });

/** A command name the server does not have, in the shape it accepts (noun.verb), sometimes very long. */
const unknownCmdArb = fc.oneof(
  { weight: 20, arbitrary: fc.stringMatching(/^[a-z]{1,12}\.[a-zA-Z]{1,20}$/) },
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 200_000 }).map((n) => `x.${'y'.repeat(n)}`) },
);

export function agentFrameArb(commandSchemas) {
  const names = Object.keys(commandSchemas);
  const argsFor = Object.fromEntries(
    names.map((name) => {
      const valid = arbitraryOf(commandSchemas[name], name);
      return [
        name,
        fc.oneof(
          { weight: 12, arbitrary: valid },
          { weight: 5, arbitrary: mutated(valid) },
          { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
          { weight: 1, arbitrary: fc.constant(undefined) },
        ),
      ];
    }),
  );
  const knownCmd = fc
    .oneof(...names.map((name) => ({ weight: HEAVIER.has(name) ? 4 : 1, arbitrary: fc.constant(name) })))
    .chain((cmd) => argsFor[cmd].map((args) => ({ cmd, args })));
  const otherCmd = fc.record({
    cmd: fc.oneof(unknownCmdArb, wrongValueArb, fc.constantFrom('SESSION.LOGIN', 'session.login ', 'session..login', 'constructor.prototype', '__proto__.x')),
    args: fc.jsonValue({ maxDepth: 2 }),
  });
  const command = fc
    .record({
      v: versionArb,
      id: idArb,
      body: fc.oneof({ weight: 12, arbitrary: knownCmd }, { weight: 1, arbitrary: otherCmd }),
      extra: fc.option(fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 2 }), { freq: 10 }),
    })
    .map(({ v, id, body, extra }) => ({ form: 'command', v, id, cmd: body.cmd, args: body.args, extra }));
  // A valid command padded with a long string near (under) the limit: the whole frame is read and answered.
  const big = fc.record({ cmd: fc.constantFrom(...names), size: fc.integer({ min: 64 * 1024, max: MIB - 4096 }) }).map((b) => ({ form: 'big', ...b }));
  return fc.oneof({ weight: 800, arbitrary: command }, ...rawFrameMix(big));
}
