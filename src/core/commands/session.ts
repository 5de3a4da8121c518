import { voiceQueueNumbers } from '../catalog.js';
import type { AgentConfig } from '../config/schema.js';
import { CoreError } from '../errors.js';
import type { HandlerContext, Principal, SocketsBound } from '../context.js';
import { NO_LOAD, type Agent, type AgentSession, type Strategy, type TokenHolder } from '../protocol/model.js';
import type { commandSchemas } from '../protocol/commands.js';
import { sameSecret } from '../secrets.js';
import { deviceReached } from '../calls/device-reach.js';
import { declineOffer, endCall } from '../calls/lifecycle.js';
import { linkBack } from '../messaging/status-change.js';
import { agentStatus, configuredAgentState, endSession, setActivity, startSession } from '../state/agent-machines.js';
import { handBackPreview } from '../dialer/preview.js';
import type { z } from 'zod';
import { agentConfig } from '../config/lookup.js';
import { takesQueueWork } from '../protocol/strategy.js';
import { endTokensOfAgent, loggedOutElsewhere } from './ended-tokens.js';

type Args<C extends keyof typeof commandSchemas> = z.output<(typeof commandSchemas)[C]>;

export const BROKEN_NO_SESSION =
  'Your agent needs to log back in because their session is broken. You are not logged into any queue nor campaign. This may happen because the service was restarted.';
export const BROKEN_SESSION =
  'Your agent needs to log back in because their session is broken. This may happen because the service was restarted.';

/** Check the credentials of a login; counts failures against the throttle. */
function authenticate(ctx: HandlerContext, args: Args<'session.check'>): AgentConfig {
  const { agent: number, pin, email, password } = args;
  ctx.throttle.check(number, ctx.origin.address);
  const agent = agentConfig(ctx.config, number);
  // Compare against a dummy when the agent does not exist, so timing does not tell.
  const pinOk = sameSecret(pin, agent?.pin ?? '\u0000never');
  if (!agent || !pinOk) {
    ctx.throttle.failed(number, ctx.origin.address);
    throw new CoreError('LOGIN_FAILED', 'The agent number or PIN is not correct. Try again.');
  }
  if (email !== undefined && email !== '') {
    const emailOk = email.trim().toLowerCase() === agent.email.toLowerCase();
    const passwordOk = sameSecret(password ?? '', agent.password);
    if (!emailOk || !passwordOk) {
      ctx.throttle.failed(number, ctx.origin.address);
      throw new CoreError('LOGIN_FAILED', 'The email or password is not correct. Try again.');
    }
  }
  if (voiceQueueNumbers(agent).length === 0 && agent.messagingQueues.length === 0 && agent.campaigns.length === 0) {
    throw new CoreError(
      'NO_QUEUE_OR_CAMPAIGN',
      `Agent ${agent.number} is not a member of any voice or messaging queue and has no campaign, so cannot log in. Ask a supervisor to add you to one.`,
    );
  }
  return agent;
}

/** session.check: verify credentials and list what this agent may log in to. */
export function checkLogin(ctx: HandlerContext, args: Args<'session.check'>) {
  const agent = authenticate(ctx, args);
  ctx.throttle.succeeded(agent.number, ctx.origin.address);
  const voice = new Set(voiceQueueNumbers(agent));
  return {
    agent: { number: agent.number, name: agent.name, role: agent.role },
    device: agent.device,
    loggedIn: (ctx.state.agent(agent.number)?.status ?? 'logged-out') !== 'logged-out',
    voiceQueues: ctx.catalog.voiceQueues.filter((q) => voice.has(q.number)).map((q) => ({ number: q.number, name: q.name })),
    messagingQueues: ctx.catalog.messagingQueues
      .filter((q) => agent.messagingQueues.includes(q.id))
      .map((q) => ({ id: q.id, name: q.name, channels: q.channels })),
    campaigns: ctx.catalog.campaigns
      .filter((c) => agent.campaigns.includes(c.id))
      .map((c) => ({ id: c.id, name: c.name, strategy: c.strategy })),
  };
}

function chooseCampaign(agent: AgentConfig, strategy: Strategy, requested: string | undefined): string | null {
  if (strategy === 'inbound') {
    if (requested) throw new CoreError('CAMPAIGN_NOT_FOR_INBOUND', 'Inbound working takes calls from queues only; choose outbound or blended to work in a campaign.');
    return null;
  }
  if (requested) {
    if (!agent.campaigns.includes(requested))
      throw new CoreError('CAMPAIGN_NOT_ASSIGNED', `You are not assigned to campaign ${requested}.`);
    return requested;
  }
  if (agent.campaigns.length === 1) return agent.campaigns[0]!;
  if (agent.campaigns.length === 0)
    throw new CoreError('NO_CAMPAIGN', `You have no campaign, so cannot work ${strategy}. Choose inbound.`);
  throw new CoreError('CAMPAIGN_REQUIRED', `Choose the campaign to work in: ${strategy} working needs exactly one.`);
}

/** A new session token, and when it stops working unless a resume slides it on. */
function issueToken(ctx: HandlerContext, agent: string, sessionId: string, holder: TokenHolder | undefined): { token: string; expiresAt: number } {
  const token = ctx.random.token();
  const expiresAt = ctx.clock.now() + ctx.config.security.tokenTtlHours * 3600_000;
  ctx.tx.put('token', { id: ctx.random.digest(token), agent, sessionId, expiresAt, holder });
  return { token, expiresAt };
}

/** A fresh logged-out agent record for an agent of the configuration. */
export function loggedOutAgent(agent: AgentConfig, at: number): Agent {
  return {
    id: agent.number,
    name: agent.name,
    role: agent.role,
    ...configuredAgentState(at),
    session: null,
    callsAnswered: 0,
    missedOffers: 0,
    declinedOffers: 0,
    wrapUpUntil: null,
    load: NO_LOAD,
  };
}

/**
 * A login or resume past the agent's sockets: what they have open is theirs
 * to close. In a cluster the sockets are counted over every gateway, so the
 * sentence names the centre, not the server the agent happens to reach.
 */
export function tooManySessions(agent: string, { max, over }: SocketsBound): CoreError {
  const connections = `${max} connection${max === 1 ? '' : 's'}`;
  const where = over === 'centre' ? 'open to this centre, over all its gateways' : 'open to this server';
  return new CoreError('TOO_MANY_SESSIONS', `Agent ${agent} already has ${connections} ${where} (panels, windows, scripts); close one and try again.`);
}

/** session.login: start a session (or join the one already running). */
export function login(ctx: HandlerContext, args: Args<'session.login'>) {
  const config = authenticate(ctx, args);
  // Refused before anything is written: a token issued here would be stored for hours and held by nobody.
  if (ctx.origin.agentSocketsFull !== undefined) throw tooManySessions(config.number, ctx.origin.agentSocketsFull);
  const now = ctx.clock.now();
  const current = ctx.state.agent(config.number) ?? loggedOutAgent(config, now);

  if (current.session) {
    // Already logged in (another terminal, a crashed panel, a script): join the
    // running session rather than end it, so no call or state is lost.
    ctx.throttle.succeeded(config.number, ctx.origin.address);
    // A panel of the session is here again: within the grace the agent keeps their conversations.
    linkBack(ctx, config.number);
    const { token, expiresAt } = issueToken(ctx, config.number, current.session.id, args.client);
    return { token, expiresAt, agent: current, joined: true };
  }

  if (args.joinOnly) {
    throw new CoreError('NOT_LOGGED_IN_ANYWHERE', `Agent ${config.number} is not logged in. Log in from the panel first.`);
  }
  const strategy = args.strategy;
  const campaign = chooseCampaign(config, strategy, args.campaign);
  const device = args.device ?? config.device;
  const voiceQueues = takesQueueWork(strategy) ? voiceQueueNumbers(config) : [];
  if (strategy === 'inbound' && voiceQueues.length === 0 && config.messagingQueues.length === 0) {
    throw new CoreError('NO_QUEUE', 'You are not a member of any queue, so cannot work inbound. Choose outbound.');
  }
  if (device === 'deskphone') {
    const reach = ctx.telephony.deviceReachable({ agent: config.number, device, autoAnswer: config.autoAnswer });
    if (!reach.ok) throw new CoreError('DEVICE_UNREACHABLE', `Your deskphone cannot be reached: ${reach.reason}`);
  }
  const status = agentStatus.check('logged-out', args.as);
  const session: AgentSession = {
    id: ctx.random.id('sess'),
    strategy,
    mode: strategy === 'outbound' ? 'outbound' : 'inbound',
    device,
    campaign,
    voiceQueues,
    messagingQueues: takesQueueWork(strategy) ? config.messagingQueues : [],
    loginAt: now,
    address: ctx.origin.address,
    modeReason: null,
    campaignWarning: null,
  };
  const pauseReason = status === 'paused' ? (args.pauseReason ?? 'Login') : null;
  if (pauseReason !== null && pauseReason !== 'Login' && !ctx.config.pauseReasons.includes(pauseReason))
    throw new CoreError('UNKNOWN_PAUSE_REASON', `"${pauseReason}" is not one of the pause reasons: ${ctx.config.pauseReasons.join(', ')}.`);
  const agent = ctx.tx.put(
    'agent',
    { ...startSession(current, status, pauseReason, now), session, callsAnswered: 0, missedOffers: 0, declinedOffers: 0, wrapUpUntil: null, ...deviceReached(current) },
    'login',
  );
  ctx.throttle.succeeded(config.number, ctx.origin.address);
  linkBack(ctx, config.number);
  const { token, expiresAt } = issueToken(ctx, config.number, session.id, args.client);
  return { token, expiresAt, agent, joined: false };
}

/** Validate a token; the error says why a session cannot be resumed. */
export function principalFromToken(ctx: Pick<HandlerContext, 'state' | 'clock' | 'config' | 'random'>, token: string): Principal {
  const record = ctx.state.token(ctx.random.digest(token));
  if (!record) throw new CoreError('SESSION_BROKEN', BROKEN_NO_SESSION);
  // Checked first: after the logout the agent may have logged in again, and this token is still not theirs to use.
  if (record.loggedOut) throw loggedOutElsewhere(ctx, record.loggedOut);
  const agent = ctx.state.agent(record.agent);
  if (!agent?.session || agent.session.id !== record.sessionId)
    throw new CoreError('SESSION_BROKEN', BROKEN_NO_SESSION);
  if (record.expiresAt <= ctx.clock.now())
    throw new CoreError('TOKEN_EXPIRED', `Your session token has expired. ${BROKEN_SESSION}`);
  const config = agentConfig(ctx.config, record.agent);
  return {
    agent: record.agent,
    sessionId: record.sessionId,
    token,
    supervisor: config?.role === 'supervisor',
    queues: config?.messagingQueues ?? [],
    voiceQueues: config ? voiceQueueNumbers(config) : [],
    campaigns: config?.campaigns ?? [],
  };
}

/** session.resume: prove the token and slide its expiry forward (not for a socket past the agent's bound). */
export function resume(ctx: HandlerContext, args: Args<'session.resume'>) {
  const principal = principalFromToken(ctx, args.token);
  // Refused before anything is written: the token is left as it was, for the agent's sockets that hold it.
  const full = ctx.origin.agentSocketsFullFor?.(principal.agent);
  if (full !== undefined) throw tooManySessions(principal.agent, full);
  const record = ctx.state.token(ctx.random.digest(args.token))!;
  const expiresAt = ctx.clock.now() + ctx.config.security.tokenTtlHours * 3600_000;
  ctx.tx.put('token', { ...record, expiresAt });
  linkBack(ctx, principal.agent);
  return { principal, expiresAt };
}

/**
 * session.logout: end the agent's session; every token of it stops working
 * (kept, marked, so that a panel coming back with one is told why).
 * On a call it is refused, unless `hangUp` (the manual's Call Centre Status,
 * when the telephony side is not ready): then every call of the agent is hung
 * up first (a ringing offer goes to the next agent), and a call that still
 * owes its disposition keeps it for the next login.
 */
export function logout(ctx: HandlerContext, principal: Principal, options: { hangUp?: boolean } = {}) {
  const hungUp = options.hangUp ? hangUpEverything(ctx, principal.agent) : 0;
  let agent = ctx.state.agent(principal.agent)!;
  // Previewing a lead is no call: the lead goes back to the campaign and the agent may leave.
  if (agent.activity === 'previewing') {
    handBackPreview(ctx, agent.id, 'released');
    agent = ctx.tx.put('agent', setActivity(agent, 'idle', ctx.clock.now()), 'released');
  }
  const owing = [...ctx.state.all('call')].some((c) => c.agent === agent.id && c.state === 'ended' && ((c.needsDisposition && !c.disposition) || (c.needsForm && !c.form)));
  if (!options.hangUp && agent.activity !== 'idle' && (agent.activity !== 'wrap-up' || owing)) {
    throw new CoreError('AGENT_BUSY', `You cannot log out while ${owing ? 'a call awaits its disposition or form' : 'on a call'}. Finish it first.`);
  }
  const now = ctx.clock.now();
  ctx.tx.put(
    'agent',
    {
      ...endSession(agent, now),
      session: null,
    },
    'logout',
  );
  endTokensOfAgent(ctx, principal.agent, ctx.state.token(ctx.random.digest(principal.token))?.holder);
  return { loggedOut: true, hungUp };
}

/** Every call of the agent that is not over: ringing offers are turned down, the rest ended. How many. */
function hangUpEverything(ctx: HandlerContext, agentId: string): number {
  let n = 0;
  for (const call of ctx.calls.callsOf(agentId)) {
    const fresh = ctx.state.call(call.id);
    if (!fresh || fresh.state === 'ended' || fresh.state === 'waiting') continue;
    if (fresh.state === 'ringing' && fresh.agent !== agentId) {
      if (!fresh.offers.some((o) => o.agent === agentId)) continue;
      declineOffer(ctx, fresh, agentId);
    } else endCall(ctx, fresh, 'normal', { releaseCustomer: true, releaseAgent: true });
    n++;
  }
  return n;
}
