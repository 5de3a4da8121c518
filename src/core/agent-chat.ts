import { agentConfig } from './config/lookup.js';
import type { HandlerContext, Principal } from './context.js';
import { CoreError } from './errors.js';
import { agentChatId } from './protocol/agent-chat.js';
import type { AgentChat } from './protocol/model.js';

/** Messages kept per pair of agents: a chat between colleagues, not an archive. */
export const AGENT_CHAT_KEPT = 200;

/** agentchat.send: a message to another agent of the center, who sees it now or when they next log in. */
export function sendToAgent(ctx: HandlerContext, who: Principal, to: string, text: string): AgentChat {
  if (to === who.agent) throw new CoreError('CHAT_SELF', 'You cannot chat with yourself; choose another agent.');
  const other = agentConfig(ctx.config, to);
  if (!other) throw new CoreError('NO_SUCH_AGENT', `There is no agent ${to} in this center.`);
  const id = agentChatId(who.agent, to);
  const now = ctx.clock.now();
  const chat = ctx.state.get('agentChat', id) ?? { id, members: [who.agent, to].sort() as [string, string], messages: [], seenAt: {} };
  const messages = [...chat.messages, { from: who.agent, text, at: now }].slice(-AGENT_CHAT_KEPT);
  // Writing a message means having read what came before it.
  return ctx.tx.put('agentChat', { ...chat, messages, seenAt: { ...chat.seenAt, [who.agent]: now } }, 'message');
}

/** agentchat.seen: the agent has read the chat with `other` up to its last message. */
export function markAgentChatSeen(ctx: HandlerContext, who: Principal, other: string): AgentChat | null {
  const chat = ctx.state.get('agentChat', agentChatId(who.agent, other));
  const last = chat?.messages.at(-1);
  if (!chat || !last || (chat.seenAt[who.agent] ?? 0) >= last.at) return chat ?? null;
  return ctx.tx.put('agentChat', { ...chat, seenAt: { ...chat.seenAt, [who.agent]: last.at } }, 'seen');
}

/**
 * agentchat.typing: the agent is writing to `to` (the manual's Supervisor
 * Typing Notification; between any two agents alike). A passing event to
 * `to` alone, with the writer's number: the panel names them (and says
 * supervisor). Nothing is stored.
 */
export function typingToAgent(ctx: HandlerContext, who: Principal, to: string, typing: boolean): { sent: boolean } {
  if (to === who.agent) throw new CoreError('CHAT_SELF', 'You cannot chat with yourself; choose another agent.');
  if (!agentConfig(ctx.config, to)) throw new CoreError('NO_SUCH_AGENT', `There is no agent ${to} in this center.`);
  ctx.ephemeral('agentChat.typing', { from: who.agent, to, typing }, { agents: [to] });
  return { sent: true };
}
