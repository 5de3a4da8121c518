import { ClientError } from '../client/session.js';

/**
 * A script's guard against a server that accepts the connection and never
 * answers (stopped, or the link cut without a reset): the work fails with
 * NO_ANSWER once the server has been silent for `seconds`. A long job (an
 * import sent in parts) calls `answered` at each answer, so only silence
 * counts, never the file's size.
 */
export class AnswerWatchdog {
  private timer: NodeJS.Timeout | undefined;
  private fail: ((e: ClientError) => void) | undefined;

  constructor(readonly seconds: number) {}

  /** The work's outcome, or NO_ANSWER after `seconds` without an answer. */
  guard<T>(work: Promise<T>): Promise<T> {
    const silence = new Promise<never>((_, reject) => (this.fail = reject));
    this.answered();
    return Promise.race([work, silence]).finally(() => this.stop());
  }

  /** The server answered: the silence counts from now. */
  answered(): void {
    clearTimeout(this.timer);
    const fail = this.fail;
    if (!fail) return;
    this.timer = setTimeout(() => fail(new ClientError('NO_ANSWER', `The server did not answer within ${this.seconds} seconds.`)), this.seconds * 1000);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.fail = undefined;
  }
}
