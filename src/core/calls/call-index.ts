import type { Agent, Call } from '../protocol/model.js';
import type { State } from '../state/state.js';
import { forgetOldest } from '../bounded-map.js';

/**
 * Indexes over calls and agents that the ACD needs on every transaction:
 * which live call a telephony leg belongs to, the waiting calls in arrival
 * order, each agent's calls, and the agents free to take a queue call.
 * Kept in step with the state by observing every change.
 */
export class CallIndex {
  private readonly byLeg = new Map<string, string>();
  /**
   * Waiting calls and their arrival. A Map iterates in insertion order, which
   * is arrival order until a call older than the last one waits again (its
   * offer rang out): then it is sorted once, when next asked, not on every
   * ask (thousands wait in a rush hour, and the ACD asks at every change).
   */
  private readonly waiting = new Map<string, number>();
  private waitingInOrder = true;
  private lastArrival = -Infinity;
  private readonly byAgent = new Map<string, Set<string>>();
  private readonly idle = new Set<string>();
  private readonly blended = new Set<string>();
  /** Calls that left the list after completion, recently, with their agent and disposition: a late second disposition is told so. */
  private readonly completed = new Map<string, { agent: string | null; disposition: string }>();

  constructor(private readonly state: State) {
    state.observe((kind, prev, next) => {
      if (kind === 'call') this.indexCall(prev as Call | null, next as Call | null);
      else if (kind === 'agent') this.indexAgent(next as Agent | null, (prev as Agent | null)?.id);
    });
  }

  callOfLeg(legId: string): Call | undefined {
    const id = this.byLeg.get(legId);
    return id ? this.state.call(id) : undefined;
  }

  /** Waiting calls, oldest first. */
  waitingCalls(): Call[] {
    if (!this.waitingInOrder) this.sortWaiting();
    const out: Call[] = [];
    for (const id of this.waiting.keys()) {
      const call = this.state.call(id);
      if (call) out.push(call);
    }
    return out;
  }

  /** Put the waiting calls back in arrival order (a stable sort: calls that arrived together keep their order). */
  private sortWaiting(): void {
    const sorted = [...this.waiting].sort((a, b) => a[1] - b[1]);
    this.waiting.clear();
    for (const [id, at] of sorted) this.waiting.set(id, at);
    this.waitingInOrder = true;
    this.lastArrival = sorted.at(-1)?.[1] ?? -Infinity;
  }

  private wait(call: Call): void {
    if (this.waiting.size === 0) this.lastArrival = -Infinity;
    if (call.arrivedAt < this.lastArrival) this.waitingInOrder = false;
    else this.lastArrival = call.arrivedAt;
    this.waiting.set(call.id, call.arrivedAt);
  }

  callsOf(agent: string): Call[] {
    const out: Call[] = [];
    for (const id of this.byAgent.get(agent) ?? []) {
      const call = this.state.call(id);
      if (call) out.push(call);
    }
    return out;
  }

  /** Logged-in, available, idle agents working inbound: who may be offered a queue call. */
  idleAgents(): ReadonlySet<string> {
    return this.idle;
  }

  /** The disposition a recently completed call of this agent was given, if it is one (another agent's call tells nothing). */
  completedDisposition(callId: string, agent: string): string | undefined {
    const done = this.completed.get(callId);
    return done && done.agent === agent ? done.disposition : undefined;
  }

  /** Agents logged in with the blended strategy. */
  blendedAgents(): ReadonlySet<string> {
    return this.blended;
  }

  private indexCall(prev: Call | null, next: Call | null): void {
    if (prev && !next && prev.disposition) {
      this.completed.set(prev.id, { agent: prev.agent, disposition: prev.disposition.name });
      forgetOldest(this.completed, 5000);
    }
    if (prev) {
      if (this.byLeg.get(prev.customerLeg) === prev.id) this.byLeg.delete(prev.customerLeg);
      if (prev.agentLeg) this.byLeg.delete(prev.agentLeg);
      for (const o of prev.offers) this.byLeg.delete(o.leg);
      this.waiting.delete(prev.id);
      for (const agent of involved(prev)) this.byAgent.get(agent)?.delete(prev.id);
    }
    if (next) {
      // Only live calls own their legs: an ended call kept for its disposition
      // may share its customer leg with the call it was transferred into.
      if (next.state !== 'ended' || next.transfer?.kind === 'number') {
        // A caller sent out to a number stays reachable by leg: the transfer's progress still arrives.
        this.byLeg.set(next.customerLeg, next.id);
        if (next.agentLeg) this.byLeg.set(next.agentLeg, next.id);
        for (const o of next.offers) this.byLeg.set(o.leg, next.id);
      }
      if (next.state === 'waiting') this.wait(next);
      for (const agent of involved(next)) {
        const set = this.byAgent.get(agent) ?? new Set();
        set.add(next.id);
        this.byAgent.set(agent, set);
      }
    }
  }

  private indexAgent(next: Agent | null, id: string | undefined): void {
    const agentId = next?.id ?? id;
    if (!agentId) return;
    const free = next && next.session && next.status === 'available' && next.activity === 'idle' && next.session.mode === 'inbound';
    if (free) this.idle.add(agentId);
    else this.idle.delete(agentId);
    if (next?.session?.strategy === 'blended') this.blended.add(agentId);
    else this.blended.delete(agentId);
  }
}

function involved(call: Call): string[] {
  const agents = call.offers.map((o) => o.agent);
  if (call.agent && !agents.includes(call.agent)) agents.push(call.agent);
  return agents;
}
