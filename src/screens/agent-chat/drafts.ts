import { useState } from 'react';
import { useDrafts } from '../drafts.js';

/** The draft file's key for the message being written to a colleague (Agents tab, m). */
export const agentChatKey = (agent: string) => `agentchat:${agent}`;

/**
 * What the agent is writing to each colleague, kept in the agent's draft
 * file like a chat reply: a message half written when the panel dies (a
 * closed SSH session, kill -9) is back in the line at the next login. Held
 * in React state alone, it was lost with the panel.
 */
export function useAgentChatDrafts(): { draft(agent: string): string; setDraft(agent: string, text: string): void } {
  const drafts = useDrafts();
  // The file is the one copy of the text; this only redraws the line after a change.
  const [, redraw] = useState(0);
  return {
    draft: (agent) => {
      const kept = drafts.get(agentChatKey(agent));
      return typeof kept === 'string' ? kept : '';
    },
    setDraft: (agent, text) => {
      // An empty text (sent, or wiped) forgets the draft.
      drafts.set(agentChatKey(agent), text);
      redraw((n) => n + 1);
    },
  };
}
