import type { Principal } from '../core/context.js';
import type { Engine } from '../core/engine.js';
import type { CommandFrame, ErrorBody, ResponseFrame } from '../core/protocol/frames.js';
import type { CommandAnswer, CoreLink, SessionView } from '../core/ports/core-link.js';
import { framesWithin } from './event-frames.js';

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
