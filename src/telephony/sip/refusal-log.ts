import type { Clock, TimerHandle } from '../../core/clock.js';

/**
 * The log of requests refused by the flood limits (INVITE, REGISTER) and of
 * REGISTERs with wrong credentials (a phone retrying a wrong password, or
 * someone guessing, sends them as fast as it is answered). Each
 * refusal wrote a line, so a flood of thousands a second wrote thousands of
 * lines a second: the log filled the disk and buried everything else in it.
 * The first refusal of an address is logged as it happens; the rest are
 * counted and summed up once per period ("refused 1,234 INVITEs from
 * 203.0.113.5 in the last 10 s"). A period with none ends the count, so the
 * next refusal is logged at once again.
 *
 * Bounded: past MAX_ADDRESSES counted at once (a flood from many addresses),
 * refusals from new ones are counted together and summed up as "other
 * addresses".
 */

export const SUMMARY_SECONDS = 10;
const MAX_ADDRESSES = 1000;
const OTHERS = 'other addresses';

interface Count {
  refused: number;
  timer: TimerHandle;
}

export class RefusalLog {
  private readonly counts = new Map<string, Count>();

  constructor(
    private readonly clock: Clock,
    private readonly log: (line: string) => void,
    /** What is refused: "INVITE", "REGISTER" (a plural with s), or both forms when that will not do. */
    private readonly what: string | { one: string; many: string },
    private readonly seconds = SUMMARY_SECONDS,
  ) {}

  /**
   * A request from `address` was refused; `line` says why, as it would be logged alone. `address` is what
   * refusals are counted by, as the log names it: an address, or "SIP user ann at 203.0.113.5".
   */
  refused(address: string, line: string): void {
    const key = this.counts.has(address) || this.counts.size < MAX_ADDRESSES ? address : OTHERS;
    const count = this.counts.get(key);
    if (count) {
      count.refused += 1;
      return;
    }
    if (key === OTHERS) this.log(`${line} (more addresses are refused than are logged one by one: counted together every ${this.seconds} s)`);
    else this.log(`${line} (further refusals from ${address} are counted and logged every ${this.seconds} s)`);
    this.counts.set(key, { refused: 0, timer: this.clock.setTimer(this.seconds * 1000, () => this.summarise(key)) });
  }

  private summarise(key: string): void {
    const count = this.counts.get(key)!;
    if (count.refused === 0) {
      this.counts.delete(key);
      return;
    }
    this.log(`refused ${this.counted(count.refused)} from ${key} in the last ${this.seconds} s`);
    count.refused = 0;
    count.timer = this.clock.setTimer(this.seconds * 1000, () => this.summarise(key));
  }

  /** "1,234 INVITEs", "1 INVITE" */
  private counted(n: number): string {
    const { one, many } = typeof this.what === 'string' ? { one: this.what, many: `${this.what}s` } : this.what;
    return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
  }

  /** Stop the timers (the telephony is closing); what is counted and not yet logged is logged now. */
  close(): void {
    for (const [key, count] of this.counts) {
      this.clock.clearTimer(count.timer);
      if (count.refused > 0) this.log(`refused ${this.counted(count.refused)} from ${key} in the last moments before closing`);
    }
    this.counts.clear();
  }
}
