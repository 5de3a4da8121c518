import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { download } from '../../src/channels/provider/media.js';

/**
 * A customer's file that cannot be fetched leaves a sentence on the message
 * ("[Photo not received: ...]"): the reason must read as words, whatever
 * fetch() threw. Real sockets on 127.0.0.1.
 */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  await new Promise((r) => server.close(r));
  return port;
}

const reason = (p: Promise<unknown>) => p.then(() => 'fetched', (e: Error) => e.message);

/** A signal that outlasts any of these downloads but the slow one. */
const patient = () => AbortSignal.timeout(10_000);

describe('why a file was not received', () => {
  it('says in words that the server refused, that the address cannot be fetched from, or that the provider said no', async () => {
    expect(await reason(download(`http://127.0.0.1:${await closedPort()}/photo`, {}, patient()))).toBe("the provider's server refused the connection");
    // Port 1 is one fetch() never connects to ("bad port").
    expect(await reason(download('http://127.0.0.1:1/photo', {}, patient()))).toBe('the address it was sent with is not one a file can be fetched from');
    expect(await reason(download('ftp://127.0.0.1/photo', {}, patient()))).toBe('the address it was sent with is not one a file can be fetched from');
    const server = createServer((req, res) => {
      if (req.url === '/slow') return; // never answers
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect(await reason(download(`${base}/gone`, {}, patient()))).toBe('the provider answered 404');
      expect(await reason(download(`${base}/slow`, {}, AbortSignal.timeout(200)))).toBe('the download took too long');
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
