import { describe, expect, it } from 'vitest';
import { ClientError, JOURNALED_COMMANDS, type LateAnswer } from '../../src/client/session.js';
import { ClientStore } from '../../src/client/store.js';
import { lateNotice } from '../../src/screens/late-answers.js';

/**
 * Every command the journal can hold is named in words in the late-answer
 * notice: 'Sent after reconnect: call.hold' told the agent nothing. The list
 * is the client's own, so a command journaled from now on fails here until
 * it has words.
 */
const store = new ClientStore();
const kira = { id: 'call-1', direction: 'inbound', caller: { number: '+441614960000', name: 'Kira Brandt' }, contact: null };
/** Arguments as the panel sends them, for the commands whose words use theirs. */
const ARGS: Record<string, Record<string, unknown>> = {
  'call.hold': { callId: 'call-1' },
  'agent.pause': { reason: 'Lunch' },
  'contacts.import': { rows: [{ line: 2 }, { line: 3 }] },
  'leads.import': { campaign: 'spring', rows: [{ line: 2, phone: '+441614960001' }] },
};

describe('the late-answer notice names every journaled command in words', () => {
  it.each(JOURNALED_COMMANDS)('%s, delivered or refused, is not named by its id', (cmd) => {
    const args = ARGS[cmd] ?? {};
    const delivered: LateAnswer = { cmd, args, awaited: false, ok: true, result: {} };
    const refused: LateAnswer = { cmd, args, awaited: false, ok: false, error: new ClientError('NOT_FOUND', 'It is gone.') };
    for (const answer of [delivered, refused]) {
      const text = lateNotice([answer], store)!.text;
      expect(text).not.toContain(cmd);
      expect(text).not.toMatch(/undefined|\[object/);
    }
  });

  it('a hold sent late names the call it held', () => {
    const held: LateAnswer = { cmd: 'call.hold', args: ARGS['call.hold']!, awaited: false, ok: true, result: { call: kira } };
    expect(lateNotice([held], store)).toEqual({ text: 'Sent after reconnect: hold on the call from Kira Brandt', tone: 'success' });
  });
});
