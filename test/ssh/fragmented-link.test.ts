import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { inSmallPieces, startPacedRelay } from '../../bench/lib/paced-relay.mjs';
import { logInAvailable, startCenter, type Center } from './support.js';

let center: Center | null = null;
let relay: Awaited<ReturnType<typeof startPacedRelay>> | null = null;
afterEach(async () => {
  await relay?.close();
  await center?.close();
  relay = null;
  center = null;
});

describe('an SSH link that delivers the client’s bytes 1 to 3 at a time (SSH panel, 80x24)', () => {
  it('signs in with the PIN, opens the panel, and its keys work: Enter logs in, p ↓ Enter pauses for Lunch', async () => {
    center = await startCenter();
    // The client's bytes reach the server 1 to 3 at a time, a millisecond or two apart; the server's come back as they are.
    relay = await startPacedRelay(center.ssh.port, { toServer: inSmallPieces });
    // Before, the server lost the middle of the client's version line and the client refused the handshake ("incorrect signature").
    const opened = center.terminal({ username: '1001', pin: '1001', port: relay.port });
    const t = await Promise.race([opened, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('No SSH session over the fragmented link within 25 s')), 25_000))]);
    await logInAvailable(t, 'Ava Turner');
    t.type('p');
    await t.waitFor((s) => s.includes('› Break'), 'the pause picker, Break chosen');
    t.type('\u001b[B');
    await t.waitFor((s) => s.includes('› Lunch'), 'Lunch chosen');
    t.type('\r');
    await t.waitFor((s) => /PAUSED/.test(s.split('\n')[0]!), 'paused');
    expect(center.server.engine.state.agent('1001')!.pauseReason).toBe('Lunch');
    // The link did split everything: no write bigger than 3 bytes.
    expect(relay.passed.toServer.writes).toBeGreaterThanOrEqual(relay.passed.toServer.bytes / 3);
  }, 45_000);

  it('a first line that never ends (no line break in 8 KiB) is refused at once, not held until the sign-in deadline', async () => {
    center = await startCenter();
    const socket = net.connect(center.ssh.port, '127.0.0.1');
    socket.on('data', () => {});
    socket.on('error', () => {});
    const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(Date.now())));
    await new Promise((r) => socket.once('connect', r));
    const started = Date.now();
    socket.write(`SSH-2.0-${'x'.repeat(5000)}`);
    await new Promise((r) => setTimeout(r, 50));
    socket.write('x'.repeat(5000));
    // The server waits for the rest of a line only up to ssh2's own limit, which then refuses it; the deadline is 2 minutes.
    expect((await closed) - started).toBeLessThan(5_000);
  }, 30_000);
});
