import { connect, createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { onCleanup } from '../server/support.js';

/**
 * A bad link between the browser and the server: a TCP relay that can go
 * silent (nothing passes, the sockets stay open, as on a train in a tunnel),
 * go deaf (the browser's bytes reach the server, the server's answers are
 * lost) and then drop every connection. Chromium's own offline switch does
 * not touch an open WebSocket, so it cannot show these.
 */
export interface FlakyLink {
  port: number;
  /** What passes from now on: both ways, nothing, or only the browser's bytes. */
  set(mode: 'up' | 'silent' | 'deaf'): void;
  /** Cut every open connection; new ones pass as the mode says. */
  drop(): void;
}

export async function flakyLink(serverPort: number): Promise<FlakyLink> {
  const open = new Set<Socket>();
  let mode: 'up' | 'silent' | 'deaf' = 'up';
  const relay = createServer((browser) => {
    const server = connect(serverPort, '127.0.0.1');
    const end = () => {
      browser.destroy();
      server.destroy();
      open.delete(browser);
      open.delete(server);
    };
    for (const s of [browser, server]) {
      open.add(s);
      s.on('close', end);
      s.on('error', end);
    }
    browser.on('data', (d: Buffer) => mode !== 'silent' && server.write(d));
    server.on('data', (d: Buffer) => mode === 'up' && browser.write(d));
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  onCleanup(
    () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        relay.close(() => resolve());
      }),
  );
  return {
    port: (relay.address() as AddressInfo).port,
    set: (next) => void (mode = next),
    drop: () => {
      for (const s of [...open]) s.destroy();
    },
  };
}
