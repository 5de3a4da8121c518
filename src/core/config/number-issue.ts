import type { z } from 'zod';

/** zod's own sentences ("Too small: expected number to be >=0"), which say the rule but not in words. */
const ZOD_SENTENCE = /^(Too small|Too big|Invalid input)/;

/**
 * A number setting outside its range, or not whole, in words with the value
 * given: "expected a number of seconds: 0 or more (it is -5)". The setting's
 * own sentence says what kind of number; alone it read as if -5 were not a
 * number at all. Null for any other issue.
 */
export function numberIssue(issue: z.core.$ZodIssue): string | null {
  const given = ` (it is ${JSON.stringify(issue.input)})`;
  const own = ZOD_SENTENCE.test(issue.message) ? null : issue.message;
  if (issue.code === 'invalid_type' && issue.expected === 'int' && typeof issue.input === 'number')
    return own ? `${own}, a whole one${given}` : `expected a whole number${given}`;
  let rule: string;
  if (issue.code === 'too_small' && issue.origin === 'number') rule = issue.inclusive ? `${issue.minimum} or more` : `above ${issue.minimum}`;
  else if (issue.code === 'too_big' && issue.origin === 'number') rule = issue.inclusive ? `${issue.maximum} or less` : `below ${issue.maximum}`;
  else return null;
  // A sentence of the setting's own that names its limit ("expected at least 1 minute") says it already.
  if (own && /\d/.test(own)) return `${own}${given}`;
  return `${own ?? 'expected a number'}: ${rule}${given}`;
}
