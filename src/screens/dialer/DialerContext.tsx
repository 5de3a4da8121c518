import React, { createContext, useCallback, useContext, useMemo, useState } from 'react';
import type { ClientError } from '../../client/session.js';
import type { Call, Lead } from '../../core/protocol/model.js';
import { useApp } from '../app-context.js';
import { useCalls } from '../calls/CallsContext.js';
import { useStore } from '../hooks.js';
import { questionFor, type Disposition } from './leads.js';
import { useDialerNotices } from './notices.js';
import { sendOrKeep } from '../send-or-keep.js';

/** What a disposition is given to: the agent's dialer call, or a lead after its call (Callbacks tab). */
export type DisposeTarget = { call: Call; lead?: undefined } | { lead: Lead; call?: undefined };

/** A disposition waiting for an answer: when to call back, or whether the number really goes on the DNC list. */
export interface Question {
  kind: 'callback-time' | 'dnc';
  target: DisposeTarget;
  disposition: Disposition;
  /** How the agent chose it: a hotkey is sent as a hotkey, as without the question. */
  by: { hotkey: string } | { code: string };
}

/** The server's last refusal of a dialler action, shown on the card it concerns until the next action. */
export interface Refusal {
  leadId: string | null;
  text: string;
}

export type DialerCommand = 'dialer.next' | 'dialer.skip' | 'dialer.dial';

export interface DialerApi {
  /** Submit a disposition, first asking what it needs: the callback time, or confirmation for DNC. */
  dispose(target: DisposeTarget, disposition: Disposition, by?: Question['by']): void;
  question: Question | null;
  answer(callbackAt?: number): void;
  dismissQuestion(): void;
  /** Next, Skip or Dial; a refusal is kept (with the lead's local time) instead of a passing toast. */
  dialer(cmd: DialerCommand, leadId?: string): Promise<boolean>;
  refusal: Refusal | null;
  modeOpen: boolean;
  setModeOpen(open: boolean): void;
  /** The Callbacks tab's selection and open lead, kept while overlays replace the section. */
  callbackSelected: string | null;
  selectCallback(id: string | null): void;
  callbackViewed: string | null;
  viewCallback(id: string | null): void;
}

const Ctx = createContext<DialerApi | null>(null);

export function useDialer(): DialerApi {
  const api = useContext(Ctx);
  if (!api) throw new Error('useDialer outside DialerProvider');
  return api;
}

/** "(lead's local time 22:10)" when the sentence does not say it already. */
function refusalText(e: ClientError): string {
  const local = typeof e.details?.localTime === 'string' ? e.details.localTime : null;
  return local && !e.message.includes(local) ? `${e.message} (lead's local time ${local})` : e.message;
}

/**
 * The outbound state the panel shares across sections: the question a
 * disposition asks (a hotkey may be pressed in any section, so the panel
 * draws it), the last dialler refusal, the working-mode dialog, and the
 * Callbacks tab's place. Sits inside CallsProvider: dispositions of calls go
 * through its once-per-call submission.
 */
export function DialerProvider({ children }: { children: React.ReactNode }) {
  const { client, toast } = useApp();
  const callsState = useCalls();
  const store = useStore(client);
  useDialerNotices(callsState.me, callsState.calls, store);
  const [question, setQuestion] = useState<Question | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [modeOpen, setModeOpen] = useState(false);
  const [callbackSelected, selectCallback] = useState<string | null>(null);
  const [callbackViewed, viewCallback] = useState<string | null>(null);

  const send = useCallback(
    (target: DisposeTarget, by: Question['by'], callbackAt?: number) => {
      const extra = callbackAt === undefined ? {} : { callbackAt };
      if (target.call) {
        callsState.dispose(target.call, by, extra);
        return;
      }
      const lead = target.lead;
      // lead.dispose takes a code or a hotkey; the list shows codes, so the code is what is sent.
      client.send('lead.dispose', { leadId: lead.id, ...by, ...extra }).then(
        (r) => toast(r.message ?? 'Disposition changed successfully', 'success'),
        (e: ClientError) => toast(e.message, 'error'),
      );
    },
    [client, toast, callsState],
  );

  const dispose = useCallback(
    (target: DisposeTarget, disposition: Disposition, by?: Question['by']) => {
      const how = by ?? { code: disposition.code };
      // A queue call has no lead to call back: the panel does not offer a callback there (offered-dispositions.ts),
      // and one that still comes (a script) is sent as it is, for the server's refusal to say so. Its caller's number
      // does go on the DNC list, which no campaign dials again, so Do not call asks first there too.
      const asked = questionFor(disposition);
      const kind = target.call && !target.call.lead && asked === 'callback-time' ? null : asked;
      if (kind) setQuestion({ kind, target, disposition, by: how });
      else send(target, how);
    },
    [send],
  );

  const dialer = useCallback(
    async (cmd: DialerCommand, leadId?: string) => {
      const { sent, kept } = sendOrKeep(client, cmd, cmd === 'dialer.dial' && leadId ? { leadId } : {}, toast);
      if (kept) return true;
      try {
        await sent;
        setRefusal(null);
        return true;
      } catch (e) {
        const err = e as ClientError;
        const about = typeof err.details?.lead === 'string' ? err.details.lead : (leadId ?? null);
        setRefusal({ leadId: about, text: refusalText(err) });
        return false;
      }
    },
    [client, toast],
  );

  const api = useMemo<DialerApi>(
    () => ({
      dispose,
      question,
      answer(callbackAt) {
        if (!question) return;
        setQuestion(null);
        send(question.target, question.by, callbackAt);
      },
      dismissQuestion: () => setQuestion(null),
      dialer,
      refusal,
      modeOpen,
      setModeOpen,
      callbackSelected,
      selectCallback,
      callbackViewed,
      viewCallback,
    }),
    [dispose, question, send, dialer, refusal, modeOpen, callbackSelected, callbackViewed],
  );
  return <Ctx.Provider value={api}>{children}</Ctx.Provider>;
}
