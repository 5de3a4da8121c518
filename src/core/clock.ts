/**
 * Time and chance are ports so that tests can drive hours of contact-center
 * time in milliseconds and replay the same "random" traffic.
 */
export interface TimerHandle {
  readonly id: number;
}

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Run fn once, `ms` from now. */
  setTimer(ms: number, fn: () => void): TimerHandle;
  clearTimer(handle: TimerHandle): void;
}

export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An unguessable token (session tokens). */
  token(): string;
  /** A one-way digest of a secret (SHA-256): session tokens are kept only as this. */
  digest(secret: string): string;
  /** A short unique id with a prefix, e.g. "call-k3x9". */
  id(prefix: string): string;
}

/** Whole seconds between two instants, never negative. */
export function secondsBetween(fromMs: number, toMs: number): number {
  return Math.max(0, Math.floor((toMs - fromMs) / 1000));
}
