import type { Conversation, Message } from '../../core/protocol/model.js';
import { CAME_LATE_MS, messageOrderAt } from '../../core/protocol/message-order.js';
import { clockWidth, timeOfDay, wrapLines } from '../../ui/format.js';
import { customerLabel, sizeText, SURVEY_SENDER } from './chats.js';
import { deliveryMark, sentFromLabel } from './delivery.js';
import { foldQuoted } from '../email/quoted.js';

export type Tone = 'customer' | 'agent' | 'bot' | 'system' | 'muted' | 'seen' | 'heading' | 'warning' | 'danger';

export interface Segment {
  text: string;
  tone?: Tone;
  bold?: boolean;
}

export interface LogLine {
  key: string;
  segments: Segment[];
}

export interface LogBlock {
  conversation: Conversation;
  messages: Message[];
  /** An earlier conversation with the same customer (conversation.history). */
  earlier: boolean;
  /** Messages before these the server did not send (a log too long for one answer). */
  omitted?: number;
}

export interface LogNames {
  me: string;
  agent(id: string | null): string;
  clock(at: number): string;
  /** "2026-05-01 14:02 · Support Chat · Closed by the survey" for an earlier conversation's heading. */
  heading(c: Conversation): string;
  /** Emails: show the quoted history their mail programs added (folded otherwise). */
  showQuoted?: boolean;
  /** The agent's key that shows it (email.quoted), named under a folded email; none while it does not work (the reply box has the keys). */
  quotedKey?: string | null;
}

/** Said above a log the server sent only the latest of. */
export function omittedText(n: number): string {
  return `· ${n.toLocaleString('en-US')} earlier ${n === 1 ? 'message is' : 'messages are'} not shown: the conversation is too long to load whole.`;
}

/** Continuation lines start under the text, after the time ("14:02 ", "2:02 PM "). */
const indent = () => clockWidth() + 1;

/**
 * The message log as lines of a given width: customer, agent, bot and system
 * messages styled apart (and told apart without colour: names in bold,
 * notices behind a "·", the bot named SURVEY_SENDER), our messages with their
 * delivery marks (delivery.ts; a reply written in Facebook's own tools is
 * "Sent from Facebook"), a template's name, attachments listed under their
 * message, and earlier
 * conversations with the same customer behind a heading. Pure, so the view
 * draws only the lines that fit.
 */
export function logLines(blocks: LogBlock[], width: number, names: LogNames): LogLine[] {
  const out: LogLine[] = [];
  const room = Math.max(10, width - indent());
  for (const block of blocks) {
    if (block.earlier) out.push({ key: `h-${block.conversation.id}`, segments: [{ text: fitRule(`── Earlier: ${names.heading(block.conversation)} `, width), tone: 'heading', bold: true }] });
    else if (blocks.some((b) => b.earlier)) out.push({ key: `h-${block.conversation.id}`, segments: [{ text: fitRule('── This conversation ', width), tone: 'heading', bold: true }] });
    if (block.omitted) out.push({ key: `o-${block.conversation.id}`, segments: [{ text: omittedText(block.omitted), tone: 'muted' }] });
    for (const m of block.messages) out.push(...messageLines(m, room, names, customerLabel(block.conversation)));
  }
  return out;
}

function fitRule(text: string, width: number): string {
  return text.length >= width ? text.slice(0, width) : text + '─'.repeat(width - text.length);
}

function messageLines(m: Message, room: number, names: LogNames, customer: string): LogLine[] {
  const margin = indent();
  // A late customer message is shown where and when its customer sent it.
  const time = timeOfDay(messageOrderAt(m)).padEnd(margin);
  if (m.author === 'system') {
    return wrapLines(m.text.split('\n'), room - 2).map((line, i) => ({
      key: `${m.id}-${i}`,
      segments: [
        { text: i === 0 ? time : ' '.repeat(margin), tone: 'muted' },
        { text: `${i === 0 ? '· ' : '  '}${line}`, tone: 'system' },
      ],
    }));
  }
  const tone: Tone = m.author === 'customer' ? 'customer' : m.author === 'agent' ? 'agent' : 'bot';
  const label = m.author === 'bot' ? SURVEY_SENDER : m.author === 'agent' ? (sentFromLabel(m) ?? (m.agent === names.me ? 'You' : names.agent(m.agent))) : customer;
  const delivery = m.author === 'agent' || (m.author === 'bot' && m.delivery) ? deliveryMark(m) : null;
  const template = m.template ? ` [template ${m.template.name}]` : '';
  const folded = m.mail && !names.showQuoted ? foldQuoted(m.text) : { body: m.text, quotedLines: 0 };
  // Our messages keep room for their mark.
  const wrapped = wrapLines(`${label}:${template} ${folded.body}`.split('\n'), delivery ? room - 1 - [...delivery.mark].length : room);
  const lines: LogLine[] = wrapped.map((line, i) => {
    const segments: Segment[] = [{ text: i === 0 ? time : ' '.repeat(margin), tone: 'muted' }];
    if (i === 0 && line.startsWith(`${label}:`)) {
      segments.push({ text: `${label}:`, tone, bold: true });
      const rest = line.slice(label.length + 1);
      if (template && rest.startsWith(template)) segments.push({ text: template, tone: 'muted' });
      segments.push({ text: template && rest.startsWith(template) ? rest.slice(template.length) : rest, tone: m.author === 'bot' ? 'bot' : undefined });
    } else segments.push({ text: line, tone: m.author === 'bot' ? 'bot' : undefined });
    return { key: `${m.id}-${i}`, segments };
  });
  const note = (key: string, text: string, tone: Tone = 'muted') => {
    for (const [i, line] of wrapLines([text], room).entries()) lines.push({ key: `${m.id}-${key}${i}`, segments: [{ text: ' '.repeat(margin) }, { text: line, tone }] });
  };
  if (m.sentAt !== undefined && m.at - m.sentAt >= CAME_LATE_MS) note('late', `↳ came late: it reached us at ${timeOfDay(m.at)}`);
  if (folded.quotedLines > 0) note('q', `▸ ${folded.quotedLines} line${folded.quotedLines === 1 ? '' : 's'} of quoted history${names.quotedKey ? ` (${names.quotedKey} shows)` : ''}`);
  for (const [n, a] of m.attachments.entries()) {
    lines.push({ key: `${m.id}-a${n}`, segments: [{ text: ' '.repeat(margin) }, { text: `📎 ${a.name} (${sizeText(a.size)})`, tone: 'muted' }] });
  }
  // Our mark goes after the message and its files, before the notes under it.
  const markLine = lines[lines.length - 1]!;
  if (m.mail) {
    if (m.mail.cc.length) note('cc', `Cc: ${m.mail.cc.join(', ')}`);
    if (m.mail.bcc?.length) note('bcc', `Bcc: ${m.mail.bcc.join(', ')}`);
    if (m.mail.automatic) note('auto', `⚙ Sent by a machine (${m.mail.automatic}): it reopens and assigns nothing.`);
    for (const [n, d] of (m.mail.dropped ?? []).entries()) note(`d${n}`, `⚠ ${d}`, 'danger');
  }
  if (delivery) {
    markLine.segments.push({ text: ` ${delivery.mark}`, tone: delivery.tone, bold: delivery.bold });
    if (delivery.note)
      wrapLines(delivery.note.split('\n'), room - 2).forEach((line, i) =>
        lines.push({ key: `${m.id}-d${i}`, segments: [{ text: ' '.repeat(margin) }, { text: `${i === 0 ? '⚠ ' : '  '}${line}`, tone: delivery.tone === 'danger' ? 'danger' : 'warning' }] }),
      );
  }
  return lines;
}
