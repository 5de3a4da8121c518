import type { CampaignStrategy, CatalogAgent } from './catalog.js';
import type { CommandName } from './commands.js';
import type { ConversationRow } from './conversation-rows.js';
import type { Agent, AgentChat, AlertList, Ban, Call, CampaignStats, CannedResponse, Conversation, DispositionRecord, Lead, Message, MessagingQueueStats, QueueStats, Signature } from './model.js';
import type { Snapshot } from './snapshot.js';
import type { Contact, ContactRef } from './contacts.js';

/** session.check: who the agent is and what they may log in to (the Agent Login Window). */
export interface CheckResult {
  agent: { number: string; name: string; role: 'agent' | 'supervisor' };
  device: 'deskphone' | 'softphone';
  loggedIn: boolean;
  voiceQueues: Array<{ number: string; name: string }>;
  messagingQueues: Array<{ id: string; name: string; channels: string[] }>;
  campaigns: Array<{ id: string; name: string; strategy: CampaignStrategy }>;
}

/** Whose session a resumed connection is (never its token). */
export interface SessionOwner {
  agent: string;
  sessionId: string;
  supervisor: boolean;
}

/** A conversation and its whole log. */
export interface ConversationLog {
  conversation: Conversation;
  messages: Message[];
  /** Messages before these left out: a log too long for one answer comes as its latest (core/messaging/log-budget.ts). */
  omitted: number;
}

/**
 * What each command answers on the wire: the `result` of its ok frame. The
 * handler table (core/commands/index.ts) is typed against it, so a handler
 * that answers something else does not compile, and the client's `send`
 * returns it for each command, so a caller needs no cast.
 */
export interface CommandResults {
  'session.check': CheckResult;
  /** The gateway adds the login snapshot to the handler's answer. */
  /** expiresAt: when the token stops working, unless a resume slides it on (a panel keeping it to log in by itself needs it). */
  'session.login': { token: string; expiresAt: number; agent: Agent; joined: boolean; snapshot: Snapshot };
  /** The gateway answers with the replay count, or a snapshot when the client was too far behind. */
  'session.resume': { resumed: true; replayed: number; principal: SessionOwner; expiresAt: number; snapshot?: Snapshot };
  /** hungUp: the calls ended (or ringing offers turned down) first, when asked to. */
  'session.logout': { loggedOut: boolean; hungUp: number };
  'device.retry': { agent: Agent };
  'agent.pause': { agent: Agent };
  'agent.unpause': { agent: Agent };
  'call.answer': { call: Call };
  'call.hold': { call: Call };
  'call.resume': { call: Call };
  /** A ringing call turned down answers `declined`. */
  'call.hangup': { call: Call; declined?: undefined } | { declined: boolean; call?: undefined };
  'call.transfer': { call: Call; transferredTo?: string };
  'call.dial': { call: Call };
  'disposition.submit': { message: string; call: Call; completed: boolean; disposition: DispositionRecord; lead: Lead | null };
  'form.submit': { message: string; call: Call; completed: boolean };
  'alerts.configure': { alerts: AlertList };
  'alerts.clear': { alerts: AlertList };
  'agent.strategy': { agent: Agent };
  'dialer.next': { lead: Lead };
  'dialer.skip': { skipped: boolean };
  'dialer.dial': { call: Call };
  'lead.dispose': { message: string; lead: Lead };
  'leads.import': { campaign: string; imported: number; duplicates: number; invalid: Array<{ line: number; reason: string }> };
  'agentchat.send': { chat: AgentChat };
  'agentchat.seen': { chat: AgentChat | null };
  'agentchat.typing': { sent: boolean };
  'conversation.assign': { conversation: Conversation };
  'conversation.status': { conversation: Conversation };
  'conversation.subject': { conversation: Conversation };
  'conversation.transfer': { conversation: Conversation; warning: string | null };
  'conversation.close': { conversation: Conversation };
  'conversation.hide': { conversation: Conversation };
  'conversation.seen': { marked: number };
  'conversation.typing': { sent: boolean };
  'conversation.messages': ConversationLog;
  'conversation.history': { conversations: ConversationLog[] };
  'message.send': { message: Message; conversation: Conversation };
  'message.template': { message: Message; conversation: Conversation };
  'ban.customer': { ban: Ban; message: string };
  'ban.address': { ban: Ban; message: string };
  'ban.lift': { message: string };
  'canned.create': { canned: CannedResponse };
  'canned.update': { canned: CannedResponse };
  'canned.delete': { deleted: string };
  'signature.create': { signature: Signature };
  'signature.update': { signature: Signature };
  'signature.delete': { deleted: string };
  /** One page of the Active or Closed list, with the total of the whole filtered list. */
  'conversations.list': { total: number; offset: number; rows: ConversationRow[] };
  /** The agents the view now follows, as they are, with their directory rows (name, queues, capacity). */
  'roster.subscribe': RosterAnswer;
  'roster.unsubscribe': Record<string, never>;
  /** The figures the view now follows, as they are. */
  'stats.subscribe': StatsAnswer;
  'stats.unsubscribe': Record<string, never>;
  /** The directory rows (names, queues) of the agents asked for that exist. */
  'directory.lookup': { directory: CatalogAgent[] };
  'contact.create': { contact: Contact };
  'contact.update': { contact: Contact };
  /** unlinked: conversations and calls that were linked to it (they stay, unlinked). */
  'contact.delete': { deleted: string; unlinked: number };
  /** links: conversations and calls linked to it. */
  'contact.get': { contact: Contact; links: number };
  /** Linked conversations and calls the agent may see, newest first. */
  'contact.history': { total: number; offset: number; rows: ConversationRow[] };
  /** moved: conversations and calls that now link to the merged contact. */
  'contact.merge': { contact: Contact; moved: number; removed: string };
  'contact.link': { contact: ContactRef };
  'contact.unlink': { unlinked: string };
  'contacts.search': { total: number; offset: number; rows: Contact[] };
  'contacts.suggest': { contacts: Contact[] };
  'contacts.watch': { watching: number };
  'contacts.import': { imported: number; duplicates: Array<{ line: number; reason: string }>; invalid: Array<{ line: number; reason: string }> };
  /** A chat's Conversation History: the same customer's closed conversations (and its contact's calls), newest first. */
  'conversation.pastHistory': { total: number; offset: number; rows: ConversationRow[] };
  'sys.ping': { pong: boolean; serverTime: number };
}

export interface RosterAnswer {
  agents: Agent[];
  directory: CatalogAgent[];
}

export interface StatsAnswer {
  queueStats: QueueStats[];
  mqueueStats: MessagingQueueStats[];
  campaignStats: CampaignStats[];
}

export type CommandResult<C extends CommandName> = CommandResults[C];

// Every command has its result, and no result is for a command that does not exist.
const everyCommandAnswers: [Exclude<CommandName, keyof CommandResults>, Exclude<keyof CommandResults, CommandName>] extends [never, never] ? true : false = true;
void everyCommandAnswers;
