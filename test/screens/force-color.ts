/**
 * Imported first by support.tsx, before ink (and its chalk) is loaded: under
 * the test runner stdout is not a terminal, so chalk would emit no colour at
 * all and a NO_COLOR test could not fail. Forcing basic colours makes the
 * coloured theme really produce colour codes, which the no-colour theme must
 * then avoid.
 */
if (process.env.FORCE_COLOR === undefined) process.env.FORCE_COLOR = '1';
export {};
