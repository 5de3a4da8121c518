import type { Clock } from '../../core/clock.js';

/** What one OPTIONS to a carrier said: null, it answered; else why it is gone, and whether nothing came back at all (408). */
export type ProbeAnswer = { gone: null } | { gone: string; noAnswer: boolean };

/** Carriers remembered as answering OPTIONS, or not: a flood of INVITEs from many addresses must not grow them without end. */
const REMEMBERED_CARRIERS = 1_000;

/**
 * One carrier's OPTIONS shared by every caller waiting from it: a carrier asks
 * for a ping no more often than every 10 to 15 s (Twilio's trunks, for one),
 * and fifty callers waiting from one trunk must not send fifty OPTIONS an
 * interval. A probe already in flight is joined; a carrier that answered less
 * than an interval ago is not asked again.
 *
 * Some carriers drop OPTIONS from anyone without a word (no answer: the
 * drachtio server says 408 after 32 s). Taken as gone, every caller waiting
 * from such a carrier would be cut off 32 s into their wait. So no answer at
 * all counts as gone only from a carrier that has answered an OPTIONS before;
 * one that never did is not asked again (`answersNoOptions`). A refusal the
 * network gives at once (503: its port is closed; 410: its connection
 * broken) is gone whatever the carrier did before.
 */
export class CarrierProbes {
  /** Per carrier URI: what the OPTIONS in flight will say. */
  private readonly inFlight = new Map<string, Promise<string | null>>();
  /** Per carrier URI: when it last answered (pruned past an interval, so a flood of addresses leaves nothing). */
  private readonly answeredAt = new Map<string, number>();
  /** Carriers that have answered an OPTIONS, and carriers that never answered one (no more are sent to those). */
  private readonly answerer = new Set<string>();
  private readonly silent = new Set<string>();

  constructor(private readonly clock: Clock) {}

  /** Whether the carrier is one that drops OPTIONS without an answer: its callers are not watched this way. */
  answersNoOptions(uri: string): boolean {
    return this.silent.has(uri);
  }

  /** null: the carrier is there (or cannot be told by OPTIONS); else why it is gone. */
  probe(uri: string, interval: number, send: () => Promise<ProbeAnswer>): Promise<string | null> {
    const now = this.clock.now();
    const answered = this.answeredAt.get(uri);
    if (this.silent.has(uri) || (answered !== undefined && now - answered < interval)) return Promise.resolve(null);
    const pending = this.inFlight.get(uri);
    if (pending) return pending;
    const asked = send().then((answer) => {
      this.inFlight.delete(uri);
      if (answer.gone === null) {
        this.answered(uri, interval);
        return null;
      }
      if (answer.noAnswer && !this.answerer.has(uri)) {
        remember(this.silent, uri);
        return null;
      }
      return answer.gone;
    });
    this.inFlight.set(uri, asked);
    return asked;
  }

  private answered(uri: string, interval: number): void {
    const now = this.clock.now();
    for (const [other, at] of this.answeredAt) if (now - at >= interval) this.answeredAt.delete(other);
    this.answeredAt.set(uri, now);
    remember(this.answerer, uri);
  }
}

function remember(set: Set<string>, uri: string): void {
  set.delete(uri);
  set.add(uri);
  if (set.size > REMEMBERED_CARRIERS) set.delete(set.values().next().value!);
}
