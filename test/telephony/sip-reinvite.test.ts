import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { reinvite } from '../../src/telephony/sip/reinvite.js';
import type { Dialog } from '../../src/telephony/sip/srf-surface.js';

/**
 * drachtio-srf's own Dialog (its modify, not our fake's), in a dialog whose
 * agent is faked: each re-INVITE it sends is answered by the next status of
 * `answers`. The real code is what holds a dialog's re-INVITEs in line.
 */
function srfDialog(answers: number[]): { dialog: Dialog; sent: () => number } {
  const DialogClass = createRequire(import.meta.url)('drachtio-srf/lib/dialog.js') as { prototype: object };
  let sent = 0;
  const agent = {
    request(_opts: unknown, callback: (err: Error | null, req: EventEmitter) => void) {
      const status = answers[sent++] ?? 200;
      const req = new EventEmitter();
      callback(null, req);
      setImmediate(() => req.emit('response', { status, reason: status === 200 ? 'OK' : 'Refused', body: 'v=0\r\n' }, () => {}));
    },
  };
  const dialog = Object.assign(Object.create(DialogClass.prototype) as EventEmitter, {
    connected: true,
    res: { stackDialogId: 'dialog-1' },
    req: { method: 'INVITE', socket: null },
    agent,
    local: { sdp: 'v=0\r\na=sendrecv\r\n', contact: '<sip:switchboard@127.0.0.1>' },
    remote: { sdp: '' },
    _reinvitesInProgress: { count: 0, admitOne: [] as Array<() => void> },
  }) as unknown as Dialog;
  return { dialog, sent: () => sent };
}

const within = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<'still waiting'>((r) => setTimeout(() => r('still waiting'), ms))]);

describe('a re-INVITE after a refused one (drachtio-srf Dialog.modify)', () => {
  it('is sent: a resume refused 491 (glare) can be tried again, and a hold refused 488 does not block the next one', async () => {
    const { dialog, sent } = srfDialog([491, 488, 200]);
    await expect(reinvite(dialog, 'v=0\r\na=sendrecv\r\n')).rejects.toMatchObject({ status: 491 });
    await expect(reinvite(dialog, 'v=0\r\na=sendonly\r\n')).rejects.toMatchObject({ status: 488 });
    expect(await within(reinvite(dialog, 'v=0\r\na=sendrecv\r\n'), 1000)).toBe('v=0\r\n');
    expect(sent()).toBe(3);
  });

  it('two re-INVITEs at once still go one after the other, the second after the first was refused', async () => {
    const { dialog, sent } = srfDialog([491, 200]);
    const first = reinvite(dialog, 'v=0\r\na=sendonly\r\n');
    const second = reinvite(dialog, 'v=0\r\na=sendrecv\r\n');
    expect(sent()).toBe(1);
    await expect(first).rejects.toMatchObject({ status: 491 });
    expect(await within(second, 1000)).toBe('v=0\r\n');
    expect(sent()).toBe(2);
  });

  it('what drachtio-srf does alone: its next modify after a refusal waits forever (why reinvite() exists)', async () => {
    const { dialog, sent } = srfDialog([491, 200]);
    await expect(dialog.modify('v=0\r\na=sendrecv\r\n')).rejects.toMatchObject({ status: 491 });
    expect(await within(dialog.modify('v=0\r\na=sendrecv\r\n'), 300)).toBe('still waiting');
    expect(sent()).toBe(1);
  });
});
