import type { ClientStore } from '../client/store.js';
import type { JournaledCommand, LateAnswer } from '../client/session.js';
import type { Call, Conversation } from '../core/protocol/model.js';
import type { CommandResult } from '../core/protocol/results.js';
import { callerLabel } from './calls/calls.js';
import { customerLabel } from './chats/chats.js';
import { lines } from '../client/contact-import.js';

/** What the words may look up: the call, conversation or colleague a command names by id only. */
export type LateLookup = Pick<ClientStore, 'get' | 'agentName'>;

type Words = (answer: LateAnswer, known: LateLookup) => string;

const arg = (answer: LateAnswer, name: string): string => String(answer.args[name] ?? '');
/** The server's answer, when it took the command (it names the call or conversation as it is now). */
const result = <C extends JournaledCommand>(answer: LateAnswer, _cmd: C): Partial<CommandResult<C>> => (answer.ok ? ((answer.result ?? {}) as CommandResult<C>) : {});

/** "the call from Kira Brandt": by the answer's call, else the one the panel knows by id; "a call" once neither does. */
function theCall(answer: LateAnswer, known: LateLookup, idArg = 'callId'): string {
  const call = ((answer.ok ? (answer.result as { call?: Call } | null)?.call : undefined) ?? known.get('call', arg(answer, idArg))) as Call | undefined;
  if (!call) return 'a call';
  return call.direction === 'outbound' ? `the call to ${callerLabel(call)}` : `the call from ${callerLabel(call)}`;
}

/** "the conversation with Kenji Novak", as theCall. */
function theConversation(answer: LateAnswer, known: LateLookup, idArg = 'id'): string {
  const conversation = ((answer.ok ? (answer.result as { conversation?: Conversation } | null)?.conversation : undefined) ??
    known.get('conversation', arg(answer, idArg))) as Conversation | undefined;
  return conversation ? `the conversation with ${customerLabel(conversation)}` : 'a conversation';
}

/** A colleague by name where the panel knows it, else by number. */
const colleague = (known: LateLookup, id: string): string => known.agentName(id) ?? id;

/** Where a transfer went: a queue, a colleague or a number. */
function transferTarget(answer: LateAnswer, known: LateLookup): string {
  if (answer.args.agent !== undefined) return colleague(known, arg(answer, 'agent'));
  return arg(answer, 'queue') || arg(answer, 'number');
}

/** A contact as the agent typed it (first and last name). */
const contactName = (answer: LateAnswer): string => [arg(answer, 'firstName'), arg(answer, 'lastName')].filter(Boolean).join(' ') || 'a contact';

/** The file's lines a part of an upload carried. */
const uploadLines = (answer: LateAnswer): string => lines(Array.isArray(answer.args.rows) ? (answer.args.rows as Array<{ line: number }>) : []);

/**
 * Each command the journal can hold, in a few words as the agent would name
 * it ("hold on the call from Kira Brandt"): the late-answer notice says them
 * after a reconnect or the next login, when the agent may not remember what
 * was kept. A command id ("call.hold") told them nothing. Keyed by
 * JournaledCommand, so a new journaled command without words does not build.
 */
export const LATE_WORDS: Record<JournaledCommand, Words> = {
  'agent.pause': (a) => `pause (${arg(a, 'reason')})`,
  'agent.unpause': () => 'unpause',
  'agent.strategy': (a) => `working mode ${arg(a, 'strategy')}${a.args.campaign ? ` on ${arg(a, 'campaign')}` : ''}`,
  'device.retry': () => 'your phone tried again',
  'call.answer': (a, k) => `answer of ${theCall(a, k)}`,
  'call.hold': (a, k) => `hold on ${theCall(a, k)}`,
  'call.resume': (a, k) => `${theCall(a, k)} taken off hold`,
  'call.hangup': (a, k) => `hang-up of ${theCall(a, k)}`,
  'call.transfer': (a, k) => `transfer of ${theCall(a, k)} to ${transferTarget(a, k)}`,
  'call.dial': (a) => `your call to ${arg(a, 'to')}`,
  'disposition.submit': (a, k) => {
    const name = result(a, 'disposition.submit').disposition?.name ?? (arg(a, 'code') || arg(a, 'hotkey'));
    return `disposition ${name} for ${theCall(a, k)}`;
  },
  'form.submit': (a, k) => `the call form for ${theCall(a, k)}`,
  'alerts.configure': () => 'your voice alert settings',
  'alerts.clear': () => 'your voice alerts cleared',
  'dialer.next': () => 'the next lead asked for',
  'dialer.skip': () => 'the lead skipped',
  'dialer.dial': (a, k) => `dialling ${a.ok ? theCall(a, k) : 'the lead'}`,
  'lead.dispose': (a) => {
    const lead = result(a, 'lead.dispose').lead;
    return `disposition ${arg(a, 'code') || arg(a, 'hotkey')} for the lead${lead ? ` ${lead.name || lead.phone}` : ''}`;
  },
  'leads.import': (a) => `leads for ${arg(a, 'campaign')}, ${uploadLines(a)} of an upload`,
  'contacts.import': (a) => `contacts, ${uploadLines(a)} of an upload`,
  'conversation.assign': (a, k) => `${theConversation(a, k)} taken`,
  'conversation.status': (a, k) => `${theConversation(a, k)} marked ${arg(a, 'status')}`,
  'conversation.subject': (a, k) => `the subject of ${theConversation(a, k)}`,
  'conversation.transfer': (a, k) => `transfer of ${theConversation(a, k)} to ${transferTarget(a, k)}`,
  'conversation.close': (a, k) => `${theConversation(a, k)} closed`,
  'conversation.hide': (a, k) => `${theConversation(a, k)} hidden`,
  'conversation.seen': (a, k) => `${theConversation(a, k)} marked read`,
  'message.send': (a, k) => `your message in ${theConversation(a, k, 'conversation')}`,
  'message.template': (a, k) => `template ${arg(a, 'name')} in ${theConversation(a, k, 'conversation')}`,
  'agentchat.send': (a, k) => `your message to ${colleague(k, arg(a, 'to'))}`,
  'agentchat.seen': (a, k) => `messages from ${colleague(k, arg(a, 'with'))} marked read`,
  'signature.create': (a) => `new signature ${arg(a, 'name')}`,
  'signature.update': (a) => `signature ${arg(a, 'name')} changed`,
  'signature.delete': () => 'a signature deleted',
  'canned.create': (a) => `new canned response ${arg(a, 'title')}`,
  'canned.update': (a) => `canned response ${arg(a, 'title')} changed`,
  'canned.delete': () => 'a canned response deleted',
  'ban.customer': (a, k) => `ban of the customer of ${theConversation(a, k, 'conversation')}`,
  'ban.address': (a) => `ban of ${arg(a, 'ip')}`,
  'ban.lift': (a) => `ban of ${arg(a, 'ip')} lifted`,
  'contact.create': (a) => `new contact ${contactName(a)}`,
  'contact.update': (a) => `contact ${contactName(a)} changed`,
  'contact.delete': () => 'a contact deleted',
  'contact.merge': () => 'two contacts merged',
  'contact.link': (a, k) => (a.args.call ? `${theCall(a, k, 'call')} linked to a contact` : `${theConversation(a, k, 'conversation')} linked to a contact`),
  'contact.unlink': (a, k) => (a.args.call ? `${theCall(a, k, 'call')} unlinked from its contact` : `${theConversation(a, k, 'conversation')} unlinked from its contact`),
};

/** The action in a few words; a command this panel has no words for (a journal written by a newer version) by its id. */
export function lateWords(answer: LateAnswer, known: LateLookup): string {
  const words = (LATE_WORDS as Record<string, Words | undefined>)[answer.cmd];
  return words ? words(answer, known) : answer.cmd;
}
