import type { AgentClient } from '../client/session.js';
import type { CommandArgs, CommandName } from '../core/protocol/commands.js';
import type { CommandResult } from '../core/protocol/results.js';
import type { ToastTone } from './app-context.js';

/**
 * Send a command of the agent. While the panel is offline the client keeps it
 * in its journal and delivers it once the connection is back: the agent is
 * told so ("Offline: the message will be sent when the connection is back."),
 * and `kept` says that no answer comes now, so the caller carries on as if it
 * had been sent rather than wait.
 */
export function sendOrKeep<C extends CommandName>(
  client: AgentClient,
  cmd: C,
  args: CommandArgs<C>,
  toast: (text: string, tone: ToastTone) => void,
  what = 'this',
): { sent: Promise<CommandResult<C>>; kept: boolean } {
  const kept = client.connection !== 'online';
  const sent = client.send(cmd, args);
  if (kept) {
    toast(`Offline: ${what} will be sent when the connection is back.`, 'warning');
    // Its answer, when it comes, is the journal's business.
    sent.catch(() => {});
  }
  return { sent, kept };
}
