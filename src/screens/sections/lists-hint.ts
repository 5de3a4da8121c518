import { command, keyHint } from '../../keys/registry.js';

/**
 * The tab strip's hint of a section of two lists (Chats, Email): the keys
 * that switch lists and, only while a row is there to open, the one that
 * opens it. Read from the registry, so the agent's own keys are named; an
 * empty list no longer says "Enter open" for a key that does nothing.
 */
export function listsHint(canOpen: boolean): string {
  const lists = `${keyHint(command('tab.prev'))} ${keyHint(command('tab.next'))} lists`;
  return canOpen ? `${lists} · ${keyHint(command('chats.open'))} open` : lists;
}
