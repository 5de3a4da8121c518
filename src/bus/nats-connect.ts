import { connect, type NatsConnection } from 'nats';

/**
 * The NATS server of `--bus` is not there at start. Coded as every startup
 * refusal is (`switchboard: BUS_UNREACHABLE: ...`): the nats client's own word
 * (CONNECTION_REFUSED) came last, where it read like part of the address.
 */
export class BusUnreachableError extends Error {
  readonly code = 'BUS_UNREACHABLE';

  constructor(url: string, why: string) {
    super(`Cannot reach the NATS server at ${url} (${why}); start nats-server there with JetStream (-js), or give --bus its address.`);
    this.name = 'BusUnreachableError';
  }
}

/**
 * A connection to the NATS server that reconnects for as long as the process
 * runs, or a BusUnreachableError when it is not there at start. `name` is what
 * the server's monitoring shows for it.
 */
export async function connectNats(url: string, name: 'switchboard-core' | 'switchboard-gateway'): Promise<NatsConnection> {
  try {
    return await connect({ servers: url, name, maxReconnectAttempts: -1 });
  } catch (e) {
    throw new BusUnreachableError(url, (e as Error).message);
  }
}
