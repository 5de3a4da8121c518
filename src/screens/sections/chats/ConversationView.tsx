import { Box, Text } from 'ink';
import React, { useEffect, useState } from 'react';
import type { Conversation } from '../../../core/protocol/model.js';
import { useBoundHint, useBoundKeys } from '../../../ui/bound-hint.js';
import { formatClock, oneLine, wrapLines } from '../../../ui/format.js';
import { useTerminal } from '../../../ui/terminal-host.js';
import { useTheme } from '../../../ui/ThemeContext.js';
import { useApp } from '../../app-context.js';
import { agentName, agentsNamedIn, closureText, customerLabel, itemWord, queueName, statusWord } from '../../chats/chats.js';
import { useChats } from '../../chats/ChatsContext.js';
import { logLines, type LogBlock } from '../../chats/log-lines.js';
import { useAgentTyping } from '../../chats/typing.js';
import { useAgentNames, useStore } from '../../hooks.js';
import { Composer, composerRows, disabledLines } from './Composer.js';
import { composeRule } from '../../chats/reply-rules.js';
import { mayBeBanned } from '../../chats/profile-rows.js';
import { CARD_ROWS, ConversationCard } from './ConversationCard.js';
import { ConversationModal, type Modal } from './ConversationModal.js';
import { MessageLog } from './MessageLog.js';
import { ProfilePane } from './ProfilePane.js';
import { useConversationKeys } from './useConversationKeys.js';
import { useMarkSeen } from './useMarkSeen.js';
import { useSendMessage, type ComposerNotice } from './useSendMessage.js';
import { envelopeLine } from '../email/envelope.js';
import { useCommands, PRIORITY } from '../../../keys/router.js';

/** From this width the profile pane sits beside the conversation. */
const WIDE = 120;
const PANE = 40;
/** The profile fills spare rows above a short log when this many are free; it needs no more than the most. */
const PROFILE_MIN = 9;
const PROFILE_MAX = 11;

/**
 * One conversation: its card, the message log (scrolling back into earlier
 * conversations with the same customer), the customer's live draft, and the
 * composer. Keys act on it (useConversationKeys) and open dialogs in place of
 * the log (ConversationModal). It marks the customer's messages seen while it
 * is on screen (useMarkSeen) and tells the customer when the agent types.
 * Refusals from the server are shown word for word above the composer, and
 * the draft is kept (useSendMessage).
 */
export function ConversationView({ conversation: c, width, height }: { conversation: Conversation; width: number; height: number }) {
  const theme = useTheme();
  const { client, info, toast } = useApp();
  const terminal = useTerminal();
  const store = useStore(client);
  const chats = useChats();
  const me = chats.me;
  const [modal, setModal] = useState<Modal | null>(null);
  const email = c.channel === 'email';
  const [showQuoted, setShowQuoted] = useState(false);
  const [fromBottom, setFromBottom] = useState(0);
  const [notice, setNotice] = useState<ComposerNotice | null>(null);

  const mine = c.agent === me;
  const live = c.status === 'open' || c.status === 'waiting';
  const draft = chats.draft(c.id);
  // The platform's window (WhatsApp 24 h: templates only; Facebook 7 days: nothing), as the server will judge it.
  const rule = composeRule(c, store.serverNow(), draft);
  const canWrite = mine && live && rule.kind === 'text';
  const templatesOnly = mine && live && rule.kind === 'templates';
  const wide = width >= WIDE;
  const profileShown = wide || chats.profileOpen;
  const composing = chats.composing && canWrite && !modal && !(chats.profileOpen && !wide);
  const typing = useAgentTyping(client, canWrite ? c.id : null);
  const files = chats.files(c.id);
  const now = store.serverNow();
  const clock = (at: number) => formatClock(at, now);
  const supervisor = store.myAgent()?.role === 'supervisor';
  // Assign to me is the server's to refuse outside my queues (supervisors excepted): a chat moved to
  // another queue while it was open is not offered, rather than offered and refused.
  const mayTake = c.agent === null && live && (supervisor || (store.myAgent()?.session?.messagingQueues ?? []).includes(c.queue));

  // Opened to answer (or just taken with Assign to me): the composer has the keyboard straight away.
  // Only then: the view is drawn anew after every overlay, and an agent who left the composer
  // for the conversation's keys found their next letter typed into the draft.
  const { takeKeyboard } = chats;
  useEffect(() => {
    takeKeyboard(c.id, canWrite);
  }, [c.id, canWrite, takeKeyboard]);
  useEffect(() => {
    setFromBottom(0);
    setNotice(null);
  }, [c.id]);

  const log = chats.log(c.id);
  useMarkSeen(client, c, log, mine);
  // The card, the profile and the log name colleagues: the panel learns the names it lacks.
  useAgentNames(client, [...agentsNamedIn(c), ...log.map((m) => m.agent)]);

  const earlier = chats.earlier(c.id);
  const blocks: LogBlock[] = [...(earlier?.conversations ?? []).map((e) => ({ ...e, earlier: true })), { conversation: c, messages: log, earlier: false, omitted: chats.omitted(c.id) }];
  const logWidth = (wide ? width - PANE - 1 : width) - 2;
  // The key named under a folded email is the agent's own, and only while it works (not while the reply box takes the letters).
  const keyOf = useBoundKeys();
  const lines = logLines(blocks, logWidth, {
    me,
    agent: (id) => agentName(store, id),
    clock,
    heading: (x) => `${clock(x.createdAt)} · ${queueName(store.catalog, x.queue)} · ${closureText(x, clock, store, me) ?? statusWord(x)}`,
    showQuoted,
    quotedKey: keyOf('email.quoted'),
  });
  // An email: long text, the agent's own editor, copies and the signature (sections/email).
  const editor = info.editor;
  const emailComposing = email
    ? {
        maxLines: Math.max(3, Math.floor((height - CARD_ROWS) / 2) - 2),
        envelope: envelopeLine(c, chats.envelope(c.id), store.list('signature')),
        onEditor: editor
          ? () => {
              const result = editor(draft);
              if (result.ok) chats.setDraft(c.id, result.text);
              else toast(result.reason, 'error');
            }
          : undefined,
        onCopies: () => setModal('copies'),
        onSignature: () => setModal('signature'),
      }
    : undefined;
  useCommands(
    'conversation',
    {
      'email.quoted': email ? () => setShowQuoted(!showQuoted) : undefined,
    },
    { priority: PRIORITY.section, active: !modal && !chats.composing },
  );

  const peek = c.status === 'closed' ? undefined : store.typing.get(c.id)?.text;
  // The keys named under a conversation that cannot be written in are the agent's own, and only while they work (bound-hint.ts).
  const offer = (id: 'conversation.assign' | 'conversation.close' | 'conversation.hide' | 'conversation.reply', label: string) => {
    const key = keyOf(id);
    return key ? ` · ${key} ${label}` : '';
  };
  const disabledReason = !mine
    ? c.agent
      ? `This ${itemWord(c)} is with ${agentName(store, c.agent, me)}; you can read it only.`
      : mayTake
        ? `Waiting unassigned in ${queueName(store.catalog, c.queue)}${offer('conversation.assign', 'Assign to me')}`
        : `Waiting unassigned in ${queueName(store.catalog, c.queue)}, not one of your queues.`
    : c.status === 'solved'
      ? c.channel === 'email'
        ? `Solved: waiting for the customer to confirm; a reply opens it${offer('conversation.close', 'close')}`
        : 'Messages cannot be sent: the ticket is solved.'
      : c.status === 'closed'
        ? `${closureText(c, clock, store, me) ?? 'Closed'}${c.closedBy?.kind !== 'agent' ? offer('conversation.hide', 'hide') : ''}`
        : rule.kind === 'templates'
          ? `${rule.why}${offer('conversation.reply', 'choose a template')}`
          : rule.kind === 'closed'
            ? rule.why
            : null;
  const composerHeight = disabledReason ? 1 + disabledLines(disabledReason, logWidth).length : composerRows(draft, files, logWidth, composing, emailComposing);
  // A refusal is a sentence to read whole: it wraps, up to three lines.
  const noticeLines = notice ? wrapLines([`${!theme.color && notice.tone === 'error' ? 'Error: ' : ''}${notice.text}`], logWidth).slice(0, 3) : [];
  const logHeight = Math.max(3, height - CARD_ROWS - composerHeight - (peek ? 1 : 0) - noticeLines.length);
  // A short log leaves rows empty above it: the customer and the conversation's card fill them (as the wide pane does beside it).
  const spare = logHeight - lines.length - 1;
  const profileRows = !wide && !chats.profileOpen && spare >= PROFILE_MIN ? Math.min(spare - 1, PROFILE_MAX) : 0;
  const maxScroll = Math.max(0, lines.length - (logHeight - 2));

  const leave = () => {
    typing.stopped();
    chats.close();
  };
  useConversationKeys({
    conversation: c,
    mine,
    live,
    mayTake,
    canWrite,
    templatesOnly,
    composing,
    wide,
    profileShown,
    mayBan: mayBeBanned(c) && (mine || supervisor),
    hasFiles: log.some((m) => m.attachments.length > 0),
    active: !modal,
    open: setModal,
    leave,
    log: {
      atBottom: fromBottom === 0,
      page: Math.max(1, logHeight - 3),
      up: (n) => {
        if (fromBottom >= maxScroll) {
          // At the top: earlier conversations with this customer are next.
          if (!earlier || earlier.state === 'failed') chats.loadEarlier(c.id);
          return;
        }
        setFromBottom(Math.min(maxScroll, fromBottom + n));
      },
      down: (n) => setFromBottom(Math.max(0, fromBottom - n)),
    },
  });

  const { sending, send } = useSendMessage(c, { draft, files, setNotice, beforeSend: typing.stopped, afterSend: () => setFromBottom(0) });

  // The agent's keys that load them, at the top of the log.
  const earlierKeys = useBoundHint([{ ids: ['log.up', 'log.pageUp'], label: '', any: true }]).trim();
  const below = height - CARD_ROWS;
  let main: React.ReactNode;
  // Inside the padding of the pane below the card: given the whole width, a dialog at 60 columns lost its right border.
  if (modal) main = <ConversationModal modal={modal} conversation={c} width={width - 2} height={below} onClose={() => setModal(null)} onLeave={leave} setNotice={setNotice} />;
  else if (chats.profileOpen && !wide) main = <ProfilePane conversation={c} store={store} me={me} width={width - 2} height={below} closable />;
  else
    main = (
      <Box flexDirection="column" width={logWidth}>
        {profileRows > 0 ? <ProfilePane conversation={c} store={store} me={me} width={logWidth} height={profileRows} closable={false} /> : null}
        <MessageLog
          lines={lines}
          height={logHeight - profileRows}
          width={logWidth}
          fromBottom={Math.min(fromBottom, maxScroll)}
          above={
            earlier === null
              ? earlierKeys
                ? `${earlierKeys}: earlier conversations with ${customerLabel(c)}`
                : `Earlier conversations with ${customerLabel(c)}`
              : earlier.state === 'loading'
                ? 'Loading earlier conversations…'
                : earlier.state === 'failed'
                  ? `Earlier conversations could not be read: ${earlier.error ?? ''}`
                  : earlier.conversations.length === 0
                    ? `No earlier conversations with ${customerLabel(c)}.`
                    : null
          }
        />
        {peek ? (
          <Text wrap="truncate" italic color={theme.accent}>
            ✎ {customerLabel(c)} is typing: {tail(oneLine(peek), logWidth - customerLabel(c).length - 15)}
          </Text>
        ) : null}
        {notice
          ? noticeLines.map((line, i) => (
              <Text key={`n${i}`} wrap="truncate" color={notice.tone === 'error' ? theme.danger : notice.tone === 'warning' ? theme.warning : theme.info} bold={!theme.color}>
                {line}
              </Text>
            ))
          : null}
        <Composer
          draft={draft}
          onDraft={(text) => {
            chats.setDraft(c.id, text);
            if (notice) setNotice(null);
          }}
          files={files}
          onFiles={(f) => chats.setFiles(c.id, f)}
          focused={composing}
          width={logWidth}
          sending={sending}
          onSend={() => void send()}
          onCanned={() => setModal('canned')}
          onAttach={terminal.localFiles ? () => setModal('attach') : undefined}
          onTemplate={c.channel === 'whatsapp' ? () => setModal('template') : undefined}
          info={rule.kind === 'text' ? rule.info : null}
          onLeave={() => {
            typing.stopped();
            chats.setComposing(false);
          }}
          onType={typing.typed}
          disabledReason={disabledReason}
          email={emailComposing}
        />
      </Box>
    );

  return (
    <Box flexDirection="column" width={width} height={height}>
      <Box paddingX={1}>
        <ConversationCard conversation={c} store={store} me={me} width={width - 2} />
      </Box>
      {wide && !modal ? (
        <Box width={width} height={below}>
          <Box width={width - PANE - 1} height={below} paddingX={1}>
            {main}
          </Box>
          <Box width={PANE + 1} height={below} borderStyle="single" borderTop={false} borderBottom={false} borderRight={false} borderColor={theme.muted} paddingLeft={1}>
            <ProfilePane conversation={c} store={store} me={me} width={PANE - 1} height={below} closable={false} />
          </Box>
        </Box>
      ) : (
        <Box paddingX={1} height={below} flexDirection="column">
          {main}
        </Box>
      )}
    </Box>
  );
}

/** The end of a text that does not fit: the customer's latest words matter most. */
function tail(text: string, width: number): string {
  if (width <= 1) return '';
  return text.length <= width ? text : `…${text.slice(text.length - width + 1)}`;
}
