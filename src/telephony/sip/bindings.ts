import type { Clock, TimerHandle } from '../../core/clock.js';
import { parseNameAddr } from './name-addr.js';

/** One registered address of an agent's phone (RFC 3261 10.3: a binding). */
export interface Binding {
  uri: string;
  /** Where requests for it go when that is not the URI's host (nat.ts). */
  route: string | null;
  /** What the phone said it accepts (Allow-Events), from its REGISTER. */
  events: Set<string>;
  expiresAt: number;
  timer: TimerHandle;
}

/**
 * Every agent's current bindings, each with its own expiry. A REGISTER may
 * carry several Contacts and a phone may add one without removing another;
 * all are kept and listed in the 200 OK, as RFC 3261 10.3 asks. Calls ring
 * the one registered or refreshed last (current()): one deskphone per agent,
 * and ringing two auto-answer phones at once would open two lines.
 */
export class Bindings {
  private readonly byAgent = new Map<string, Binding[]>();

  constructor(
    private readonly clock: Clock,
    /** A binding lapsed (its timer ran out); it is already removed. `wasCurrent`: calls went to it. */
    private readonly lapsed: (agent: string, binding: Binding, wasCurrent: boolean) => void,
  ) {}

  /** The binding calls go to: the last added or refreshed that has not lapsed. */
  current(agent: string): Binding | null {
    return this.live(agent).at(-1) ?? null;
  }

  /** Every live binding, oldest first. */
  live(agent: string): Binding[] {
    const now = this.clock.now();
    return (this.byAgent.get(agent) ?? []).filter((b) => b.expiresAt > now);
  }

  has(agent: string): boolean {
    return (this.byAgent.get(agent)?.length ?? 0) > 0;
  }

  /** Add a binding, or refresh the one at the same address (it becomes the current one). */
  set(agent: string, fields: { uri: string; route: string | null; events: Set<string> }, expires: number): void {
    this.remove(agent, fields.uri);
    const binding: Binding = { ...fields, expiresAt: this.clock.now() + expires * 1000, timer: null as unknown as TimerHandle };
    binding.timer = this.clock.setTimer(expires * 1000, () => {
      const wasCurrent = this.byAgent.get(agent)?.at(-1) === binding;
      this.drop(agent, binding);
      this.lapsed(agent, binding, wasCurrent);
    });
    this.byAgent.set(agent, [...(this.byAgent.get(agent) ?? []), binding]);
  }

  /** Remove the binding at this address; false when there was none. */
  remove(agent: string, uri: string): boolean {
    const found = this.byAgent.get(agent)?.find((b) => sameContact(b.uri, uri));
    if (!found) return false;
    this.drop(agent, found);
    return true;
  }

  /**
   * Drop the oldest bindings until at most `keep` are left, and return them.
   * The newest are what the phones registered last, the ones in use; an
   * address not refreshed since is the likelier to be a phone long gone.
   */
  keepNewest(agent: string, keep: number): Binding[] {
    const all = this.byAgent.get(agent) ?? [];
    const dropped = all.slice(0, Math.max(0, all.length - keep));
    for (const b of dropped) this.drop(agent, b);
    return dropped;
  }

  removeAll(agent: string): void {
    for (const b of this.byAgent.get(agent) ?? []) this.clock.clearTimer(b.timer);
    this.byAgent.delete(agent);
  }

  clear(): void {
    for (const agent of [...this.byAgent.keys()]) this.removeAll(agent);
  }

  private drop(agent: string, binding: Binding): void {
    this.clock.clearTimer(binding.timer);
    const left = (this.byAgent.get(agent) ?? []).filter((b) => b !== binding);
    if (left.length > 0) this.byAgent.set(agent, left);
    else this.byAgent.delete(agent);
  }
}

/** Whether two contact URIs name the same phone: same user, host (any case) and port. */
function sameContact(a: string, b: string): boolean {
  const x = parseNameAddr(`<${a}>`);
  const y = parseNameAddr(`<${b}>`);
  if (!x || !y) return a === b;
  return x.user === y.user && x.hostport?.toLowerCase() === y.hostport?.toLowerCase();
}
