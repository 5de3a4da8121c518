import { connect, type NatsConnection } from 'nats';

/**
 * A connection to the NATS server that reconnects for as long as the process
 * runs, or "Cannot reach the NATS server at URL: why" when it is not there at
 * start. `name` is what the server's monitoring shows for it.
 */
export async function connectNats(url: string, name: 'switchboard-core' | 'switchboard-gateway'): Promise<NatsConnection> {
  try {
    return await connect({ servers: url, name, maxReconnectAttempts: -1 });
  } catch (e) {
    throw new Error(`Cannot reach the NATS server at ${url}: ${(e as Error).message}`);
  }
}
