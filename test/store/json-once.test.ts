import { describe, expect, it } from 'vitest';
import { JsonOnce } from '../../src/store/json-once.js';

describe('JsonOnce: a commit serialises each entity once, with the same text JSON.stringify gives', () => {
  const message = { id: 'msg-1', text: 'Dear support, "quoted" and ✓ unicode\n', attachments: [{ id: 'f', size: 3 }], seenAt: null, gone: undefined };
  const records: Array<Record<string, unknown>> = [
    { message, reason: 'customer' },
    { message },
    { id: 'conv-1', reason: undefined, fn: () => 1, n: 0, flag: false, list: [1, null, 'x'], nested: { a: { b: [] } } },
    {},
  ];

  for (const [i, record] of records.entries())
    it(`event data ${i} reads the same`, () => {
      expect(new JsonOnce().record(record)).toBe(JSON.stringify(record));
    });

  it('an entity in an event and in its row is serialised once and reads the same in both', () => {
    const json = new JsonOnce();
    const event = json.record({ message, reason: 'customer' });
    expect(JSON.parse(event).message).toEqual(JSON.parse(json.value(message)));
    expect(json.value(message)).toBe(JSON.stringify(message));
    // A plain value is never cached by identity.
    expect(json.value('text')).toBe('"text"');
    expect(json.value(null)).toBe('null');
  });
});
