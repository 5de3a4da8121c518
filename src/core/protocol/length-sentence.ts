import type { z } from 'zod';

/**
 * A command argument of the wrong length, in a person's words with its name:
 * "code must not be empty", "reason must be at most 200 characters long".
 * Zod's own sentence ("Too small: expected string to have >=1 characters")
 * reached the agent word for word, e.g. from `switchboard dispose ''`.
 * Undefined for any other issue, so the next wording in line says it.
 */
export function lengthSentence(issue: z.core.$ZodRawIssue): string | undefined {
  const path = issue.path ?? [];
  if (issue.code === 'invalid_key') {
    // A record's key (a custom field's name) of the wrong length: the key itself is the sender's text, not repeated.
    const rule = lengthRule(issue.issues[0]);
    return rule && `each name in ${argumentName(path.slice(0, -1))} ${rule}`;
  }
  const rule = lengthRule(issue);
  return rule && `${argumentName(path)} ${rule}`;
}

function lengthRule(issue: z.core.$ZodRawIssue | z.core.$ZodIssue | undefined): string | undefined {
  if (!issue || (issue.code !== 'too_small' && issue.code !== 'too_big')) return undefined;
  if (issue.origin !== 'string' && issue.origin !== 'array') return undefined;
  const limit = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
  if (issue.code === 'too_small' && limit <= 1) return 'must not be empty';
  const bound = `${issue.code === 'too_small' ? 'at least' : 'at most'} ${limit.toLocaleString('en')}`;
  return issue.origin === 'string' ? `must be ${bound} characters long` : `must have ${bound} entries`;
}

/** `code` for args.code, `each entry of attachments` for args.attachments[2] (the message names the exact place before it). */
function argumentName(path: readonly PropertyKey[]): string {
  const key = [...path].reverse().find((part) => typeof part === 'string');
  if (key === undefined) return 'the value';
  return typeof path.at(-1) === 'number' ? `each entry of ${String(key)}` : String(key);
}
