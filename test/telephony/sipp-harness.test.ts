import { createSocket } from 'node:dgram';
import { describe, expect, it } from 'vitest';
import { udpBound } from '../../bench/lib/udp-bound.mjs';
import { sippOnPath, startSipp } from './sipp.js';

/**
 * The harness of the SIP integration suite. It once probed whether sipp
 * listened by binding the port itself: a sipp starting in that moment could
 * not bind and exited, and the wait ran out ("sipp did not start listening on
 * 127.0.0.1:5071 within 5000 ms"), more often under load. It now reads the
 * kernel's socket table, starts a sipp only once the port is free, and tells
 * at once when sipp exits instead of listening.
 */
function bindUdp(port = 0): Promise<{ port: number; close: () => Promise<void> }> {
  const socket = createSocket('udp4');
  return new Promise((resolve) =>
    socket.bind(port, '127.0.0.1', () => resolve({ port: socket.address().port, close: () => new Promise((r) => socket.close(() => r())) })),
  );
}

describe('udpBound', () => {
  it('sees a UDP port bound and let go, without binding it', async () => {
    if (udpBound('127.0.0.1', 9) === null) return; // no /proc tables on this system
    const held = await bindUdp();
    expect(udpBound('127.0.0.1', held.port)).toBe(true);
    await held.close();
    expect(udpBound('127.0.0.1', held.port)).toBe(false);
    // Looking never takes the port: a socket binds it right after each look.
    for (let i = 0; i < 20; i++) {
      expect(udpBound('127.0.0.1', held.port)).toBe(false);
      const again = await bindUdp(held.port);
      await again.close();
    }
  });
});

describe('startSipp', () => {
  if (!sippOnPath()) {
    it.skip('sipp harness (install sip-tester to check it)', () => {});
    return;
  }

  it('waits for the port to be free before starting sipp, then sees it listen and, once stopped, let go', async () => {
    const previous = await bindUdp();
    const port = previous.port;
    let started = false;
    const starting = startSipp('phone-answer.xml', ['-m', '1'], { ip: '127.0.0.1', port, timeoutSeconds: 30 }).then((run) => {
      started = true;
      return run;
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(started).toBe(false); // the previous holder is still there
    await previous.close();
    const run = await starting;
    await run.listening();
    expect(udpBound('127.0.0.1', port)).toBe(true);
    await run.stop();
    expect(udpBound('127.0.0.1', port)).toBe(false);
  });

  it('says at once, with what sipp said, when sipp exits instead of listening', async () => {
    const free = await bindUdp();
    await free.close();
    const run = await startSipp('phone-answer.xml', ['-no_such_option'], { ip: '127.0.0.1', port: free.port });
    const at = Date.now();
    await expect(run.listening()).rejects.toThrow(/exited before listening on 127\.0\.0\.1:\d+/);
    expect(Date.now() - at).toBeLessThan(5_000);
    expect((await run.done).code).not.toBe(0);
  });
});
