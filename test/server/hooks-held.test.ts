import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HookRoutes } from '../../src/server/hooks-http.js';
import { requestTarget } from '../../src/server/request-target.js';
import type { ProviderMedia } from '../../src/server/provider-media.js';
import type { WebhookHandler } from '../../src/channels/provider/hook.js';

/**
 * Webhook bodies are read whole before a signature can be checked: what all
 * of them together may hold at once is bounded, so strangers who never finish
 * their bodies cannot hold the server's memory.
 */
let server: Server | null = null;
const sockets: Array<{ destroy(): void }> = [];
afterEach(() => {
  for (const s of sockets.splice(0)) s.destroy();
  server?.close();
  server = null;
});

async function startHooks(maxHeld: number): Promise<number> {
  const hooks = new HookRoutes(() => {}, maxHeld);
  const sms: WebhookHandler = { channel: 'sms', handle: async (req) => ({ status: 200, contentType: 'text/plain', body: `took ${req.body.length} bytes` }) };
  hooks.serve([sms], {} as ProviderMedia, 'http://127.0.0.1');
  server = createServer((req, res) => void hooks.handle(req, res, requestTarget(req)));
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

/** POST a body of `declared` bytes, sending only `sent` of them; the first answer's status line and body, or '' while none. */
function post(port: number, declared: number, sent: number): { answer: Promise<string> } {
  const socket = connect(port, '127.0.0.1');
  sockets.push(socket);
  let got = '';
  const answer = new Promise<string>((resolve) => {
    socket.on('data', (d) => {
      got += d.toString();
      if (/\r\n\r\n[\s\S]+/.test(got)) resolve(got);
    });
    socket.on('close', () => resolve(got));
    socket.on('error', () => resolve(got));
  });
  socket.write(`POST /hooks/sms HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${declared}\r\n\r\n`);
  socket.write(Buffer.alloc(sent, 0x61));
  return { answer };
}

describe('webhook bodies held at once', () => {
  it('answers 503 SERVER_BUSY past the bound, and takes webhooks again once the unfinished bodies are gone', async () => {
    const port = await startHooks(200_000);
    // Two strangers hold 180 KB between them and never finish.
    post(port, 150_000, 90_000);
    post(port, 150_000, 90_000);
    await new Promise((r) => setTimeout(r, 200));
    const third = await post(port, 150_000, 90_000).answer;
    expect(third).toMatch(/^HTTP\/1\.1 503/);
    expect(third).toMatch(/retry-after: 10/i);
    expect(third).toContain('"code":"SERVER_BUSY"');
    expect(third).toContain('Too many webhooks are being received at once; send this one again shortly.');
    for (const s of sockets) s.destroy();
    // Their bytes are given back: a provider's webhook is taken whole.
    let answer = '';
    for (let tries = 0; !answer.startsWith('HTTP/1.1 200') && tries < 50; tries++) {
      answer = await post(port, 50_000, 50_000).answer;
      if (!answer.startsWith('HTTP/1.1 200')) await new Promise((r) => setTimeout(r, 20));
    }
    expect(answer).toContain('took 50000 bytes');
  });
});
