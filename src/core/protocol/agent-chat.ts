import type { AgentChat } from './model.js';

/** The chat between two agents, named by their numbers in order, so either side finds the same one. */
export function agentChatId(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

/** Messages in a chat the agent has not seen. */
export function unreadIn(chat: AgentChat, agent: string): number {
  const seen = chat.seenAt[agent] ?? 0;
  return chat.messages.filter((m) => m.from !== agent && m.at > seen).length;
}
