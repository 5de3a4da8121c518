import { CoreError } from '../errors.js';
import type { HandlerContext, Principal } from '../context.js';
import { setActivity } from '../state/agent-machines.js';
import { newCall } from './new-call.js';
import { recogniseCaller } from '../contacts/links.js';
import type { Agent } from '../protocol/model.js';
import type { AgentDevice } from '../ports/telephony.js';
import { agentConfig } from '../config/lookup.js';

const DIALABLE = /^\+?[0-9*#]{2,20}$/;

/**
 * Click-to-dial: call another agent (their phone rings; they answer in their
 * panel) or an outside number. Manual calls need no disposition.
 */
export function dial(ctx: HandlerContext, who: Principal, to: string) {
  const me = ctx.state.agent(who.agent)!;
  if (me.activity !== 'idle') throw new CoreError('AGENT_BUSY', 'Finish your current call before dialling.');
  const now = ctx.clock.now();
  const target = ctx.state.agent(to);
  const myLeg = ctx.random.id('leg-a');

  if (target) {
    if (to === who.agent) throw new CoreError('BAD_NUMBER', 'You cannot call yourself.');
    if (!target.session || target.activity !== 'idle')
      throw new CoreError('AGENT_NOT_AVAILABLE', `${target.name} (${target.id}) cannot take a call now: ${target.session ? 'busy' : 'logged out'}.`);
    const theirLeg = ctx.random.id('leg-a');
    const mineId = ctx.random.id('call');
    const theirsId = ctx.random.id('call');
    const mine = ctx.tx.put(
      'call',
      newCall({ id: mineId, direction: 'internal', caller: { number: target.id, name: target.name }, customerLeg: theirLeg, agentLeg: myLeg, agent: who.agent, arrivedAt: now, state: 'ringing', peerCall: theirsId }),
      'dialled',
    );
    ctx.tx.put(
      'call',
      newCall({ id: theirsId, direction: 'internal', caller: { number: me.id, name: me.name }, customerLeg: myLeg, arrivedAt: now, state: 'ringing', peerCall: mineId, offers: [{ agent: target.id, leg: theirLeg, at: now }] }),
      'offered',
    );
    ctx.tx.put('agent', setActivity(me, 'on-call', now), 'dialling');
    ctx.tx.put('agent', setActivity(target, 'ringing', now), 'offered');
    const config = agentConfig(ctx.config, target.id)!;
    const device = { agent: target.id, device: target.session.device, autoAnswer: config.autoAnswer };
    const callerPhone = myDevice(ctx, me);
    ctx.tx.afterCommit(() => ctx.telephony.offerAgentLeg(theirLeg, myLeg, device, { number: me.id, name: me.name, device: callerPhone }));
    return { call: mine };
  }

  const number = to.replace(/[\s()-]/g, '');
  if (!DIALABLE.test(number)) throw new CoreError('BAD_NUMBER', `"${to}" is neither an agent number nor a number that can be dialled.`);
  const leg = ctx.random.id('leg-c');
  const call = ctx.tx.put(
    'call',
    newCall({
      id: ctx.random.id('call'),
      direction: 'outbound',
      caller: { number, name: null },
      customerLeg: leg,
      agentLeg: myLeg,
      agent: who.agent,
      arrivedAt: now,
      state: 'ringing',
      contact: recogniseCaller(ctx, number),
    }),
    'dialled',
  );
  ctx.tx.put('agent', setActivity(me, 'on-call', now), 'dialling');
  const agent = { legId: myLeg, device: myDevice(ctx, me) };
  ctx.tx.afterCommit(() => ctx.telephony.dial(leg, number, null, { agent }));
  return { call };
}

/** The agent's own phone, as the telephony side needs to ring it. */
export function myDevice(ctx: HandlerContext, agent: Agent): AgentDevice {
  const config = agentConfig(ctx.config, agent.id);
  return { agent: agent.id, device: agent.session?.device ?? 'softphone', autoAnswer: config?.autoAnswer ?? false };
}
