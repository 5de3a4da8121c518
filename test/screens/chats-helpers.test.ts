import { describe, expect, it } from 'vitest';
import type { Conversation, Message } from '../../src/core/protocol/model.js';
import { chatFigures, closureText, mapUrl, myChats, onMyChats, unassignedChats, whyRows, whyText } from '../../src/screens/chats/chats.js';
import { completeShortcode, replaceShortcodes, shortcodeMatches } from '../../src/screens/chats/emoji.js';
import { logLines } from '../../src/screens/chats/log-lines.js';
import { expandPath, tooLargeSentence } from '../../src/client/upload.js';

/** What the chat screens read off conversations and messages, without drawing them. */

function conv(over: Partial<Conversation> = {}): Conversation {
  return {
    id: 'c1',
    channel: 'livechat',
    queue: 'q1',
    customer: { id: 'visitor:1', name: 'Pat Jones', email: null, phone: null, ip: '192.0.2.1', geo: null },
    subject: 'Live chat',
    status: 'open',
    agent: '1001',
    createdAt: 1_000,
    assignedAt: 1_000,
    firstReplyAt: null,
    closedAt: null,
    closedBy: null,
    surveyPending: false,
    survey: null,
    transfers: [],
    assignment: { rule: 'automatic', at: 1_000, by: null, capacityLeft: 2, workload: 33 },
    hiddenBy: [],
    unread: 0,
    lastMessageAt: 1_000,
    preview: '',
    externalRef: null,
    ...over,
  };
}

function msg(over: Partial<Message> = {}): Message {
  return { id: 'm1', conversation: 'c1', author: 'customer', agent: null, text: 'Hello', attachments: [], at: Date.UTC(2026, 0, 5, 9, 30), seenAt: null, ...over };
}

describe('My Chats and Unassigned Chats', () => {
  it('keeps chats closed by the customer, a supervisor, the survey or a ban until hidden; an agent closing one removes it', () => {
    expect(onMyChats(conv(), '1001')).toBe(true);
    expect(onMyChats(conv({ agent: '1002' }), '1001')).toBe(false);
    for (const kind of ['customer', 'supervisor', 'survey', 'ban', 'system'] as const)
      expect(onMyChats(conv({ status: 'closed', closedBy: { kind, id: null } }), '1001'), kind).toBe(true);
    expect(onMyChats(conv({ status: 'closed', closedBy: { kind: 'agent', id: '1001' } }), '1001')).toBe(false);
    expect(onMyChats(conv({ status: 'closed', closedBy: { kind: 'survey', id: null }, hiddenBy: ['1001'] }), '1001')).toBe(false);
  });

  it('lists live chats first by latest activity, greyed ones after; unassigned ones of my queues oldest first', () => {
    const list = myChats(
      [conv({ id: 'old', lastMessageAt: 1 }), conv({ id: 'closed', status: 'closed', closedBy: { kind: 'customer', id: null }, lastMessageAt: 9 }), conv({ id: 'new', lastMessageAt: 5 })],
      '1001',
    );
    expect(list.map((c) => c.id)).toEqual(['new', 'old', 'closed']);
    const waiting = unassignedChats(
      [conv({ id: 'b', agent: null, createdAt: 2 }), conv({ id: 'a', agent: null, createdAt: 1 }), conv({ id: 'other', agent: null, queue: 'q9' }), conv({ id: 'solved', agent: null, status: 'solved' })],
      ['q1'],
    );
    expect(waiting.map((c) => c.id)).toEqual(['a', 'b']);
    expect(chatFigures([conv({ unread: 2 }), conv({ id: 'x', agent: null })], '1001', ['q1'], (q) => (q === 'q1' ? 7 : 0))).toEqual({ assigned: 1, unread: 2, waiting: 7 });
  });

  it('says why a chat came to me and how it closed', () => {
    expect(whyText(conv())).toBe('assigned automatically, 2 more chats of capacity left, workload 33%');
    expect(whyText(conv(), true)).toBe('automatic, 2 free, 33% load');
    expect(whyRows(conv({ channel: 'sms' }))).toContainEqual(['Capacity', '2 more chats on sms']);
    // The profile of an email counts emails.
    expect(whyRows(conv({ channel: 'email' }))).toContainEqual(['Capacity', '2 more emails']);
    expect(closureText(conv({ status: 'closed', closedBy: { kind: 'survey', id: null }, closedAt: 5, survey: { score: 9, comment: 'kind', at: 5 } }), () => '14:20')).toBe(
      'Closed by the survey at 14:20 (9/10: kind)',
    );
    expect(mapUrl(51.50722, -0.1276)).toBe('https://www.openstreetmap.org/?mlat=51.5072&mlon=-0.1276#map=12/51.5072/-0.1276');
  });
});

describe('emoji by shortcode', () => {
  it('turns a known shortcode into its emoji once closed, leaves unknown ones, and completes one being typed', () => {
    expect(replaceShortcodes('Thanks :smile: and :+1:')).toBe('Thanks 😄 and 👍');
    expect(replaceShortcodes('see :nosuchcode: at 10:30')).toBe('see :nosuchcode: at 10:30');
    expect(shortcodeMatches('thu').map(([code]) => code)).toEqual(['thumbsup', 'thumbsdown']);
    expect(completeShortcode('Great :thumbsu')).toBe('Great 👍');
    expect(completeShortcode('at 10:3')).toBeNull();
  });
});

describe('the message log', () => {
  const names = { me: '1001', agent: (id: string | null) => (id === '1002' ? 'Ben Okafor' : String(id)), clock: () => '', heading: () => '2026-01-04 · Support' };
  const text = (lines: ReturnType<typeof logLines>) => lines.map((l) => l.segments.map((s) => s.text).join(''));

  it('names authors, marks my messages sent or seen, lists attachments, and wraps under the text', () => {
    const lines = logLines(
      [
        {
          conversation: conv(),
          earlier: false,
          messages: [
            msg({ id: 'n', author: 'system', text: 'Conversation started in queue Support.' }),
            msg({ id: 'a', text: 'My parcel has not come and I would like to know where it is, please.', attachments: [{ id: 'f', name: 'receipt.pdf', size: 2048, type: 'application/pdf' }] }),
            msg({ id: 'b', author: 'agent', agent: '1001', text: 'Looking now.', seenAt: 5 }),
            msg({ id: 'c', author: 'agent', agent: '1002', text: 'Hi.' }),
            msg({ id: 'd', author: 'bot', text: 'Rate us.' }),
          ],
        },
      ],
      50,
      names,
    );
    const t = text(lines);
    expect(t[0]).toMatch(/^\d\d:\d\d · Conversation started in queue Support\.$/);
    expect(t[1]).toMatch(/^\d\d:\d\d Pat Jones: My parcel has not come and I$/);
    expect(t[2]).toMatch(/^ {6}would like to know where it is, please\.$/);
    expect(t[3]).toBe('      📎 receipt.pdf (2 KB)');
    expect(t[4]).toMatch(/You: Looking now\. ✓✓$/);
    expect(t[5]).toMatch(/Ben Okafor: Hi\. ✓$/);
    expect(t[6]).toMatch(/Assistant: Rate us\.$/);
    expect(t.every((line) => line.length <= 50)).toBe(true);
  });

  it('puts earlier conversations behind a heading above this one', () => {
    const t = text(
      logLines(
        [
          { conversation: conv({ id: 'old' }), earlier: true, messages: [msg({ id: 'x', conversation: 'old', text: 'Before' })] },
          { conversation: conv(), earlier: false, messages: [msg({ text: 'Now' })] },
        ],
        40,
        names,
      ),
    );
    expect(t[0]).toBe(`── Earlier: 2026-01-04 · Support ${'─'.repeat(40 - 33)}`);
    expect(t[1]).toMatch(/Pat Jones: Before$/);
    expect(t[2]).toMatch(/^── This conversation ─+$/);
    expect(t[3]).toMatch(/Pat Jones: Now$/);
  });

  it('says above a log the server sent only the latest of how many earlier messages are not shown', () => {
    const t = text(logLines([{ conversation: conv(), earlier: false, omitted: 1204, messages: [msg({ text: 'Latest' })] }], 80, names));
    expect(t[0]).toBe('· 1,204 earlier messages are not shown: the conversation is too long to load whole.');
    expect(t[1]).toMatch(/Pat Jones: Latest$/);
    expect(text(logLines([{ conversation: conv(), earlier: false, omitted: 0, messages: [msg({ text: 'All' })] }], 80, names))).toHaveLength(1);
  });
});

describe('attaching files', () => {
  it("says the server's sentence for a file over 20 MB, and reads ~ and relative paths as a shell does", () => {
    expect(tooLargeSentence('big.bin', 21 * 1024 * 1024)).toBe('big.bin is 21.0 MB; files are limited to 20 MB each.');
    expect(expandPath('notes.txt', '/home/ava')).toBe('/home/ava/notes.txt');
    expect(expandPath('~/x.pdf')).toMatch(/\/x\.pdf$/);
  });
});
