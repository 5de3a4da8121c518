import { connect, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { onCleanup } from './server/support.js';

/**
 * A TCP relay on 127.0.0.1 in front of a server: the bad links and stopped
 * servers a client must live through, which neither the server nor Chromium's
 * offline switch (it leaves an open WebSocket alone) can show.
 *
 * - `up`: everything passes, both ways.
 * - `frozen`: a stopped server (kill -STOP) or a cut without a reset. New
 *   connections are still accepted (a stopped process's listening socket
 *   does), but nothing passes either way, closes included; leaving `frozen`
 *   delivers what was held, in order.
 * - `silent`: a train in a tunnel. Nothing passes and nothing is kept; the
 *   sockets stay open.
 * - `deaf`: the client's bytes reach the server, the server's answers are lost.
 */
export type RelayMode = 'up' | 'frozen' | 'silent' | 'deaf';

export interface TcpRelay {
  port: number;
  /** ws://127.0.0.1:port of the relay. */
  url: string;
  /** What passes from now on. */
  set(mode: RelayMode): void;
  /** Cut every open connection; new ones pass as the mode says. */
  drop(): void;
  /** Cut every open connection and refuse new ones: the server is gone for good. */
  vanish(): void;
}

/**
 * Called with every chunk before it passes (or not, as the mode says), so a
 * test can act on what it sees: a watcher that calls `vanish` keeps that very
 * chunk from passing.
 */
export interface RelayWatchers {
  fromClient?: (chunk: Buffer) => void;
  fromServer?: (chunk: Buffer) => void;
}

export async function startRelay(serverPort: number, watch: RelayWatchers = {}): Promise<TcpRelay> {
  let mode: RelayMode = 'up';
  const open = new Set<Socket>();
  /** For each direction of each connection, delivers what it held while frozen. */
  const releases = new Set<() => void>();

  const forward = (from: Socket, to: Socket, passes: (mode: RelayMode) => boolean, seen?: (chunk: Buffer) => void) => {
    const held: Array<Buffer | 'end'> = [];
    const deliver = (item: Buffer | 'end') => (item === 'end' ? to.destroy() : to.write(item));
    from.on('data', (chunk: Buffer) => {
      seen?.(chunk);
      if (to.destroyed) return;
      if (mode !== 'frozen') return void (passes(mode) && to.write(chunk));
      held.push(chunk);
      from.pause();
    });
    from.on('close', () => (mode === 'frozen' ? held.push('end') : to.destroy()));
    from.on('error', () => {});
    releases.add(() => {
      for (const item of held.splice(0)) deliver(item);
      from.resume();
    });
  };

  const relay = createServer((client) => {
    const server = connect(serverPort, '127.0.0.1');
    for (const s of [client, server]) {
      open.add(s);
      s.on('close', () => open.delete(s));
    }
    forward(client, server, (m) => m !== 'silent', watch.fromClient);
    forward(server, client, (m) => m === 'up', watch.fromServer);
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  closeAtCleanup(relay, open);
  const drop = () => {
    for (const s of [...open]) s.destroy();
  };
  const port = (relay.address() as AddressInfo).port;
  return {
    port,
    url: `ws://127.0.0.1:${port}`,
    set: (next) => {
      mode = next;
      if (next !== 'frozen') for (const release of releases) release();
    },
    drop,
    vanish: () => {
      relay.close();
      drop();
    },
  };
}

/**
 * A server that takes connections and never answers, nor closes them: a
 * stopped server, or a link cut without a reset, as met on connecting.
 * Resolves to its port.
 */
export async function startMuteServer(): Promise<number> {
  const held = new Set<Socket>();
  const mute = createServer((socket) => void held.add(socket));
  await new Promise<void>((resolve) => mute.listen(0, '127.0.0.1', resolve));
  closeAtCleanup(mute, held);
  return (mute.address() as AddressInfo).port;
}

/** After the test: its sockets cut, the server closed. */
function closeAtCleanup(server: Server, sockets: Set<Socket>): void {
  onCleanup(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  );
}
