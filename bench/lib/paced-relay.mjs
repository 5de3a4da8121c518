// A TCP relay that passes bytes on at a pace of its choosing: the bad links
// (far, slow, or splitting what it carries) that bench:fleet and test/ssh put
// between an SSH client and the server. One relay, several pacings.
import net from 'node:net';

/**
 * A pacing: given a chunk as it arrives, the pieces to write and how long after
 * its arrival each may go. Pieces go out in the order they came, one write each.
 * @typedef {(chunk: Buffer) => Array<{ bytes: Buffer, afterMs: number }>} Pacing
 */

/** Every chunk whole, `ms` after it came: a link with a long round trip. */
export const delayedBy = (ms) => (chunk) => [{ bytes: chunk, afterMs: ms }];

/**
 * Every chunk in pieces of 1, 2, 3, 1, 2, 3… bytes (every split a key or a line can
 * have comes up), a millisecond or more apart: a bad mobile link or a throttling proxy.
 */
export function inSmallPieces() {
  let piece = 0;
  return (chunk) => {
    const pieces = [];
    for (let at = 0; at < chunk.length; ) {
      const size = (piece++ % 3) + 1;
      pieces.push({ bytes: chunk.subarray(at, at + size), afterMs: 1 });
      at += size;
    }
    return pieces;
  };
}

/**
 * A TCP relay to 127.0.0.1:targetPort passing the client's bytes on as
 * `toServer` paces them and the server's as `toClient` does (as they come when
 * not given). An end or a close passes on in its turn, after the bytes before it.
 * Nagle is off, so each piece reaches the other side as its own write.
 * @param {number} targetPort
 * @param {{ toServer?: () => Pacing, toClient?: () => Pacing }} pacings each called once a connection, for a pacing of its own
 */
export async function startPacedRelay(targetPort, pacings = {}) {
  const sockets = new Set();
  /** What each direction passed on so far, and in how many writes. */
  const passed = { toServer: { bytes: 0, writes: 0 }, toClient: { bytes: 0, writes: 0 } };

  const pass = (from, to, pace, count) => {
    /** Pieces (or 'end', 'close') in order, each with the time it may go. */
    const queue = [];
    let pumping = false;
    const deliver = (item) => {
      if (item === 'end') to.end();
      else if (item === 'close') to.destroy();
      else if (!to.destroyed) {
        to.write(item);
        count.bytes += item.length;
        count.writes++;
      }
    };
    // One timer a piece, even one already due: the other side reads the writes apart.
    const pump = () => {
      const next = queue[0];
      if (!next) return void (pumping = false);
      pumping = true;
      setTimeout(() => {
        queue.shift();
        deliver(next.item);
        pump();
      }, Math.max(0, next.at - Date.now()));
    };
    const enqueue = (item, at) => {
      if (!pace) return deliver(item); // unpaced: as it comes
      queue.push({ item, at });
      if (!pumping) pump();
    };
    // An end or a close lags as the last piece did (a far link's close is late too).
    let lastAfterMs = 0;
    from.on('data', (chunk) => {
      const now = Date.now();
      for (const p of pace ? pace(chunk) : [{ bytes: chunk, afterMs: 0 }]) {
        enqueue(p.bytes, now + p.afterMs);
        lastAfterMs = p.afterMs;
      }
    });
    from.on('end', () => enqueue('end', Date.now() + lastAfterMs));
    from.on('close', () => enqueue('close', Date.now() + lastAfterMs));
    from.on('error', () => {});
  };

  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      s.setNoDelay(true);
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    }
    pass(client, upstream, pacings.toServer?.(), passed.toServer);
    pass(upstream, client, pacings.toClient?.(), passed.toClient);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    passed,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
