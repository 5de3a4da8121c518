import React from 'react';
import type { Agent } from '../../core/protocol/model.js';
import { Dialog } from '../../ui/Dialog.js';
import { useApp } from '../app-context.js';
import { useStore } from '../hooks.js';
import { CallbackTimeDialog } from './CallbackTimeDialog.js';
import { useDialer } from './DialerContext.js';
import { campaignOf } from './leads.js';
import { WorkingModeDialog } from './WorkingModeDialog.js';

/** Whether the panel should draw an outbound question or dialog in place of the section. */
export function dialerOverlayOpen(dialer: ReturnType<typeof useDialer>): boolean {
  return dialer.question !== null || dialer.modeOpen;
}

/**
 * What the panel draws over the section for outbound work: the question a
 * disposition asks (the callback time; DNC confirmation) — hotkeys work in
 * every section, so the panel draws it, not the Calls tab — or the working
 * mode dialog.
 */
export function DialerOverlay({ agent, width, height }: { agent: Agent; width: number; height: number }) {
  const { client } = useApp();
  const store = useStore(client);
  const dialer = useDialer();
  const q = dialer.question;
  if (q) {
    const lead = q.target.lead ?? (q.target.call.lead ? store.get('lead', q.target.call.lead) : undefined);
    const who = lead?.name ?? q.target.call?.caller.name ?? q.target.call?.caller.number ?? 'this lead';
    const number = lead?.phone ?? q.target.call?.caller.number ?? 'this number';
    if (q.kind === 'dnc')
      return (
        <Dialog
          title={`${q.disposition.name} — ${who}`}
          message={`${number} goes on the do-not-call list: no campaign will ever dial it again. Submit ${q.disposition.name}?`}
          confirmLabel={`Submit ${q.disposition.name}`}
          tone="danger"
          width={Math.min(70, width)}
          onConfirm={() => dialer.answer()}
          onCancel={dialer.dismissQuestion}
        />
      );
    return (
      <CallbackTimeDialog
        title={q.disposition.name}
        who={who}
        timeZone={lead?.timeZone ?? null}
        callingWindow={campaignOf(store.catalog, lead?.campaign ?? q.target.call?.campaign)?.callingWindow ?? null}
        serverNow={(local) => store.serverNow(local)}
        width={Math.min(76, width)}
        height={height}
        onSet={(at) => dialer.answer(at)}
        onCancel={dialer.dismissQuestion}
      />
    );
  }
  if (dialer.modeOpen) return <WorkingModeDialog agent={agent} width={Math.min(64, width)} onClose={() => dialer.setModeOpen(false)} />;
  return null;
}
