import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/runtime.js';
import type { ServerLimits } from '../../src/server/limits.js';
import { FakeClock } from '../fake-clock.js';
import { runCleanups, startTestServer } from './support.js';
import { chatConfig, VisitorSocket } from './visitor-support.js';

/**
 * A visitor's messages are stored, so each chat, and each address, may send
 * them only so fast (a token bucket): beyond it they are refused with
 * TOO_MANY_MESSAGES and not stored. The clock is a FakeClock: the buckets
 * refill only when the test moves time.
 */

afterEach(runCleanups);

const REFUSAL = { type: 'error', code: 'TOO_MANY_MESSAGES', message: 'You are sending messages too fast; wait a moment and send it again.' };

async function server(limits: Partial<ServerLimits> = {}): Promise<{ server: RunningServer; clock: FakeClock }> {
  const clock = new FakeClock('2026-01-05T10:00:00Z');
  // The visitors come through 127.0.0.1 as a proxy naming their addresses, so a test can have two.
  const s = await startTestServer({ config: chatConfig(), clock, limits, trustedProxies: ['127.0.0.1'] });
  return { server: s, clock };
}

async function visitorIn(s: RunningServer, address = '203.0.113.10') {
  const visitor = await VisitorSocket.open(s, { 'x-forwarded-for': address });
  const started = await visitor.start();
  return { visitor, id: started.conversation.id };
}

/** Send these texts at once, and wait until each is either echoed as the visitor's own or refused. */
async function sendAll(visitor: VisitorSocket, texts: string[]) {
  const from = visitor.frames.length;
  for (const text of texts) visitor.send({ type: 'message', text });
  const answers = () => visitor.frames.slice(from).filter((f) => (f.type === 'message' && f.message.author === 'customer') || (f.type === 'error' && f.code === 'TOO_MANY_MESSAGES'));
  await visitor.waitFor(`answers to ${texts.length} messages`, () => (answers().length >= texts.length ? true : undefined));
  const echoed = answers().flatMap((f) => (f.type === 'message' ? [f.message.text] : []));
  const refusals = visitor.frames.slice(from).filter((f) => f.type === 'error');
  return { echoed, refusals };
}

const storedTexts = (s: RunningServer, id: string) => s.engine.messagesOf(id).filter((m) => m.author === 'customer').map((m) => m.text);
const numbered = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}`);

describe("a visitor's messages", () => {
  it('are refused past a burst of 10 with TOO_MANY_MESSAGES, and the refused ones are not stored while the earlier ones are', async () => {
    const { server: s } = await server();
    const { visitor, id } = await visitorIn(s);

    const texts = numbered('flood', 15);
    const { echoed, refusals } = await sendAll(visitor, texts);

    expect(echoed).toEqual(texts.slice(0, 10));
    expect(refusals).toEqual(Array.from({ length: 5 }, () => REFUSAL));
    expect(storedTexts(s, id)).toEqual(texts.slice(0, 10));
    // The socket is kept: the visitor may go on once they slow down.
    expect(visitor.closeInfo).toBeNull();
  });

  it('are accepted again once the bucket has refilled, at its sustained rate', async () => {
    const { server: s, clock } = await server();
    const { visitor, id } = await visitorIn(s);
    await sendAll(visitor, numbered('first', 10));
    expect((await sendAll(visitor, ['too soon'])).refusals).toEqual([REFUSAL]);

    // One a second: three seconds refill three.
    clock.advance(3000);
    const again = await sendAll(visitor, numbered('later', 4));
    expect(again.echoed).toEqual(numbered('later', 3));
    expect(again.refusals).toEqual([REFUSAL]);

    // A minute refills the whole burst and no more: the bucket holds at most 10.
    clock.advance(60_000);
    const full = await sendAll(visitor, numbered('full', 11));
    expect(full.echoed).toEqual(numbered('full', 10));
    expect(full.refusals).toEqual([REFUSAL]);
    expect(storedTexts(s, id)).toEqual([...numbered('first', 10), ...numbered('later', 3), ...numbered('full', 10)]);
  });

  it('are never refused at a message a second, however long the chat', async () => {
    const { server: s, clock } = await server();
    const { visitor, id } = await visitorIn(s);
    const texts = numbered('paced', 40);
    for (const text of texts) {
      const { refusals } = await sendAll(visitor, [text]);
      expect(refusals, text).toEqual([]);
      clock.advance(1000);
    }
    expect(storedTexts(s, id)).toEqual(texts);
  });

  it('count an email address given in the chat too: two given in turn cannot be stored without end', async () => {
    const { server: s } = await server({ visitorChatMessages: { burst: 2, perSecond: 1 } });
    const { visitor } = await visitorIn(s);
    for (const email of ['a@example.com', 'b@example.com']) {
      visitor.send({ type: 'email', email });
      await visitor.next('email', 0, (f) => f.email === email);
    }
    const from = visitor.frames.length;
    visitor.send({ type: 'email', email: 'a@example.com' });
    expect(await visitor.next('error', from)).toEqual(REFUSAL);
  });

  it('are limited per address across chats too, and another address is not held back by it', async () => {
    const { server: s } = await server({ visitorAddressMessages: { burst: 3, perSecond: 1 } });
    const first = await visitorIn(s, '203.0.113.10');
    const second = await visitorIn(s, '203.0.113.10');
    const elsewhere = await visitorIn(s, '198.51.100.7');

    expect((await sendAll(first.visitor, ['one', 'two'])).refusals).toEqual([]);
    const fromSecond = await sendAll(second.visitor, ['three', 'four']);
    expect(fromSecond.echoed).toEqual(['three']);
    expect(fromSecond.refusals).toEqual([REFUSAL]);
    expect(storedTexts(s, second.id)).toEqual(['three']);

    expect((await sendAll(elsewhere.visitor, ['hello', 'again'])).refusals).toEqual([]);
  });
});
