import { afterEach, describe, expect, it } from 'vitest';
import { FakeMessenger } from '../../src/channels/facebook/fake-graph-api.js';
import { GraphApi } from '../../src/channels/facebook/graph-api.js';
import { PROVIDER_SOCKETS_PER_HOST } from '../../src/channels/provider/provider-agents.js';

/**
 * Requests to a provider's host share a few connections kept open: on the
 * real Graph API each new one is a TLS handshake. The provider is a FAKE of
 * Graph on 127.0.0.1 that counts the connections opened to it.
 */
const graphs: FakeMessenger[] = [];
afterEach(async () => {
  for (const g of graphs.splice(0)) await g.stop();
});

async function fakeGraph(): Promise<FakeMessenger> {
  const graph = new FakeMessenger({ webhookUrl: 'http://127.0.0.1:9/hooks/facebook', pageTokens: { '*': 'page-token' }, appSecret: 'secret', appId: '555' });
  await graph.start();
  graphs.push(graph);
  return graph;
}

describe('connections to a provider', () => {
  it(`opens at most ${PROVIDER_SOCKETS_PER_HOST} to a host however many requests go at once, answers them all, and reuses them for the next burst`, async () => {
    const graph = await fakeGraph();
    const api = new GraphApi(graph.url, { '*': 'page-token' });
    const psids = Array.from({ length: 40 }, (_, i) => `80000000000${String(i).padStart(2, '0')}`);
    for (const psid of psids) graph.profiles.set(psid, { first_name: `Customer${psid.slice(-2)}`, last_name: 'Byrne' });
    graph.answerDelayMs = 100;
    const burst = () => Promise.all(psids.map((psid) => api.name('104857600123456', psid)));
    const first = await burst();
    expect(first.map((a) => a?.name)).toEqual(psids.map((p) => `Customer${p.slice(-2)} Byrne`));
    expect(graph.mostRequestsAtOnce).toBe(PROVIDER_SOCKETS_PER_HOST);
    expect(graph.connections).toBe(PROVIDER_SOCKETS_PER_HOST);
    expect((await burst()).every((a) => a?.name)).toBe(true);
    expect(graph.connections).toBe(PROVIDER_SOCKETS_PER_HOST);
  });

  it('still gives a request waiting for a connection up when its time runs out, as "could not be asked"', async () => {
    const graph = await fakeGraph();
    const api = new GraphApi(graph.url, { '*': 'page-token' });
    graph.profiles.set('8000000000100', { first_name: 'Late', last_name: 'Byrne' });
    // Every connection is held by a look-up Graph answers after the 5 s a look-up may take.
    graph.answerDelayMs = 6_000;
    const asked = await Promise.all(Array.from({ length: PROVIDER_SOCKETS_PER_HOST + 1 }, () => api.name('104857600123456', '8000000000100')));
    expect(asked).toEqual(Array(PROVIDER_SOCKETS_PER_HOST + 1).fill(undefined));
    expect(graph.connections).toBe(PROVIDER_SOCKETS_PER_HOST);
  }, 15_000);
});
