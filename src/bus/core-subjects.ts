/**
 * The NATS subjects between the active core and the gateways (issue 19).
 * Commands and session lookups are request/reply to a queue group, so only
 * one core (the one holding the lease: a standby has not subscribed) answers
 * each; live changes and passing events are plain publishes, fire and
 * forget, because neither is ever replayed.
 */
export const COMMAND_SUBJECT = 'switchboard.core.command';
export const SESSIONS_SUBJECT = 'switchboard.core.sessions';
/** Where the active core's own listener is: gateways relay visitors, webhooks and files to it. */
export const WHERE_SUBJECT = 'switchboard.core.where';
/** The active core says it lives, with its instance's id, every BEAT_MS: a new id is a takeover. */
export const ALIVE_SUBJECT = 'switchboard.core.alive';
export const BEAT_MS = 250;
/** Each gateway says it lives, with its id, every GATEWAY_BEAT_MS; one silent for GATEWAY_SILENT_MS is taken for dead. */
export const GATEWAY_ALIVE_SUBJECT = 'switchboard.gateway.alive';
export const GATEWAY_BEAT_MS = 1_000;
export const GATEWAY_SILENT_MS = 5_000;
/** A gateway's word that an agent's last connection on it closed. */
export const GONE_SUBJECT = 'switchboard.core.gone';
/**
 * A gateway's word of how many logged-in sockets of an agent it holds now,
 * after each change: the core adds them up over the gateways, so an agent's
 * bound (security.socketsPerAgent) holds for the centre, not per gateway.
 */
export const SOCKETS_SUBJECT = 'switchboard.core.sockets';
/**
 * A gateway's word that it gave up on a login or resume (no core answered
 * within its --core-wait): the place the core reserved for it, by its
 * ticket, is free, as no socket of the gateway will hold it.
 */
export const GIVEN_UP_SUBJECT = 'switchboard.core.given-up';
/**
 * The active core's connection limits (security.socketsPerAgent and
 * httpConnectionsPerAddress): a gateway asks each core it hears of, so the
 * centre's configuration is the only place they are set.
 */
export const LIMITS_SUBJECT = 'switchboard.core.limits';
export const LIVE_SUBJECT = 'switchboard.live';
export const PASSING_SUBJECT = 'switchboard.passing';
/** A core that starts asks every gateway which agents it holds (its own restart broke no gateway's sockets). */
export const AGENTS_SUBJECT = 'switchboard.gateway.agents';
export const CORE_QUEUE = 'switchboard-core';
/** What a gateway tells a panel (and a relayed request) when no core answers in time. */
export const CORE_UNAVAILABLE = { code: 'CORE_UNAVAILABLE', message: 'The centre is not answering (its core is down and no standby has taken over); try again in a moment.' } as const;
/**
 * The largest message a cluster's NATS server must take: a resume's replay
 * (up to REPLAY_BYTES) or a supervisor's snapshot travels in one reply.
 * NATS's default is 1 MiB; the documentation asks for `max_payload: 8MB`.
 */
export const NEEDED_MAX_PAYLOAD = 8 * 1024 * 1024;

/** After this long without a core, the client is told so (gateway --core-wait). The standby takes over well within it. */
export const DEFAULT_CORE_WAIT_MS = 30_000;
/**
 * How long a gateway's count may take on its way to the core (NATS, then the
 * core's queue of work): a reserved place is kept this long past the time its
 * gateway may take to send it. Measured under 300 logins at once through two
 * gateways on a loaded 2-core machine (test/bus/count-trip.test.ts): slowest
 * 0.7 to 2.0 s over four runs, median under 0.25 s; this is two and a half times the slowest.
 */
export const COUNT_TRIP_MS = 5_000;
/** An answer waits at most this long for the stream to bring the events before it. */
export const HOLD_MAX_MS = 2_000;

/**
 * How long after the core answers a login or resume a gateway may take to
 * send the count that settles its place: the answer is held for the events
 * before it, and waits behind the answers to the frames its socket sent
 * first, each of which waits on a core no longer than the gateway's
 * --core-wait from when it was sent (before this one).
 */
export function settleWithinMs(coreWaitMs: number): number {
  return coreWaitMs + HOLD_MAX_MS;
}
