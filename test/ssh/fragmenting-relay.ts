import net, { type AddressInfo, type Socket } from 'node:net';

export interface FragmentingRelay {
  port: number;
  /** Bytes passed on to the server so far, and in how many writes. */
  sent: { bytes: number; writes: number };
  close(): Promise<void>;
}

/**
 * A TCP relay to 127.0.0.1:targetPort that hands what the client sends to the
 * server 1 to 3 bytes at a time, a millisecond or two apart, as a bad mobile
 * link or a throttling proxy does; the server's bytes go back as they come.
 * Each piece is its own write with Nagle off, so the server reads them apart.
 */
export async function startFragmentingRelay(targetPort: number): Promise<FragmentingRelay> {
  const sockets = new Set<Socket>();
  const sent = { bytes: 0, writes: 0 };
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      s.setNoDelay(true);
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {});
    }
    let queued = Buffer.alloc(0);
    let pumping = false;
    let piece = 0;
    const pump = () => {
      if (queued.length === 0 || upstream.destroyed) {
        pumping = false;
        return;
      }
      pumping = true;
      // 1, 2, 3, 1, 2, 3…: every split a key or a line can have comes up.
      const size = (piece++ % 3) + 1;
      upstream.write(queued.subarray(0, size));
      sent.bytes += Math.min(size, queued.length);
      sent.writes++;
      queued = queued.subarray(size);
      setTimeout(pump, 1);
    };
    client.on('data', (chunk: Buffer) => {
      queued = Buffer.concat([queued, chunk]);
      if (!pumping) pump();
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    sent,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
