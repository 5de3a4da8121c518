/**
 * The entities the core keeps. Events carry a whole entity after each change,
 * so every type here is also what a client store holds.
 */

export type AgentStatus = 'logged-out' | 'available' | 'paused';
export type AgentActivity = 'idle' | 'ringing' | 'on-call' | 'wrap-up' | 'previewing';
export type Strategy = 'inbound' | 'outbound' | 'blended';
export type WorkingMode = 'inbound' | 'outbound';
export type Device = 'deskphone' | 'softphone';
export type Role = 'agent' | 'supervisor';

export interface AgentSession {
  id: string;
  strategy: Strategy;
  /** What the agent works on right now; blended agents move between the two. */
  mode: WorkingMode;
  device: Device;
  campaign: string | null;
  voiceQueues: string[];
  messagingQueues: string[];
  loginAt: number;
  address: string;
}

export interface Agent {
  id: string;
  name: string;
  role: Role;
  status: AgentStatus;
  statusSince: number;
  pauseReason: string | null;
  activity: AgentActivity;
  activitySince: number;
  session: AgentSession | null;
  /** Queue calls answered this session (fewest-calls strategy, Agents tab). */
  callsAnswered: number;
  /** Offers missed in a row; reset by an answer. Too many pauses the agent ("No answer"). */
  missedOffers: number;
  /** Wrap-up lasts at least until then, whatever else is done. */
  wrapUpUntil: number | null;
}

export type CallDirection = 'inbound' | 'outbound' | 'internal';
export type CallState = 'waiting' | 'ringing' | 'on-call' | 'on-hold' | 'ended';
export type ReleaseCause =
  | 'normal'
  | 'abandoned'
  | 'busy'
  | 'no-answer'
  | 'rejected'
  | 'failed'
  | 'transferred'
  | 'service-restart';

/** An agent whose device is ringing for a call. */
export interface CallOffer {
  agent: string;
  leg: string;
  at: number;
}

export interface DispositionRecord {
  code: string;
  name: string;
  type: string;
  color: string;
  at: number;
  by: string;
}

export interface Call {
  id: string;
  direction: CallDirection;
  queue: string | null;
  campaign: string | null;
  /** The other party: the caller, the dialled number, or the other agent. */
  caller: { number: string; name: string | null };
  erg: string | null;
  postCallSurvey: boolean;
  state: CallState;
  customerLeg: string;
  agentLeg: string | null;
  agent: string | null;
  offers: CallOffer[];
  /** When the call entered its queue (or was placed). */
  arrivedAt: number;
  answeredAt: number | null;
  endedAt: number | null;
  endCause: ReleaseCause | null;
  holdStartedAt: number | null;
  holdMs: number;
  /** Completion rule: the call stays on the agent's list until these are submitted. */
  needsDisposition: boolean;
  needsForm: boolean;
  disposition: DispositionRecord | null;
  form: { values: Record<string, string | number | boolean>; at: number } | null;
  /** Where a transfer sent it, or where it came from. */
  transfer: { to: string; kind: 'queue' | 'agent' | 'number' } | null;
  transferredFrom: string | null;
  /** Latest telephony progress worth showing (e.g. transfer progress, failure reason). */
  progress: string | null;
  /** The agent who last let this call ring out: others are tried first. */
  lastMissedBy: string | null;
  /** Screen-pop page for this call, from the queue's URL template. */
  screenPopUrl: string | null;
  /** The other agent's call, for a call between two agents. */
  peerCall: string | null;
}

/** An agent's voice alerts (MWT over threshold) and the settings that raise them. */
export interface AlertList {
  id: string;
  settings: { mwtThresholdMinutes: number; intervalMinutes: number; myQueuesOnly: boolean } | null;
  items: Array<{ id: string; at: number; queue: string; text: string }>;
  lastByQueue: Record<string, number>;
}

export interface QueueStats {
  id: string;
  waiting: number;
  /** Arrival time of the longest-waiting caller; the client draws MWT from it. */
  oldestWaitingSince: number | null;
  busy: number;
  idle: number;
  paused: number;
  loggedIn: number;
  answered: number;
  abandoned: number;
  totalWaitMs: number;
  answeredWithinServiceLevel: number;
  /** Round-robin memory: the member offered a call last. */
  lastOffered: string | null;
}

export interface TokenRecord {
  id: string;
  agent: string;
  sessionId: string;
  expiresAt: number;
}

/** The kinds of entity the state holds, with the type of each. */
export interface EntityTypes {
  agent: Agent;
  call: Call;
  queueStats: QueueStats;
  token: TokenRecord;
  alerts: AlertList;
}
export type EntityKind = keyof EntityTypes;
export const ENTITY_KINDS: EntityKind[] = ['agent', 'call', 'queueStats', 'token', 'alerts'];
