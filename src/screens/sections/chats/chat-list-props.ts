import type { ClientStore } from '../../../client/store.js';
import type { Conversation } from '../../../core/protocol/model.js';

/** What the Chats section gives whichever of its lists (My Chats, Unassigned) is shown in the list pane. */
export interface ChatListProps {
  chats: Conversation[];
  store: ClientStore;
  selected: number;
  width: number;
  height: number;
  focused: boolean;
}
