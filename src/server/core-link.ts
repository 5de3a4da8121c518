import type { Origin, Principal } from '../core/context.js';
import type { Engine, EphemeralListener } from '../core/engine.js';
import type { StoredEvent } from '../core/ports/store.js';
import type { EntityChange } from '../core/protocol/events.js';
import type { CommandFrame, ErrorBody, ResponseFrame } from '../core/protocol/frames.js';
import type { Snapshot } from '../core/protocol/snapshot.js';
import { framesWithin } from './event-frames.js';

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
}

export type PassingEvent = Parameters<EphemeralListener>[0];

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
}

/** The engine in this process, as a gateway's core: everything answers at once. */
export function engineLink(engine: Engine): CoreLink {
  return {
    onCommitted: (listener) => engine.subscribe((events, live) => listener(events, live ?? [])),
    onPassing: (listener) => engine.subscribeEphemeral(listener),
    submit: (frame, origin, maxReplayBytes, reply) => engine.submit(frame, origin, (response) => reply(completeAnswer(engine, frame, response, maxReplayBytes))),
    sessions: (tokens, done) => done(tokens.map((token) => sessionOf(engine, token))),
    agentDisconnected: (agent) => engine.agentDisconnected(agent),
  };
}

/** A committed answer, with what completes a login or a resume. */
export function completeAnswer(engine: Engine, frame: CommandFrame, response: ResponseFrame, maxReplayBytes: number): CommandAnswer {
  if (!response.ok) return { response };
  const result = response.result as Record<string, unknown>;
  if (frame.cmd === 'session.login') {
    let principal: Principal;
    try {
      principal = engine.authenticate(result.token as string);
    } catch (e) {
      return { response, session: { ended: (e as { toJSON(): ErrorBody }).toJSON() } };
    }
    return { response, session: { session: { principal, defaults: engine.defaultTopics(principal) }, snapshot: engine.snapshot(principal) } };
  }
  if (frame.cmd === 'session.resume') {
    const principal = result.principal as Principal;
    const session = { principal, defaults: engine.defaultTopics(principal) };
    const missed = engine.replay(principal, Number((frame.args as { lastSeq: number }).lastSeq));
    const frames = missed && framesWithin(missed, principal, maxReplayBytes);
    if (!frames) return { response, session: { session, snapshot: engine.snapshot(principal) } };
    // Streams are not replayed: the panel's figures come back as they are now.
    return { response, session: { session, replay: { frames, lastSeq: engine.lastSeq(), live: engine.liveNow(session.defaults) } } };
  }
  return { response };
}

/** The session a token opens now, or null when it has ended. */
function sessionOf(engine: Engine, token: string): SessionView | null {
  let principal: Principal;
  try {
    principal = engine.authenticate(token);
  } catch {
    return null;
  }
  return { principal, defaults: engine.defaultTopics(principal) };
}
