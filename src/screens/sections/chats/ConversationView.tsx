import { Box, Text } from 'ink';
import React, { useEffect, useRef, useState } from 'react';
import type { ClientError } from '../../../client/session.js';
import type { Conversation } from '../../../core/model.js';
import { PRIORITY, useCommands } from '../../../keys/router.js';
import { Dialog } from '../../../ui/Dialog.js';
import { formatClock, wrapLines } from '../../../ui/format.js';
import { useTerminal } from '../../../ui/terminal-host.js';
import { Picker } from '../../../ui/Picker.js';
import { useTheme } from '../../../ui/ThemeContext.js';
import { useApp } from '../../app-context.js';
import { agentName, closureText, customerLabel, mapUrl, queueName, statusWord } from '../../chats/chats.js';
import { useChats } from '../../chats/ChatsContext.js';
import { logLines, type LogBlock } from '../../chats/log-lines.js';
import { useAgentTyping } from '../../chats/typing.js';
import { useStore } from '../../hooks.js';
import { CannedPicker } from './CannedPicker.js';
import { ChatTransferDialog } from './ChatTransferDialog.js';
import { Composer, composerRows } from './Composer.js';
import { CARD_ROWS, ConversationCard } from './ConversationCard.js';
import { ConversationDialogs, type EntryModal } from './ConversationDialogs.js';
import { MessageLog } from './MessageLog.js';
import { ProfilePane } from './ProfilePane.js';

type Modal = null | EntryModal | 'status' | 'transfer' | 'close' | 'canned';

/** From this width the profile pane sits beside the conversation. */
const WIDE = 120;
const PANE = 40;

const STATUSES = [
  { value: 'open', label: 'Open' },
  { value: 'waiting', label: 'Waiting — for more from the customer' },
  { value: 'solved', label: 'Solved — ends the chat (and asks for the survey where the queue has one)' },
] as const;

/**
 * One conversation: its card, the message log (scrolling back into earlier
 * conversations with the same customer), the customer's live draft, and the
 * composer. Keys act on it: reply, subject, status, transfer, close, hide,
 * assign to me, the profile pane with ban and map. It marks the customer's
 * messages seen while it is on screen and tells the customer when the agent
 * types. Refusals from the server are shown word for word above the composer,
 * and the draft is kept.
 */
export function ConversationView({ conversation: c, width, height }: { conversation: Conversation; width: number; height: number }) {
  const theme = useTheme();
  const { client, act, toast } = useApp();
  const terminal = useTerminal();
  const store = useStore(client);
  const chats = useChats();
  const me = chats.me;
  const [modal, setModal] = useState<Modal>(null);
  const [fromBottom, setFromBottom] = useState(0);
  const [notice, setNotice] = useState<{ text: string; tone: 'error' | 'warning' | 'info' } | null>(null);
  const [sending, setSending] = useState(false);

  const mine = c.agent === me;
  const live = c.status === 'open' || c.status === 'waiting';
  const canWrite = mine && live;
  const wide = width >= WIDE;
  const profileShown = wide || chats.profileOpen;
  const composing = chats.composing && canWrite && !modal && !(chats.profileOpen && !wide);
  const typing = useAgentTyping(client, canWrite ? c.id : null);
  const draft = chats.draft(c.id);
  const files = chats.files(c.id);
  const agents = store.list('agent');
  const now = store.serverNow();
  const clock = (at: number) => formatClock(at, now);
  const supervisor = store.myAgent()?.role === 'supervisor';

  // Opened to answer (or just taken with Assign to me): the composer has the keyboard straight away.
  useEffect(() => {
    chats.setComposing(canWrite);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [c.id, canWrite]);
  useEffect(() => {
    setFromBottom(0);
    setNotice(null);
  }, [c.id]);

  // The agent is looking at it: the customer's messages are seen (their ✓✓), now and as they come.
  const log = chats.log(c.id);
  const unseen = log.filter((m) => m.author === 'customer' && m.seenAt === null).length;
  const seenAsked = useRef('');
  useEffect(() => {
    if (!mine || (unseen === 0 && c.unread === 0)) return;
    const key = `${c.id}:${log.length}:${c.unread}:${unseen}`;
    if (seenAsked.current === key) return;
    seenAsked.current = key;
    client.send('conversation.seen', { id: c.id }).catch(() => {});
  }, [client, mine, c.id, c.unread, unseen, log.length]);

  const earlier = chats.earlier(c.id);
  const blocks: LogBlock[] = [...(earlier?.conversations ?? []).map((e) => ({ ...e, earlier: true })), { conversation: c, messages: log, earlier: false }];
  const logWidth = (wide ? width - PANE - 1 : width) - 2;
  const lines = logLines(blocks, logWidth, {
    me,
    agent: (id) => agentName(agents, id),
    clock,
    heading: (x) => `${clock(x.createdAt)} · ${queueName(store.catalog, x.queue)} · ${closureText(x, clock) ?? statusWord(x)}`,
  });

  const peek = c.status === 'closed' ? undefined : store.typing.get(c.id)?.text;
  const disabledReason = !mine
    ? c.agent
      ? `This chat is with ${agentName(agents, c.agent, me)}; you can read it only.`
      : `Waiting unassigned in ${queueName(store.catalog, c.queue)} · a Assign to me`
    : c.status === 'solved'
      ? 'Messages cannot be sent: the ticket is solved.'
      : c.status === 'closed'
        ? `${closureText(c, clock) ?? 'Closed'}${c.closedBy?.kind !== 'agent' ? ' · H hide' : ''}`
        : null;
  const composerHeight = disabledReason ? 2 : composerRows(draft, files, logWidth, composing);
  // A refusal is a sentence to read whole: it wraps, up to three lines.
  const noticeLines = notice ? wrapLines([`${!theme.color && notice.tone === 'error' ? 'Error: ' : ''}${notice.text}`], logWidth).slice(0, 3) : [];
  const logHeight = Math.max(3, height - CARD_ROWS - composerHeight - (peek ? 1 : 0) - noticeLines.length);
  const maxScroll = Math.max(0, lines.length - (logHeight - 2));
  const page = Math.max(1, logHeight - 3);

  const scrollUp = (n: number) => {
    if (fromBottom >= maxScroll) {
      // At the top: earlier conversations with this customer are next.
      if (!earlier || earlier.state === 'failed') chats.loadEarlier(c.id);
      return;
    }
    setFromBottom(Math.min(maxScroll, fromBottom + n));
  };

  const leave = () => {
    typing.stopped();
    chats.close();
  };
  const geo = c.customer.geo;
  const mayBan = c.channel === 'livechat' && Boolean(c.customer.ip) && (mine || supervisor);
  useCommands(
    'conversation',
    {
      // While composing, Esc leaves the composer first (and the footer offers one Esc).
      'conversation.back': composing ? undefined : leave,
      'conversation.reply': canWrite && !composing ? () => (chats.setProfileOpen(false), chats.setComposing(true)) : undefined,
      'conversation.assign': c.agent === null && live ? () => void act('conversation.assign', { id: c.id }, `${customerLabel(c)}'s chat is yours now.`) : undefined,
      'conversation.subject': mine && c.status !== 'closed' ? () => setModal('subject') : undefined,
      'conversation.status': mine && c.status !== 'closed' ? () => setModal('status') : undefined,
      'conversation.transfer': mine && c.status !== 'closed' ? () => setModal('transfer') : undefined,
      'conversation.close': mine && c.status !== 'closed' ? () => setModal('close') : undefined,
      'conversation.hide':
        mine && c.status === 'closed' && c.closedBy?.kind !== 'agent' && !c.hiddenBy.includes(me)
          ? () => void act('conversation.hide', { id: c.id }, 'Hidden from My Chats.').then((ok) => ok && leave())
          : undefined,
      'conversation.profile': wide ? undefined : () => chats.setProfileOpen(!chats.profileOpen),
      'conversation.ban': profileShown && mayBan ? () => setModal('ban') : undefined,
      'conversation.map':
        profileShown && geo
          ? () => {
              const url = mapUrl(geo.lat, geo.lon);
              const how = terminal.openInBrowser(url, (reason) => toast(reason, 'warning'));
              toast(how === 'opened' ? `Map opened in the browser — ${url}` : `No browser here: map link copied — ${url}`, 'info');
            }
          : undefined,
      'log.up': () => scrollUp(1),
      'log.down': fromBottom > 0 ? () => setFromBottom(Math.max(0, fromBottom - 1)) : undefined,
      'log.pageUp': () => scrollUp(page),
      'log.pageDown': fromBottom > 0 ? () => setFromBottom(Math.max(0, fromBottom - page)) : undefined,
    },
    { priority: PRIORITY.section, active: !modal },
  );

  const send = async () => {
    const text = draft;
    const ids = files.map((f) => f.id);
    if (!text.trim() && ids.length === 0) {
      setNotice({ text: 'Write something or attach a file first.', tone: 'warning' });
      return;
    }
    setSending(true);
    setNotice(null);
    typing.stopped();
    const clear = () => {
      // Only what was sent: the agent may have typed on while it went.
      if (chats.draft(c.id) === text) chats.setDraft(c.id, '');
      chats.setFiles(c.id, []);
      setFromBottom(0);
    };
    const sent = client.send('message.send', { conversation: c.id, text, ...(ids.length ? { attachments: ids } : {}) });
    if (client.connection !== 'online') {
      sent.catch(() => {});
      clear();
      toast('Offline: the message will be sent when the connection is back.', 'warning');
      setSending(false);
      return;
    }
    try {
      await sent;
      clear();
    } catch (e) {
      // The server's sentence, as it is (a placeholder with no value, a solved ticket); the draft stays.
      setNotice({ text: (e as ClientError).message, tone: 'error' });
    } finally {
      setSending(false);
    }
  };

  const dialogWidth = Math.min(width, 76);
  const below = height - CARD_ROWS;
  let main: React.ReactNode;
  if (modal === 'transfer')
    main = <ChatTransferDialog conversation={c} me={me} width={dialogWidth} height={below} onClose={() => setModal(null)} onDone={leave} />;
  else if (modal === 'status')
    main = (
      <Picker
        title={`Status of this chat (now ${statusWord(c)})`}
        items={[...STATUSES]}
        label={(s) => s.label}
        width={Math.min(width, 64)}
        onCancel={() => setModal(null)}
        onChoose={(s) => {
          setModal(null);
          client.send('conversation.status', { id: c.id, status: s.value }).then(
            () => {
              setNotice(null);
              toast(`Status: ${s.value === 'solved' ? 'Solved' : s.label}.`, 'success');
            },
            (e: ClientError) => {
              setNotice({ text: e.message, tone: 'error' });
              toast(e.message, 'error');
            },
          );
        }}
      />
    );
  else if (modal === 'close')
    main = (
      <Dialog
        title="Close conversation"
        message="Are you sure you want to close the conversation?"
        confirmLabel="Close conversation"
        tone="danger"
        width={Math.min(width, 60)}
        onCancel={() => setModal(null)}
        onConfirm={() => {
          setModal(null);
          void act('conversation.close', { id: c.id }, 'Conversation closed.').then((ok) => ok && leave());
        }}
      />
    );
  else if (modal === 'canned')
    main = (
      <CannedPicker
        responses={store.list('canned')}
        channel={c.channel}
        width={dialogWidth}
        height={below}
        onCancel={() => setModal(null)}
        onInsert={(text) => {
          setModal(null);
          chats.setDraft(c.id, draft && !/\s$/.test(draft) ? `${draft} ${text}` : draft + text);
          chats.setComposing(true);
        }}
      />
    );
  else if (modal) main = <ConversationDialogs modal={modal} conversation={c} width={dialogWidth} onClose={() => setModal(null)} onFile={(f) => chats.setFiles(c.id, [...chats.files(c.id), f])} />;
  else if (chats.profileOpen && !wide) main = <ProfilePane conversation={c} store={store} me={me} width={width - 2} height={below} closable />;
  else
    main = (
      <Box flexDirection="column" width={logWidth}>
        <MessageLog
          lines={lines}
          height={logHeight}
          width={logWidth}
          fromBottom={Math.min(fromBottom, maxScroll)}
          above={
            earlier === null
              ? `↑ PgUp: earlier conversations with ${customerLabel(c)}`
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
            ✎ {customerLabel(c)} is typing: {tail(peek.replace(/\s+/g, ' '), logWidth - customerLabel(c).length - 15)}
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
          onLeave={() => {
            typing.stopped();
            chats.setComposing(false);
          }}
          onType={typing.typed}
          disabledReason={disabledReason}
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
