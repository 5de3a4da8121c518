import { useBoundKeys } from '../../../ui/bound-hint.js';

/**
 * What My Chats and My Emails say when nothing is assigned: where the waiting
 * ones are, with the key that goes there, the agent's own and only while it
 * works (bound-hint.ts), as the tab strip's hint names it.
 */
export function useNoneAssignedSentence(items: 'chats' | 'emails'): string {
  const key = useBoundKeys()('tab.next');
  return `No ${items} assigned to you. New ones arrive here; waiting ones are under Unassigned${key ? ` (${key})` : ''}.`;
}
