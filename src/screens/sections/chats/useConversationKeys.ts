import type { Conversation } from '../../../core/protocol/model.js';
import { PRIORITY, useCommands } from '../../../keys/router.js';
import { useTerminal } from '../../../ui/terminal-host.js';
import { useApp } from '../../app-context.js';
import { customerLabel, itemWord, mapUrl } from '../../chats/chats.js';
import { useChats } from '../../chats/ChatsContext.js';
import type { Modal } from './ConversationModal.js';

/** What the conversation's keys may do now, as the view worked it out. */
export interface ConversationKeyState {
  conversation: Conversation;
  /** Assigned to me. */
  mine: boolean;
  /** Open or waiting. */
  live: boolean;
  /** Unassigned, going on, and in one of my queues (or I am a supervisor): Assign to me would be taken. */
  mayTake: boolean;
  canWrite: boolean;
  /** WhatsApp after 24 hours: replying is choosing a template. */
  templatesOnly: boolean;
  /** The composer has the keyboard: Esc is its. */
  composing: boolean;
  /** The profile pane sits beside the log (no key opens it). */
  wide: boolean;
  profileShown: boolean;
  mayBan: boolean;
  /** Files were sent in it (the Files dialog has something to show). */
  hasFiles: boolean;
  /** No dialog is open. */
  active: boolean;
  open(modal: Modal): void;
  leave(): void;
  log: { atBottom: boolean; page: number; up(lines: number): void; down(lines: number): void };
}

/**
 * The conversation's keys: back, reply, assign to me, subject, status,
 * transfer, close, hide, the profile pane with ban and map, and scrolling
 * the log. A key that cannot act now is not bound (nor shown).
 */
export function useConversationKeys(s: ConversationKeyState): void {
  const { act, toast } = useApp();
  const chats = useChats();
  const terminal = useTerminal();
  const { conversation: c, mine, log } = s;
  const goesOn = mine && c.status !== 'closed';
  const geo = c.customer.geo;
  useCommands(
    'conversation',
    {
      // While composing, Esc leaves the composer first (and the footer offers one Esc).
      'conversation.back': s.composing ? undefined : s.leave,
      'conversation.reply': s.templatesOnly
        ? () => s.open('template')
        : s.canWrite && !s.composing
          ? () => (chats.setProfileOpen(false), chats.setComposing(true))
          : undefined,
      'conversation.assign': s.mayTake ? () => void act('conversation.assign', { id: c.id }, `${customerLabel(c)}'s ${itemWord(c)} is yours now.`) : undefined,
      // A solved chat can no longer be edited nor transferred (the manual), so neither is offered; Status
      // stays, to say the manual's survey-mode sentence to an agent who tries.
      'conversation.subject': mine && s.live ? () => s.open('subject') : undefined,
      'conversation.status': goesOn ? () => s.open('status') : undefined,
      'conversation.transfer': mine && s.live ? () => s.open('transfer') : undefined,
      'conversation.close': goesOn ? () => s.open('close') : undefined,
      'conversation.hide':
        mine && c.status === 'closed' && c.closedBy?.kind !== 'agent' && !c.hiddenBy.includes(chats.me)
          ? () => void act('conversation.hide', { id: c.id }, `Hidden from My ${itemWord(c) === 'email' ? 'Emails' : 'Chats'}.`).then((ok) => ok && s.leave())
          : undefined,
      'contact.link': () => s.open('contact'),
      'conversation.pastHistory': () => s.open('history'),
      'conversation.profile': s.wide ? undefined : () => chats.setProfileOpen(!chats.profileOpen),
      'conversation.ban': s.profileShown && s.mayBan ? () => s.open('ban') : undefined,
      'conversation.files': s.hasFiles ? () => s.open('files') : undefined,
      'conversation.map':
        s.profileShown && geo
          ? () => {
              const url = mapUrl(geo.lat, geo.lon);
              const how = terminal.openInBrowser(url, (reason) => toast(reason, 'warning'));
              toast(how === 'opened' ? `Map opened in the browser — ${url}` : `No browser here: map link copied — ${url}`, 'info');
            }
          : undefined,
      'log.up': () => log.up(1),
      'log.down': log.atBottom ? undefined : () => log.down(1),
      'log.pageUp': () => log.up(log.page),
      'log.pageDown': log.atBottom ? undefined : () => log.down(log.page),
    },
    { priority: PRIORITY.section, active: s.active },
  );
}
