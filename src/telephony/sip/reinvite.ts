import type { Dialog } from './srf-surface.js';

/** drachtio-srf's private guard that lets one re-INVITE at a time through a dialog. */
interface ReinviteGuard {
  count: number;
  admitOne: Array<() => void>;
}

/**
 * Send a re-INVITE in an established dialog (drachtio-srf's Dialog.modify).
 *
 * drachtio-srf 5.0.29 lets one re-INVITE at a time through a dialog, with a
 * counter it gives back only when the far end agrees (200 OK). A refusal
 * (488, 491, 408...) keeps it held, so the dialog's next modify waits for a
 * turn that never comes: against a real drachtio server, a resume tried again
 * after 491 (glare.ts) was never sent, and after one refused hold neither the
 * next hold nor the phone's own resume could reach the caller's side. On a
 * refusal the counter is given back here, as a 200 OK gives it back there.
 * Only when it is still held by this request (nobody else is counted without
 * waiting in line), so a drachtio-srf that mends it itself is not undone.
 */
export async function reinvite(dialog: Dialog, sdp: string): Promise<string> {
  try {
    return await dialog.modify(sdp);
  } catch (e) {
    if (typeof (e as { status?: unknown }).status === 'number') releaseGuard(dialog);
    throw e;
  }
}

function releaseGuard(dialog: Dialog): void {
  const guard = (dialog as unknown as { _reinvitesInProgress?: ReinviteGuard })._reinvitesInProgress;
  if (!guard || guard.count <= guard.admitOne.length) return;
  guard.count--;
  const next = guard.admitOne.shift();
  if (next) setImmediate(next);
}
