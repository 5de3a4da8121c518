import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { commandSchemas, parseCommandArgs, type CommandName } from '../../src/core/protocol/commands.js';
import { errorOf, makeCore } from '../helpers.js';

/**
 * A command argument of the wrong length is refused in a sentence with its
 * name ("code must not be empty"), never in zod's own words: `switchboard
 * dispose ''` printed "args.code: Too small: expected string to have >=1
 * characters."
 */
const ZOD_WORDS = /^(Too small|Too big|Invalid key)/;

/** Values of every wrong length an argument may be sent: empty and far too long, as text, list or record. */
const WRONG_LENGTHS: unknown[] = ['', 'x'.repeat(25_000), [''], ['x'.repeat(25_000)], Array(41).fill('x'), { ['k'.repeat(300)]: 'x' }, { k: 'x'.repeat(25_000) }];

describe('the wording of arguments of the wrong length', () => {
  it('every argument of every command: empty or too long is said in words, with its name', () => {
    const worded: string[] = [];
    for (const cmd of Object.keys(commandSchemas) as CommandName[]) {
      const schema = commandSchemas[cmd];
      if (!(schema instanceof z.ZodObject)) continue;
      for (const key of Object.keys(schema.shape)) {
        for (const value of WRONG_LENGTHS) {
          const parsed = parseCommandArgs(cmd, { [key]: value });
          if (parsed.success) continue;
          for (const issue of parsed.error.issues) {
            if (issue.path[0] !== key) continue;
            expect(issue.message, `${cmd} ${key}: ${JSON.stringify(value).slice(0, 40)}`).not.toMatch(ZOD_WORDS);
            if (/must (not be empty|be at most|have at most)/.test(issue.message)) worded.push(`${cmd}.${key}`);
          }
        }
      }
    }
    // Not a sweep that found nothing to check: many commands have such arguments.
    expect(new Set(worded).size).toBeGreaterThan(50);
  });

  it('the engine answers BAD_ARGS with the place and the sentence', () => {
    const core = makeCore();
    const ava = core.login('1001');
    const said = (cmd: string, args: Record<string, unknown>) => {
      const error = errorOf(core.send(cmd, args, ava));
      expect(error.code).toBe('BAD_ARGS');
      return error.message;
    };
    expect(said('disposition.submit', { code: '' })).toBe('disposition.submit: args.code: code must not be empty.');
    expect(said('disposition.submit', { hotkey: '1'.repeat(201) })).toBe('disposition.submit: args.hotkey: hotkey must be at most 200 characters long.');
    expect(said('call.transfer', { queue: '' })).toBe('call.transfer: args.queue: queue must not be empty.');
    expect(said('message.send', { conversation: 'c1', text: 'hi', attachments: [''] })).toBe(
      'message.send: args.attachments[0]: each entry of attachments must not be empty.',
    );
    expect(said('contact.update', { id: 'k1', firstName: 'A', lastName: 'B', personType: 'Customer', fields: { ['n'.repeat(41)]: 'x' } })).toMatch(
      /: each name in fields must be at most 40 characters long\.$/,
    );
    expect(said('canned.create', { title: 'Hi', text: 'x'.repeat(5001) })).toBe('canned.create: args.text: text must be at most 5,000 characters long.');
    // A schema's own sentence for a wrong type stays; a wrong length is no longer told it (an empty token is a string).
    expect(said('session.resume', { token: 5, lastSeq: 0 })).toBe('session.resume: args.token: expected the session token as a string.');
    expect(said('session.resume', { token: '', lastSeq: 0 })).toBe('session.resume: args.token: token must not be empty.');
    // Arguments with a sentence of their own for being empty keep it.
    expect(said('agent.pause', { reason: '' })).toBe('agent.pause: args.reason: expected a pause reason.');
    expect(said('agent.pause', { reason: 'x'.repeat(201) })).toBe('agent.pause: args.reason: reason must be at most 200 characters long.');
  });
});
