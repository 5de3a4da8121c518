import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';

/**
 * Connections kept to one provider host (Graph, Twilio) at most: each new one
 * to a real provider is a TLS handshake, so a burst (a page's name look-ups,
 * the outbox's sends) reuses the few kept open instead of opening one per
 * request (the global fetch opened 7 for 11 look-ups, 4 at a time: a freed
 * connection was not yet back when the next look-up asked). Requests beyond
 * them wait for one to be free, within their own time. WhatsApp and
 * Messenger share graph.facebook.com: this is both outboxes at their default
 * 8 sends at once.
 */
export const PROVIDER_SOCKETS_PER_HOST = 16;
/** A connection idle this long is closed: under the 60 s or so providers keep one, so they rarely close it under us. */
const IDLE_MS = 30_000;

const options = { keepAlive: true, maxSockets: PROVIDER_SOCKETS_PER_HOST, maxFreeSockets: PROVIDER_SOCKETS_PER_HOST, timeout: IDLE_MS, scheduling: 'lifo' as const };
const http = new HttpAgent(options);
const https = new HttpsAgent(options);

/** The shared pool for a provider's address (each host and port its own, as the agent keeps them). */
export function providerAgent(url: URL): HttpAgent {
  return url.protocol === 'https:' ? https : http;
}
