import React, { createContext, useCallback, useContext, useEffect, useReducer, useRef, useState } from 'react';
import type { UploadedFile } from '../../client/upload.js';
import type { Conversation, Message } from '../../core/protocol/model.js';
import type { ConversationLog } from '../../core/protocol/results.js';
import { useApp } from '../app-context.js';
import { composerKey, extrasKey, useDrafts } from '../drafts.js';
import { useStore } from '../hooks.js';
import { mergeLog, myChats, unassignedChats, whereTheWorkIs } from './chats.js';
import { CHAT_WORDS, useChatNotices, type DeskWords } from './notices.js';
import { readExtras, writeExtras, type Envelope } from './reply-extras.js';
import { useTakenAwayNotice } from './taken-away.js';
import { waitingIn } from './waiting.js';
import { conversationToOpen, openPlaceKey } from '../where-i-was.js';

export type ChatsTab = 'mine' | 'unassigned';

export interface EarlierConversations {
  state: 'loading' | 'loaded' | 'failed';
  conversations: ConversationLog[];
  error?: string;
}

export interface ChatsApi {
  me: string;
  /** My Chats and Unassigned Chats, as listed. */
  mine: Conversation[];
  unassigned: Conversation[];
  /** How many wait unassigned on this desk's channels in one of my queues (Unassigned holds only the next few of each). */
  waitingIn(queue: string): number;
  /** The same, in all my queues. */
  waiting: number;
  tab: ChatsTab;
  setTab(tab: ChatsTab): void;
  /** The selected row of each list, by conversation id. */
  selectedId(tab: ChatsTab): string | null;
  select(tab: ChatsTab, id: string | null): void;
  /** The conversation open in the Chats section, if any. */
  openId: string | null;
  open(id: string): void;
  close(): void;
  /** Whether the composer has the keyboard. */
  composing: boolean;
  setComposing(on: boolean): void;
  /**
   * Give the composer the keyboard when a conversation is opened, or when it
   * becomes (or stops being) one the agent can write in; once, not again when
   * its view is drawn anew (after the help or the palette, or back from Calls).
   */
  takeKeyboard(id: string, canWrite: boolean): void;
  draft(id: string): string;
  setDraft(id: string, text: string): void;
  /** Files uploaded for the next message of a conversation. */
  files(id: string): UploadedFile[];
  setFiles(id: string, files: UploadedFile[]): void;
  /** The conversation's whole log, oldest first: what the server sent when it was opened, and every event since. */
  log(id: string): Message[];
  /** Messages of the log the server left out, before the first it sent (a log too long for one answer). */
  omitted(id: string): number;
  earlier(id: string): EarlierConversations | null;
  loadEarlier(id: string): void;
  profileOpen: boolean;
  setProfileOpen(open: boolean): void;
  /** An email draft's copies and signature (absent signature: the agent's default). */
  envelope(id: string): Envelope;
  setEnvelope(id: string, envelope: Envelope): void;
}

export type { Envelope } from './reply-extras.js';

const Ctx = createContext<ChatsApi | null>(null);

export function useChats(): ChatsApi {
  const api = useContext(Ctx);
  if (!api) throw new Error('useChats outside ChatsProvider');
  return api;
}

/** A composer's text from the draft file (anything else there is not one). */
const savedText = (value: unknown) => (typeof value === 'string' ? value : '');

/** Live chat and messaging in Chats; email has a section and a desk of its own (screens/email). */
const isChat = (c: Conversation) => c.channel !== 'email';

/**
 * The chat state the panel keeps while the agent moves between sections: which
 * list and conversation are shown, drafts and files not yet sent, logs fetched
 * from the server, and the notices (new assigned chat, new message, a chat
 * waiting in my queues) that reach the agent wherever they are.
 */
export function ChatsProvider({ me, active, children }: { me: string; active: boolean; children: React.ReactNode }) {
  return <Ctx.Provider value={useDesk({ desk: 'chats', me, active, include: isChat, words: CHAT_WORDS })}>{children}</Ctx.Provider>;
}

/**
 * Puts a desk's state (the email desk's, in the Email section) where the
 * conversation components read it with useChats(): the card, log,
 * composer, dialogs and profile serve both desks.
 */
export const DeskScope = Ctx.Provider;

/**
 * One desk of conversations (Chats, or Email): its lists, the open
 * conversation, drafts, files, fetched logs and its notices, for the
 * conversations `include` keeps.
 */
export function useDesk({
  desk,
  me,
  active,
  include,
  words,
}: {
  /** Its name where the open conversation is kept for the next login (where-i-was.ts). */
  desk: string;
  me: string;
  active: boolean;
  include: (c: Conversation) => boolean;
  words: DeskWords;
}): ChatsApi {
  const { client } = useApp();
  const store = useStore(client);
  const [, bump] = useReducer((n: number) => n + 1, 0);
  // What was typed before the panel last went (a kill, a crash): each draft comes back when its conversation is opened.
  const saved = useDrafts();
  // The conversation open when the panel last went, open again while it is still mine.
  const [resumed] = useState(() => conversationToOpen(saved, desk, myChats(store.list('conversation').filter(include), me), me));
  const [tab, setTab] = useState<ChatsTab>('mine');
  const [selected, setSelected] = useState<Record<ChatsTab, string | null>>({ mine: resumed, unassigned: null });
  const [openId, setOpenId] = useState<string | null>(resumed);
  const [composing, setComposing] = useState(false);
  // What the keyboard was last given for: "conversation canWrite" (see takeKeyboard).
  const keyboardFor = useRef<string | null>(null);
  const takeKeyboard = useCallback((id: string, canWrite: boolean) => {
    const key = `${id} ${canWrite}`;
    if (keyboardFor.current === key) return;
    keyboardFor.current = key;
    setComposing(canWrite);
  }, []);
  const [profileOpen, setProfileOpen] = useState(false);
  const drafts = useRef(new Map<string, string>());
  const attached = useRef(new Map<string, UploadedFile[]>());
  const fetched = useRef(new Map<string, { messages: Message[]; omitted: number }>());
  const histories = useRef(new Map<string, EarlierConversations>());
  const envelopes = useRef(new Map<string, Envelope>());

  const conversations = store.list('conversation').filter(include);
  const myQueues = store.myAgent()?.session?.messagingQueues ?? [];
  const mine = myChats(conversations, me);
  const unassigned = unassignedChats(conversations, myQueues);
  const waitingInQueue = waitingIn(store, include);

  const byConversation = store.messagesByConversation();

  const open = useCallback(
    (id: string) => {
      setOpenId(id);
      setProfileOpen(false);
      // The store has only what arrived while this conversation was visible to me:
      // ask for the whole log (a closed chat's, one transferred to me from another queue).
      client.send('conversation.messages', { id }).then(
        (r) => {
          fetched.current.set(id, { messages: r.messages, omitted: r.omitted });
          bump();
        },
        () => {},
      );
    },
    [client],
  );

  const loadEarlier = useCallback(
    (id: string) => {
      const known = histories.current.get(id);
      if (known && known.state !== 'failed') return;
      histories.current.set(id, { state: 'loading', conversations: [] });
      bump();
      client.send('conversation.history', { id }).then(
        (r) => {
          const earlier = r.conversations;
          // The server sends newest first; the log reads oldest first.
          histories.current.set(id, { state: 'loaded', conversations: [...earlier].reverse() });
          bump();
        },
        (e: Error) => {
          histories.current.set(id, { state: 'failed', conversations: [], error: e.message });
          bump();
        },
      );
    },
    [client],
  );

  // The resumed conversation's whole log, as opening it asks for; then whatever is open is kept for the next login.
  useEffect(() => {
    if (resumed) open(resumed);
  }, [resumed, open]);
  useEffect(() => saved.set(openPlaceKey(desk), openId), [saved, desk, openId]);

  useChatNotices({ me, mine, unassigned, openId, active, include, words });
  // A chat on screen that someone else moved away no longer reaches this panel (its customer's
  // messages, its transfer notice): back to My Chats, where the toast says who moved it and where.
  // A supervisor still sees every conversation as it changes: theirs stays open, read-only.
  const onScreenId = useRef(openId);
  onScreenId.current = openId;
  const supervisor = store.myAgent()?.role === 'supervisor';
  useTakenAwayNotice({
    me,
    mine,
    words,
    onTakenAway: (id) => {
      if (supervisor || onScreenId.current !== id) return;
      setOpenId(null);
      setComposing(false);
      keyboardFor.current = null;
      setTab('mine');
    },
  });

  // A closed conversation takes no more replies: its draft goes, from the disk too.
  const closedIds = conversations
    .filter((c) => c.status === 'closed')
    .map((c) => c.id)
    .join(',');
  useEffect(() => {
    for (const id of closedIds.split(',').filter(Boolean)) {
      drafts.current.delete(id);
      saved.set(composerKey(id), null);
      saved.set(extrasKey(id), null);
    }
  }, [closedIds, saved]);

  // Coming to Chats (g t, Tab): open where the work is, not where the agent last looked.
  const arrivedRef = useRef({ mine, unassigned });
  arrivedRef.current = { mine, unassigned };
  useEffect(() => {
    if (!active || openId) return;
    const where = whereTheWorkIs(arrivedRef.current.mine, arrivedRef.current.unassigned);
    setTab(where.tab);
    if (where.id) setSelected((s) => ({ ...s, [where.tab]: where.id }));
    // Only on arriving: afterwards the agent's own moves decide.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [active]);

  // A reply's copies, signature and files come back from the disk with its text (reply-extras.ts).
  const files = (id: string) => attached.current.get(id) ?? readExtras(saved.get(extrasKey(id)))?.files ?? [];
  const envelope = (id: string) => envelopes.current.get(id) ?? readExtras(saved.get(extrasKey(id)))?.envelope ?? { cc: [], bcc: [] };
  const api: ChatsApi = {
    me,
    mine,
    unassigned,
    waitingIn: waitingInQueue,
    // Never fewer than listed: a conversation can reach the store before its queue's new counts do.
    waiting: Math.max(unassigned.length, myQueues.reduce((n, q) => n + waitingInQueue(q), 0)),
    tab,
    setTab,
    selectedId: (t) => selected[t],
    select: (t, id) => setSelected((s) => (s[t] === id ? s : { ...s, [t]: id })),
    openId,
    open,
    close: () => {
      // Assigned to me while it was open (Assign to me in the view): back on My Chats / My Emails with it
      // chosen, as Assign to me on the list does, not on an Unassigned list it has left.
      if (openId && tab === 'unassigned' && mine.some((c) => c.id === openId)) {
        setTab('mine');
        setSelected((s) => ({ ...s, mine: openId }));
      }
      setOpenId(null);
      setComposing(false);
      keyboardFor.current = null;
    },
    composing,
    setComposing,
    takeKeyboard,
    draft: (id) => drafts.current.get(id) ?? savedText(saved.get(composerKey(id))),
    setDraft: (id, text) => {
      drafts.current.set(id, text);
      // Kept on disk too (shortly, or at a clean exit); an empty draft (sent, cleared) is forgotten there.
      saved.set(composerKey(id), text);
      bump();
    },
    files,
    setFiles: (id, list) => {
      attached.current.set(id, list);
      saved.set(extrasKey(id), writeExtras({ envelope: envelope(id), files: list }));
      bump();
    },
    log: (id) => mergeLog(fetched.current.get(id)?.messages ?? [], byConversation.get(id) ?? []),
    omitted: (id) => fetched.current.get(id)?.omitted ?? 0,
    earlier: (id) => histories.current.get(id) ?? null,
    loadEarlier,
    profileOpen,
    setProfileOpen,
    envelope,
    setEnvelope: (id, next) => {
      envelopes.current.set(id, next);
      saved.set(extrasKey(id), writeExtras({ envelope: next, files: files(id) }));
      bump();
    },
  };
  return api;
}
