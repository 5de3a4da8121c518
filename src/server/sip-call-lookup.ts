import type { Engine } from '../core/engine.js';
import type { CallLookup } from '../telephony/sip/index.js';

/**
 * Which agent a leg the core asked the SIP adapter for belongs to, read from
 * the core's state: dial() names only the number, yet a click-to-dial or
 * preview call must ring the agent's own phone first, and a call between two
 * agents names the caller's phone only as its "customer" leg. A stopgap until
 * the port carries the agent itself (see docs/architecture.md, Telephony over
 * SIP); the core does not know it is asked.
 */
export function callLookupFor(engine: Engine): CallLookup {
  return (legId) => {
    for (const call of engine.state.all('call')) {
      if (call.state === 'ended' || !call.agent || !call.agentLeg) continue;
      if (call.customerLeg !== legId && call.agentLeg !== legId) continue;
      const agent = engine.state.agent(call.agent);
      const config = engine.config.agents.find((a) => a.number === call.agent);
      if (!agent?.session || !config) continue;
      return { agentLeg: call.agentLeg, device: { agent: call.agent, device: agent.session.device, autoAnswer: config.autoAnswer } };
    }
    return null;
  };
}
