import { createConnection, createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { onCleanup } from '../server/support.js';

/**
 * A TCP relay on 127.0.0.1 in front of a server, that can stop forwarding
 * without closing anything: what a client sees of a stopped server (kill
 * -STOP) or of a network cut without a reset. Frozen, it still accepts
 * connections (a stopped process's listening socket does) but passes nothing
 * either way, closes included; thawed, it delivers what it held, in order.
 */
export interface FrozenRelay {
  /** ws://127.0.0.1:port of the relay. */
  url: string;
  freeze(): void;
  thaw(): void;
}

export async function startRelay(targetPort: number): Promise<FrozenRelay> {
  let frozen = false;
  const held = new Set<() => void>();
  const sockets = new Set<Socket>();

  /** Pass what `from` sends on to `to`, holding it (and its end) while frozen. */
  const forward = (from: Socket, to: Socket) => {
    const queue: Array<Buffer | 'end'> = [];
    const deliver = (item: Buffer | 'end') => (item === 'end' ? to.destroy() : to.write(item));
    from.on('data', (chunk: Buffer) => {
      if (!frozen) return void to.write(chunk);
      queue.push(chunk);
      from.pause();
    });
    from.on('close', () => (frozen ? queue.push('end') : to.destroy()));
    from.on('error', () => {});
    held.add(() => {
      for (const item of queue.splice(0)) deliver(item);
      from.resume();
    });
  };

  const server = createServer((client) => {
    const upstream = createConnection({ host: '127.0.0.1', port: targetPort });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    }
    forward(client, upstream);
    forward(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onCleanup(
    () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  );
  return {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`,
    freeze: () => void (frozen = true),
    thaw: () => {
      frozen = false;
      for (const release of held) release();
    },
  };
}
