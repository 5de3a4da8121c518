import type { z } from 'zod';
import type { HandlerContext, Principal } from '../context.js';
import { commandSchemas, type CommandName } from '../protocol/commands.js';
import type { CommandResults } from '../protocol/results.js';
import { pause, unpause } from './agent.js';
import { checkLogin, login, logout, resume } from './session.js';
import { answer, hangup, hold, resume as resumeCall } from '../calls/lifecycle.js';
import { transfer } from '../calls/transfer.js';
import { retryDevice } from '../calls/device-unreachable.js';
import { dial } from '../calls/dial.js';
import { submitDisposition, submitForm } from '../calls/dispose.js';
import { clearAlerts, configureAlerts } from '../alerts.js';
import { chooseStrategy } from '../dialer/blended.js';
import { dial as dialLead, next as nextLead, skip as skipLead } from '../dialer/preview.js';
import { importLeads } from '../dialer/import.js';
import { redispose } from '../dialer/redispose.js';
import * as chat from '../messaging/commands.js';
import { listConversations } from '../messaging/list.js';
import { banAddress, banCustomer, unban } from '../messaging/bans.js';
import { sendTemplate } from '../messaging/templates.js';
import { createCanned, deleteCanned, updateCanned } from '../messaging/canned.js';
import { markAgentChatSeen, sendToAgent, typingToAgent } from '../agent-chat.js';
import { directoryRows, rosterOf, statsOf } from '../roster.js';
import * as contacts from '../contacts/commands.js';
import { contactHistory, pastConversations } from '../contacts/history.js';
import { mergeContacts } from '../contacts/merge.js';
import { importContacts } from '../contacts/import.js';
import type { LinkTarget } from '../protocol/contacts.js';

/** The conversation or call a command names (the schema checked there is exactly one). */
const target = (a: { conversation?: string; call?: string }): LinkTarget => (a.conversation !== undefined ? { conversation: a.conversation } : { call: a.call! });
import { createSignature, deleteSignature, updateSignature } from '../messaging/signatures.js';

type Parsed<C extends CommandName> = z.output<(typeof commandSchemas)[C]>;

/**
 * What a handler answers: the command's result on the wire (protocol/results.ts),
 * but for the two the gateway completes (login's snapshot; resume's replay, from
 * the principal the handler proved).
 */
type HandlerResults = Omit<CommandResults, 'session.login' | 'session.resume'> & {
  'session.login': Omit<CommandResults['session.login'], 'snapshot'>;
  'session.resume': { principal: Principal; expiresAt: number };
};

/**
 * What each protocol command does. `public` commands run without a logged-in
 * agent; the rest receive the caller's principal, checked by the engine.
 */
export type CommandSpec<C extends CommandName> =
  | { public: true; handle: (ctx: HandlerContext, args: Parsed<C>) => HandlerResults[C] }
  | {
      public?: false;
      supervisorOnly?: boolean;
      /**
       * A view's first answer (roster, figures): a read, never kept, run once
       * its group is committed so that it holds what the group's events told
       * (engine.ts submit); the gateway follows the view's changes from there.
       */
      view?: true;
      handle: (ctx: HandlerContext, args: Parsed<C>, who: Principal) => HandlerResults[C];
    };

export const COMMANDS: { [C in CommandName]: CommandSpec<C> } = {
  'session.check': { public: true, handle: checkLogin },
  'session.login': { public: true, handle: login },
  'session.resume': { public: true, handle: resume },
  'session.logout': { handle: (ctx, args, who) => logout(ctx, who, args) },
  'agent.pause': { handle: (ctx, args, who) => pause(ctx, who, args.reason) },
  'agent.unpause': { handle: (ctx, _args, who) => unpause(ctx, who) },
  'device.retry': { handle: (ctx, _args, who) => retryDevice(ctx, who) },
  'call.answer': { handle: (ctx, a, who) => answer(ctx, who, a.callId) },
  'call.hold': { handle: (ctx, a, who) => hold(ctx, who, a.callId) },
  'call.resume': { handle: (ctx, a, who) => resumeCall(ctx, who, a.callId) },
  'call.hangup': { handle: (ctx, a, who) => hangup(ctx, who, a.callId) },
  'call.transfer': { handle: (ctx, a, who) => transfer(ctx, who, a.callId, a) },
  'call.dial': { handle: (ctx, a, who) => dial(ctx, who, a.to) },
  'disposition.submit': { handle: (ctx, a, who) => submitDisposition(ctx, who, a) },
  'form.submit': { handle: (ctx, a, who) => submitForm(ctx, who, a.callId, a.values) },
  'alerts.configure': { handle: (ctx, a, who) => configureAlerts(ctx, who, a) },
  'alerts.clear': { handle: (ctx, _a, who) => clearAlerts(ctx, who) },
  'agent.strategy': { handle: (ctx, a, who) => chooseStrategy(ctx, who, a.strategy, a.campaign) },
  'dialer.next': { handle: (ctx, _a, who) => nextLead(ctx, who) },
  'dialer.skip': { handle: (ctx, _a, who) => skipLead(ctx, who) },
  'dialer.dial': { handle: (ctx, a, who) => dialLead(ctx, who, a.leadId) },
  'lead.dispose': { handle: (ctx, a, who) => redispose(ctx, who, a) },
  'leads.import': { supervisorOnly: true, handle: (ctx, a) => importLeads(ctx, a.campaign, a.rows) },
  'agentchat.send': { handle: (ctx, a, who) => ({ chat: sendToAgent(ctx, who, a.to, a.text) }) },
  'agentchat.seen': { handle: (ctx, a, who) => ({ chat: markAgentChatSeen(ctx, who, a.with) }) },
  'agentchat.typing': { handle: (ctx, a, who) => typingToAgent(ctx, who, a.to, a.typing) },
  'conversation.assign': { handle: (ctx, a, who) => chat.assignToMe(ctx, who, a.id) },
  'conversation.status': { handle: (ctx, a, who) => chat.setStatus(ctx, who, a.id, a.status) },
  'conversation.subject': { handle: (ctx, a, who) => chat.setSubject(ctx, who, a.id, a.subject) },
  'conversation.transfer': { handle: (ctx, a, who) => chat.transfer(ctx, who, a.id, a) },
  'conversation.close': { handle: (ctx, a, who) => chat.closeByAgent(ctx, who, a.id) },
  'conversation.hide': { handle: (ctx, a, who) => chat.hide(ctx, who, a.id) },
  'conversation.seen': { handle: (ctx, a, who) => chat.markSeen(ctx, who, a.id) },
  'conversation.typing': { handle: (ctx, a, who) => chat.agentTyping(ctx, who, a.id, a.typing) },
  'conversation.messages': { handle: (ctx, a, who) => chat.messagesOf(ctx, who, a.id) },
  'conversation.history': { handle: (ctx, a, who) => chat.historyOf(ctx, who, a.id) },
  'message.send': { handle: (ctx, a, who) => chat.send(ctx, who, a.conversation, a.text, a.attachments ?? [], { cc: a.cc, bcc: a.bcc, signature: a.signature }) },
  'message.template': { handle: (ctx, a, who) => sendTemplate(ctx, who, a.conversation, a.name, a.language, a.params) },
  'ban.customer': { handle: (ctx, a, who) => banCustomer(ctx, who, a.conversation, a.hours, a.reason) },
  'ban.address': { supervisorOnly: true, handle: (ctx, a, who) => banAddress(ctx, who, a.ip, a.hours, a.reason) },
  'ban.lift': { handle: (ctx, a, who) => unban(ctx, who, a.ip) },
  'canned.create': { supervisorOnly: true, handle: (ctx, a, who) => createCanned(ctx, who, a) },
  'canned.update': { supervisorOnly: true, handle: (ctx, a) => updateCanned(ctx, a.id, a) },
  'canned.delete': { supervisorOnly: true, handle: (ctx, a) => deleteCanned(ctx, a.id) },
  'signature.create': { handle: (ctx, a, who) => createSignature(ctx, who, a) },
  'signature.update': { handle: (ctx, a, who) => updateSignature(ctx, who, a.id, a) },
  'signature.delete': { handle: (ctx, a, who) => deleteSignature(ctx, who, a.id) },
  'conversations.list': { handle: (ctx, a, who) => listConversations(ctx, who, a) },
  // The gateway keeps what a view follows, per connection, once the answer is given.
  'roster.subscribe': { view: true, handle: (ctx, a, who) => rosterOf(ctx, who, a) },
  'roster.unsubscribe': { handle: () => ({}) },
  'stats.subscribe': { view: true, handle: (ctx, a) => statsOf(ctx, a) },
  'stats.unsubscribe': { handle: () => ({}) },
  'directory.lookup': { handle: (ctx, a) => directoryRows(ctx, a) },
  'contact.create': { handle: (ctx, { link, ...input }, who) => contacts.createContact(ctx, who, input, link ? target(link) : undefined) },
  'contact.update': { handle: (ctx, { id, ...input }, who) => contacts.updateContact(ctx, who, id, input) },
  'contact.delete': { handle: (ctx, a, who) => contacts.deleteContact(ctx, who, a.id) },
  'contact.get': { handle: (ctx, a) => contacts.getContact(ctx, a.id) },
  'contact.history': { handle: (ctx, a, who) => contactHistory(ctx, who, a) },
  'contact.merge': { handle: (ctx, a, who) => mergeContacts(ctx, who, a.primary, a.other, a) },
  'contact.link': { handle: (ctx, a, who) => contacts.linkContact(ctx, who, a.id, target(a)) },
  'contact.unlink': { handle: (ctx, a, who) => contacts.unlinkContact(ctx, who, target(a)) },
  'contacts.search': { handle: (ctx, a) => contacts.searchContacts(ctx, a) },
  'contacts.suggest': { handle: (ctx, a, who) => contacts.suggestContacts(ctx, who, target(a)) },
  'contacts.watch': { handle: (ctx, a, who) => contacts.watchContacts(ctx, who, a.ids) },
  'contacts.import': { supervisorOnly: true, handle: (ctx, a, who) => importContacts(ctx, who.agent, a.rows) },
  'conversation.pastHistory': { handle: (ctx, a, who) => pastConversations(ctx, who, a) },
  'sys.ping': { public: true, handle: (ctx) => ({ pong: true, serverTime: ctx.clock.now() }) },
};
