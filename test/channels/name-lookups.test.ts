import { describe, expect, it } from 'vitest';
import { CustomerNames, type LookedUp } from '../../src/channels/facebook/customer-names.js';
import { NameLookups } from '../../src/channels/facebook/name-lookups.js';
import { FakeClock } from '../fake-clock.js';

/**
 * The turn a look-up waits for is bounded: the webhook waits on it, so one
 * stuck behind a Graph API that does not answer is given up (the customer's
 * next message asks again) rather than holding the webhook past Meta's wait.
 */
describe('name look-ups waiting for their turn', () => {
  it('gives up a look-up whose turn does not come in time, without asking; the next one asks', async () => {
    const names = new CustomerNames(new FakeClock());
    const asked: string[] = [];
    let answerFirst: (a: LookedUp) => void = () => {};
    const ask = (_page: string, psid: string) => {
      asked.push(psid);
      return psid === 'first' ? new Promise<LookedUp>((resolve) => (answerFirst = resolve)) : Promise.resolve({ name: `Name of ${psid}` });
    };
    const lookups = new NameLookups(ask, names, 1, 50);
    const first = lookups.lookUp('page', 'first');
    await lookups.lookUp('page', 'second');
    expect(asked).toEqual(['first']);
    expect(names.get('second')).toBeUndefined();

    answerFirst({ name: 'Aoife Walsh' });
    await first;
    await lookups.lookUp('page', 'second');
    expect(asked).toEqual(['first', 'second']);
    expect(names.get('first')).toEqual({ name: 'Aoife Walsh' });
    expect(names.get('second')).toEqual({ name: 'Name of second' });
  });
});
