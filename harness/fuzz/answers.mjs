// What makes an answer an answer. Both WebSocket surfaces and their checks
// share these rules.

/** Error codes are SHOUTING_SNAKE words; messages are sentences for a person. */
const CODE = /^[A-Z][A-Z0-9_]*$/;
/** An error sentence longer than this repeats what it was sent (see issue 10, item 4). */
export const ECHO_LIMIT = 1000;

/** Why an error body is not a proper refusal, or null. */
export function errorProblem(error) {
  if (!error || typeof error !== 'object') return 'an error without a body';
  if (typeof error.code !== 'string' || !CODE.test(error.code)) return `an error without a code (${JSON.stringify(error.code)})`;
  if (typeof error.message !== 'string' || error.message.trim() === '') return `${error.code} without a sentence`;
  if (/\n\s+at |at .+\.(m?js|ts):\d+/.test(error.message)) return `${error.code} with a stack trace`;
  return null;
}

/** Why an /agent response frame is not an answer, or null. */
export function responseProblem(frame) {
  if (frame.v !== 1) return 'a response without v: 1';
  if (frame.ok === true) return frame.result === undefined ? 'a success without a result' : null;
  if (frame.ok === false) return errorProblem(frame.error);
  return 'a response that is neither ok nor an error';
}

/** An /agent frame the server sends unasked: an event (stored with seq, or passing). */
export function isEventFrame(frame) {
  return frame !== null && typeof frame === 'object' && ('seq' in frame || ('ev' in frame && !('re' in frame)));
}

/** Whether the error's sentence repeats unbounded input. */
export function isEcho(error) {
  return typeof error?.message === 'string' && error.message.length > ECHO_LIMIT;
}
