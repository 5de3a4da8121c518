import { z } from 'zod';

/**
 * What one client may hold open to a server, from `security` in the
 * configuration: an agent's logged-in sockets (one more login or resume is
 * refused TOO_MANY_SESSIONS) and one address's HTTP connections (one more is
 * answered 429 TOO_MANY_CONNECTIONS). A centre whose agents run many windows
 * or scripts, or whose offices share one address, raises them here.
 */
export const CONNECTION_LIMIT_DEFAULTS = {
  // A panel reconnecting before its old socket is gone, several windows, SSH panels and scripts.
  socketsPerAgent: 20,
  // Far more than a browser (6 per host) or a provider's webhook sender opens to one server.
  httpConnectionsPerAddress: 256,
} as const;

/** The bounds a cluster's core tells its gateways (bus/core-subjects.ts LIMITS_SUBJECT). */
export type ConnectionLimits = { -readonly [K in keyof typeof CONNECTION_LIMIT_DEFAULTS]: number };

// At least one: a bound of 0 would refuse every agent and every visitor.
const connections = (fallback: number) =>
  z.number({ error: 'expected a number of connections' }).int().min(1, { error: 'expected at least 1 connection' }).default(fallback);

export const connectionLimitFields = {
  socketsPerAgent: connections(CONNECTION_LIMIT_DEFAULTS.socketsPerAgent),
  httpConnectionsPerAddress: connections(CONNECTION_LIMIT_DEFAULTS.httpConnectionsPerAddress),
};
