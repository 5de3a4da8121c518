import { describe, expect, it } from 'vitest';
import { annOnACall } from './sip-support.js';

const DTMF = { 'Content-Type': 'application/dtmf-relay' };

describe('INFO in a call (DTMF out of band)', () => {
  it("passes the caller's keypress to the agent's phone, and the phone's to the caller, each answered with the other side's answer", async () => {
    const { caller, phone } = await annOnACall();
    const fromCaller = await caller.dialog!.info(DTMF, 'Signal=5\r\nDuration=160\r\n');
    expect(phone.sent).toEqual([{ method: 'INFO', headers: DTMF, body: 'Signal=5\r\nDuration=160\r\n' }]);
    expect(fromCaller.statuses).toEqual([200]);

    const fromPhone = await phone.info({ ...DTMF, 'X-Phone-Secret': 'not for the carrier' }, 'Signal=#\r\nDuration=160\r\n');
    // Only what says what the body is goes across, not the phone's other headers.
    expect(caller.dialog!.sent).toEqual([{ method: 'INFO', headers: DTMF, body: 'Signal=#\r\nDuration=160\r\n' }]);
    expect(fromPhone.statuses).toEqual([200]);
  });

  it("gives the sender the other side's refusal, so a caller's keypad knows the key was not taken", async () => {
    const { caller, phone } = await annOnACall();
    phone.answers.INFO = { status: 415, reason: 'Unsupported Media Type' };
    const res = await caller.dialog!.info({ 'Content-Type': 'application/dtmf' }, '5');
    expect(res.sent).toMatchObject([{ status: 415, reason: 'Unsupported Media Type' }]);
  });
});
