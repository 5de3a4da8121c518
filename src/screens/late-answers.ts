import { useEffect } from 'react';
import type { AgentClient, LateAnswer } from '../client/session.js';
import type { CommandResult } from '../core/protocol/results.js';
import type { ToastTone } from './app-context.js';
import { callerLabel } from './calls/calls.js';
import { lines } from '../client/contact-import.js';

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
      const text = lateNotice(gathered);
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
export function lateNotice(answers: LateAnswer[]): { text: string; tone: ToastTone } | null {
  const refused = answers.filter((a) => !a.ok);
  const more = (n: number) => (n > 0 ? ` (and ${n} more)` : '');
  const first = refused[0];
  if (first && !first.ok) return { text: `Not done after reconnect: ${actionOf(first)}: ${first.error.message}${more(answers.length - 1)}`, tone: 'error' };
  if (answers.length === 0) return null;
  return { text: `Sent after reconnect: ${answers.map(actionOf).join(', ')}`, tone: 'success' };
}

/** The file's lines a part of an upload carried. */
function uploadLines(args: Record<string, unknown>): string {
  return lines(Array.isArray(args.rows) ? (args.rows as Array<{ line: number }>) : []);
}

/** The action in a few words, as the agent would name it. */
function actionOf(answer: LateAnswer): string {
  const args = answer.args;
  switch (answer.cmd) {
    case 'disposition.submit': {
      const result = answer.ok ? (answer.result as CommandResult<'disposition.submit'>) : null;
      const name = result?.disposition.name ?? String(args.code ?? args.hotkey ?? '');
      return result ? `disposition ${name} for the call from ${callerLabel(result.call)}` : `disposition ${name}`;
    }
    case 'form.submit':
      return 'the call form';
    case 'agent.pause':
      return `pause (${String(args.reason ?? '')})`;
    case 'agent.unpause':
      return 'unpause';
    case 'message.send':
      return 'your message';
    case 'agentchat.send':
      return 'your message to a colleague';
    // The part of an upload in flight when the panel or its session was lost: the rest of the file was not sent, so say which lines went.
    case 'contacts.import':
      return `contacts, ${uploadLines(args)} of an upload`;
    case 'leads.import':
      return `leads for ${String(args.campaign ?? '')}, ${uploadLines(args)} of an upload`;
    default:
      return answer.cmd;
  }
}
