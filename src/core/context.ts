import type { Catalog } from './protocol/catalog.js';
import type { Clock, Random } from './clock.js';
import type { Config } from './config/schema.js';
import type { LoginThrottle } from './login-throttle.js';
import type { TelephonyPort } from './ports/telephony.js';
import type { State } from './state/state.js';
import type { Transaction } from './transaction.js';
import type { CallIndex } from './calls/call-index.js';
import type { QueueMember } from './acd/members.js';
import type { ConversationIndex } from './messaging/index.js';
import type { Audience } from './protocol/audience.js';
import type { Presence } from './presence.js';
import type { ContactIndex } from './contacts/index.js';
import type { ContactWatchers } from './contacts/watchers.js';

/** Who sent a command: an agent's logged-in session, proven by its token. */
export interface Principal {
  agent: string;
  sessionId: string;
  token: string;
  supervisor: boolean;
  /** Messaging queues the agent is a member of: they see those queues' unassigned conversations. */
  queues: string[];
  /** Voice queues the agent is a member of (configured): their figures are followed by default. */
  voiceQueues: string[];
  /** Campaigns the agent is assigned to: they see those campaigns' callbacks for anyone. */
  campaigns: string[];
}

/**
 * How many logged-in sockets one agent may hold, and over what they are
 * counted: one server's, or, in a cluster, every gateway of the centre.
 */
export interface SocketsBound {
  max: number;
  over: 'server' | 'centre';
}

/** Where a command came from: the principal (if logged in) and the client address. */
export interface Origin {
  principal: Principal | null;
  address: string;
  /**
   * Set by the gateway on a login when it already holds as many logged-in
   * sockets of the agent the login names as one agent may (this bound): the
   * login is refused TOO_MANY_SESSIONS once its credentials are proven, before
   * a token is issued that no socket would ever hold.
   */
  agentSocketsFull?: SocketsBound;
  /**
   * The same bound for a resume, whose agent only its token names: given the
   * agent, the bound when they already hold as many logged-in sockets as they
   * may (this one not among them), else undefined. The resume is then refused
   * before its token's expiry is slid on. Set in the process that counts the
   * sockets (a gateway, or a cluster's core for every gateway): a function
   * does not travel over the bus.
   */
  agentSocketsFullFor?: (agent: string) => SocketsBound | undefined;
}

/** Everything a command handler may use. It changes state only through `tx`. */
export interface HandlerContext {
  tx: Transaction;
  state: State;
  config: Config;
  catalog: Catalog;
  clock: Clock;
  random: Random;
  telephony: TelephonyPort;
  throttle: LoginThrottle;
  origin: Origin;
  calls: CallIndex;
  /** Members of each voice queue, in configuration order, with penalties. */
  members: ReadonlyMap<string, QueueMember[]>;
  /** Arm a named timer once this transaction commits; its work runs as a transaction of its own. */
  schedule(key: string, at: number, work: (ctx: HandlerContext) => void): void;
  cancel(key: string): void;
  conversations: ConversationIndex;
  /** Agents whose panels are all disconnected, and since when (the status-change trigger's broken session). */
  presence: Presence;
  /** The contacts' search and link indexes. */
  contacts: ContactIndex;
  /** Which agents have which contacts on screen: a contact's changes go to them. */
  contactWatchers: ContactWatchers;
  /** A passing event that is not stored (typing, sneak peek), sent once this transaction commits. */
  ephemeral(ev: string, data: Record<string, unknown>, audience: Audience): void;
}

/** A handler for a command that needs a logged-in agent. */
export function requirePrincipal(ctx: HandlerContext): Principal {
  if (!ctx.origin.principal) throw new Error('handler reached without a principal');
  return ctx.origin.principal;
}
