import { TransitionError } from '../errors.js';

/**
 * A transition table: for each state, the states it may move to. A move that
 * is not listed throws a TransitionError rather than being ignored.
 *
 * Some machines are also settled: put in line with facts that changed under
 * them (an agent's calls, ended by a restart). Settling may reach the states
 * listed in `settleTo` from any state, because it describes what is rather
 * than asks for a move; a state not listed there is never settled into.
 */
export class TransitionTable<S extends string> {
  constructor(
    readonly machine: string,
    private readonly allowed: Record<S, readonly S[]>,
    private readonly explain: (from: S, to: S) => string,
    private readonly settleTo: readonly S[] = [],
  ) {}

  can(from: S, to: S): boolean {
    return this.allowed[from]?.includes(to) ?? false;
  }

  /** Returns `to` when the move is allowed; throws otherwise. */
  check(from: S, to: S): S {
    if (!this.can(from, to)) throw new TransitionError(this.machine, from, to, this.explain(from, to));
    return to;
  }

  /** Returns `to` when settling may reach it; throws otherwise. */
  settle(from: S, to: S): S {
    if (!this.settleTo.includes(to)) throw new TransitionError(this.machine, from, to, this.explain(from, to));
    return to;
  }

  targets(from: S): readonly S[] {
    return this.allowed[from] ?? [];
  }
}
