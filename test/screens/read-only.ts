import { settle, type Panel } from './support.js';

/**
 * Open a conversation read-only, as a supervisor or a colleague reads one
 * that is not theirs: Conversations > Active, the row of this customer
 * chosen, Show conversation. Returns the screen once `shows` (a line of its
 * log: the log is fetched once the view is open) is on it.
 */
export async function readConversation(p: Panel, customer: string, shows: string | RegExp): Promise<string> {
  await p.press('nav.conversations');
  await p.waitForText(customer);
  const chosen = (s: string) => s.split('\n').find((line) => line.includes('› '))?.includes(customer) ?? false;
  // Newest first: another conversation may be listed (and chosen) above it.
  for (let moves = 0; !chosen(p.screen()) && moves < 20; moves++) {
    await p.press('list.down');
    await settle();
  }
  await p.press('conversations.show');
  return p.waitForText(shows);
}
