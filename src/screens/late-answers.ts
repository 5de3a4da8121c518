import { useEffect } from 'react';
import type { AgentClient, LateAnswer } from '../client/session.js';
import type { ToastTone } from './app-context.js';
import { lateWords, type LateLookup } from './late-words.js';

/** Answers that come in one reconnect (the journal goes out at once) are said in one notice. */
const GATHER_MS = 250;

/** Imports say their own progress on their screen while it is open and awaits them; a notice per part would only repeat it. */
const SAID_ELSEWHERE = new Set(['contacts.import', 'leads.import']);

/**
 * Say, once, in the notice line, what the journal delivered after a
 * reconnect or the next login: a disposition typed by hotkey during an
 * outage went through with no word, and the agent could not tell it had
 * not been lost. A refusal (another panel was first, the call is gone) is
 * said as an error, the sentence the server gave.
 */
export function useLateAnswers(client: AgentClient, toast: (text: string, tone: ToastTone) => void): void {
  useEffect(() => {
    let gathered: LateAnswer[] = [];
    let timer: NodeJS.Timeout | null = null;
    const say = () => {
      timer = null;
      const text = lateNotice(gathered, client.store);
      gathered = [];
      if (text) toast(text.text, text.tone);
    };
    const stop = client.onLateAnswer((answer) => {
      if (answer.awaited && SAID_ELSEWHERE.has(answer.cmd)) return;
      gathered.push(answer);
      timer ??= setTimeout(say, GATHER_MS);
    });
    return () => {
      stop();
      if (timer) clearTimeout(timer);
    };
  }, [client, toast]);
}

/** The one notice for the answers gathered: a refusal first (it needs the agent), else what went through. */
export function lateNotice(answers: LateAnswer[], known: LateLookup): { text: string; tone: ToastTone } | null {
  const refused = answers.filter((a) => !a.ok);
  const more = (n: number) => (n > 0 ? ` (and ${n} more)` : '');
  const first = refused[0];
  if (first && !first.ok) return { text: `Not done after reconnect: ${lateWords(first, known)}: ${first.error.message}${more(answers.length - 1)}`, tone: 'error' };
  if (answers.length === 0) return null;
  const upload = answers.find((a) => UPLOADS.has(a.cmd));
  if (upload) return { text: `${uploadCut(upload)}${more(answers.length - 1)}`, tone: 'warning' };
  return { text: `Sent after reconnect: ${answers.map((a) => lateWords(a, known)).join(', ')}`, tone: 'success' };
}

const UPLOADS = new Set(['contacts.import', 'leads.import']);

/**
 * A part of an upload delivered late: the panel (or its session) went in the
 * middle of the file, so the parts before it are in, this one is now, and
 * nothing after it was sent. 'Sent after reconnect: contacts, lines 11002 to
 * 11501 of an upload' left the agent to work out that the file had stopped
 * there and what to do about it.
 */
function uploadCut(answer: LateAnswer): string {
  const rows = Array.isArray(answer.args.rows) ? (answer.args.rows as Array<{ line: number }>) : [];
  const last = rows.at(-1)?.line ?? 0;
  const again =
    answer.cmd === 'leads.import'
      ? 'Upload the file again: a lead the campaign already has is not added twice.'
      : 'Upload the file again: a line whose email or phone is in is not created twice.';
  return `Upload cut: lines up to ${last} are in; from line ${last + 1} on nothing was sent. ${again}`;
}
