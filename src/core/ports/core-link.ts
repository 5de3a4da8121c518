import type { Origin, Principal } from '../context.js';
import type { Audience } from '../protocol/audience.js';
import type { EntityChange } from '../protocol/events.js';
import type { CommandFrame, ErrorBody, ResponseFrame } from '../protocol/frames.js';
import type { Snapshot } from '../protocol/snapshot.js';
import type { StoredEvent } from './store.js';

/** A logged-in session as a gateway holds it: who, and the live topics its panel follows without asking. */
export interface SessionView {
  principal: Principal;
  defaults: string[];
}

/**
 * What completes an accepted session.login or session.resume, worked out by
 * the core when it answers (a gateway in another process cannot read the
 * core's state): the session, and either a snapshot or the frames it missed.
 */
export type SessionStart =
  | { session: SessionView; snapshot: Snapshot }
  | { session: SessionView; replay: { frames: string[]; lastSeq: number; live: EntityChange[] } }
  /** A retried login whose session has since ended. */
  | { ended: ErrorBody };

export interface CommandAnswer {
  response: ResponseFrame;
  /** With an accepted login or resume. */
  session?: SessionStart;
  /**
   * In a cluster, with a login or resume: the place the core reserved for its
   * socket, which the gateway settles with its count once the answer is
   * applied (agentSockets), whatever became of the socket.
   */
  ticket?: string;
}

/** A passing event (typing): never stored nor replayed. */
export interface PassingEvent {
  ev: string;
  at: number;
  data: Record<string, unknown>;
  audience: Audience;
}

/**
 * What an agent gateway needs of the core: the engine in this process
 * (engineLink), or a core in another over NATS (bus/nats-core-link.ts).
 * Everything answers by callback: over the bus, later.
 */
export interface CoreLink {
  /** Committed groups in log order, with their live changes (figures, presence). */
  onCommitted(listener: (events: StoredEvent[], live: EntityChange[]) => void): () => void;
  /** Passing events (typing): never stored nor replayed. */
  onPassing(listener: (event: PassingEvent) => void): () => void;
  /**
   * Run a client's command. The answer comes once it is committed, after the
   * committed groups up to it have reached onCommitted's listeners.
   * `maxReplayBytes`: a resume missing more than this gets a snapshot instead.
   */
  submit(frame: CommandFrame, origin: Origin, maxReplayBytes: number, reply: (answer: CommandAnswer) => void): void;
  /** The sessions of these tokens under the configuration now in force, null where a session has ended. */
  sessions(tokens: string[], done: (sessions: Array<SessionView | null>) => void): void;
  /** The last connection of an agent's session closed (the status-change trigger's grace starts). */
  agentDisconnected(agent: string): void;
  /**
   * How many logged-in sockets of the agent this gateway holds now, after
   * each change: a cluster's core adds them up over its gateways to hold the
   * agent's bound for the centre. The engine in this process needs it not.
   * `settles`: the ticket of the login or resume whose outcome this count is.
   */
  agentSockets?(agent: string, sockets: number, settles?: string): void;
}
