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
}

export type CallDirection = 'inbound' | 'outbound';
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

export interface Call {
  id: string;
  direction: CallDirection;
  queue: string | null;
  campaign: string | null;
  caller: { number: string; name: string | null };
  erg: string | null;
  postCallSurvey: boolean;
  state: CallState;
  customerLeg: string;
  agentLeg: string | null;
  agent: string | null;
  arrivedAt: number;
  answeredAt: number | null;
  endedAt: number | null;
  endCause: ReleaseCause | null;
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
}
export type EntityKind = keyof EntityTypes;
export const ENTITY_KINDS: EntityKind[] = ['agent', 'call', 'queueStats', 'token'];
