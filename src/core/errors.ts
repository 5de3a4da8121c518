import type { ErrorCode } from './protocol/error-codes.js';

/**
 * Every refusal the core makes is a CoreError: a stable machine code for scripts
 * and a sentence a person understands for the panel.
 */
/** A refusal's sentence is for a person: however much of a client's input it quotes, it stays this short. */
const MAX_MESSAGE = 1000;

export class CoreError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    // A refusal is an answer, not a fault: nobody reads its stack, and capturing one cost more than the rest of a
    // refused answer (bench:acd refuses about seven answers per ring-all call).
    const stackLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE - 1)}…` : message);
    Error.stackTraceLimit = stackLimit;
    this.name = 'CoreError';
  }

  toJSON(): { code: ErrorCode; message: string; details?: Record<string, unknown> } {
    return this.details ? { code: this.code, message: this.message, details: this.details } : { code: this.code, message: this.message };
  }
}

/** A state machine was asked for a move its transition table does not allow. */
export class TransitionError extends CoreError {
  constructor(
    readonly machine: string,
    readonly from: string,
    readonly to: string,
    message: string,
  ) {
    super('ILLEGAL_TRANSITION', message, { machine, from, to });
    this.name = 'TransitionError';
  }
}

export function isCoreError(e: unknown): e is CoreError {
  return e instanceof CoreError;
}
