/**
 * The entities the core keeps. Events carry a whole entity after each change,
 * so every type here is also what a client store holds.
 */

export type AgentStatus = 'logged-out' | 'available' | 'paused';
export type AgentActivity = 'idle' | 'ringing' | 'on-call' | 'wrap-up' | 'previewing';

declare const byStateMachine: unique symbol;
/**
 * An agent's status or activity as the state machines (core/state/agent-machines.ts)
 * made it. It reads as the plain word; but a plain word is not one, so no code
 * but the state machines can write an agent's status or activity, and every
 * change goes through their transition tables.
 */
export type MachineState<S extends string> = S & { readonly [byStateMachine]: true };
export type Strategy = 'inbound' | 'outbound' | 'blended';
export type WorkingMode = 'inbound' | 'outbound';
export type Device = 'deskphone' | 'softphone';
export type Role = 'agent' | 'supervisor';

export interface AgentSession {
  id: string;
  strategy: Strategy;
  /** What the agent works on right now; blended agents move between the two. */
  mode: WorkingMode;
  device: Device;
  campaign: string | null;
  voiceQueues: string[];
  messagingQueues: string[];
  loginAt: number;
  address: string;
  /** Why a blended agent works the mode it does ("Support: 0 idle of min 2"). */
  modeReason: string | null;
  /** Shown under the campaign label, e.g. when the agent was removed from it while online. */
  campaignWarning: string | null;
}

export interface Agent {
  id: string;
  name: string;
  role: Role;
  status: MachineState<AgentStatus>;
  statusSince: number;
  pauseReason: string | null;
  activity: MachineState<AgentActivity>;
  activitySince: number;
  session: AgentSession | null;
  /** Queue calls answered this session (fewest-calls strategy, Agents tab). */
  callsAnswered: number;
  /** Offers missed in a row; reset by an answer. Too many pauses the agent ("No answer"). */
  missedOffers: number;
  /** Offers declined in a row (the agent's choice, not a missed offer); reset by an answer. Absent: none. */
  declinedOffers?: number;
  /** Wrap-up lasts at least until then, whatever else is done. */
  wrapUpUntil: number | null;
  /** Active conversations per kind and workload %, for the Agents dashboard. */
  load: AgentLoad;
  /** Whether the agent's deskphone is registered (null: not known, e.g. the simulator). */
  deviceRegistered?: { registered: boolean; detail: string | null; at: number } | null;
  /** The agent's phone could not be reached when last offered a call (calls/device-unreachable.ts); null once it works. */
  deviceUnreachable?: DeviceUnreachable | null;
}

/**
 * An agent's phone that is not there (telephony said `unreachable`: no
 * answer at all, 503, a transport failure), as opposed to one that rang and
 * was not answered (a missed offer). Offers skip the agent until `waitUntil`.
 */
export interface DeviceUnreachable {
  /** Why, in words the agent can act on (e.g. "SIP 503 Service Unavailable"). */
  reason: string;
  /** The first failure of this run. */
  since: number;
  /** Failures in a row; each doubles the wait. */
  failures: number;
  /** No offer goes to the device before this; null: the next offer is the retry. */
  waitUntil: number | null;
}

export interface AgentLoad {
  calls: number;
  livechat: number;
  /** SMS, WhatsApp and Facebook. */
  messaging: number;
  email: number;
  workload: number;
}

export const NO_LOAD: AgentLoad = { calls: 0, livechat: 0, messaging: 0, email: 0, workload: 0 };

export type CallDirection = 'inbound' | 'outbound' | 'internal';
export type CallState = 'waiting' | 'ringing' | 'on-call' | 'on-hold' | 'ended';
export type ReleaseCause =
  | 'normal'
  | 'abandoned'
  | 'busy'
  | 'no-answer'
  | 'rejected'
  | 'failed'
  | 'transferred'
  | 'service-restart'
  /** An agent's phone was not there to ring (not a missed offer: the agent never heard it). */
  | 'unreachable';

/** An agent whose device is ringing for a call. */
export interface CallOffer {
  agent: string;
  leg: string;
  at: number;
}

export interface DispositionRecord {
  code: string;
  name: string;
  type: string;
  color: string;
  at: number;
  by: string;
}

export interface Call {
  id: string;
  direction: CallDirection;
  queue: string | null;
  campaign: string | null;
  /** The other party: the caller, the dialled number, or the other agent. */
  caller: { number: string; name: string | null };
  erg: string | null;
  postCallSurvey: boolean;
  state: CallState;
  customerLeg: string;
  agentLeg: string | null;
  agent: string | null;
  offers: CallOffer[];
  /** When the call entered its queue (or was placed). */
  arrivedAt: number;
  answeredAt: number | null;
  endedAt: number | null;
  endCause: ReleaseCause | null;
  holdStartedAt: number | null;
  holdMs: number;
  /** Completion rule: the call stays on the agent's list until these are submitted. */
  needsDisposition: boolean;
  needsForm: boolean;
  disposition: DispositionRecord | null;
  form: { values: Record<string, string | number | boolean>; at: number } | null;
  /** Where a transfer sent it, or where it came from. */
  transfer: { to: string; kind: 'queue' | 'agent' | 'number' } | null;
  transferredFrom: string | null;
  /** The queue the caller was answered in before a transfer. */
  transferredFromQueue: string | null;
  /** Latest telephony progress worth showing (e.g. transfer progress, failure reason). */
  progress: string | null;
  /** The agent who last let this call ring out: others are tried first. */
  lastMissedBy: string | null;
  /** Agents who declined this call, each not offered it again before `until` (acd/decline.ts). */
  declinedBy?: Array<{ agent: string; until: number }>;
  /** Offers of this call agents declined so far; the queue's `declined` figure advances with it. */
  declines?: number;
  /** Screen-pop page for this call, from the queue's URL template. */
  screenPopUrl: string | null;
  /** The other agent's call, for a call between two agents. */
  peerCall: string | null;
  /** The campaign lead this call dials. */
  lead: string | null;
  /** A recording that arrived while the call still owed its disposition or form (the call record takes it). */
  recording?: CallRecording | null;
  /** The contact the caller is (their number is the contact's, or an agent linked it); the record takes it. */
  contact?: import('./contacts.js').ContactRef | null;
}

/** A call's recording: a file the server keeps (GET /files/<fileId>). */
export interface CallRecording {
  fileId: string;
  seconds: number;
}

/**
 * An answered call once it has left the agent's list: its history, shown in
 * Conversations > Closed beside closed chats and emails. Made once, when the
 * call is removed; afterwards only its recording is linked in. The id is the
 * call's.
 */
export interface CallRecord {
  id: string;
  direction: CallDirection;
  queue: string | null;
  campaign: string | null;
  lead: string | null;
  agent: string;
  caller: { number: string; name: string | null };
  /** The Enhanced Ring Group the caller rang; absent on records kept before groups were recorded. */
  erg?: string | null;
  arrivedAt: number;
  answeredAt: number;
  endedAt: number;
  endCause: ReleaseCause | null;
  /** Answered to ended, less the time on hold. */
  talkMs: number;
  holdMs: number;
  /** Arrived (or placed) to answered. */
  waitMs: number;
  disposition: DispositionRecord | null;
  form: { values: Record<string, string | number | boolean>; at: number } | null;
  transfer: { to: string; kind: 'queue' | 'agent' | 'number' } | null;
  transferredFrom: string | null;
  transferredFromQueue: string | null;
  /** The agent's leg: the telephony side names a recording by it. */
  agentLeg: string | null;
  recording: CallRecording | null;
  /** The contact the call was linked to (see Call.contact). */
  contact?: import('./contacts.js').ContactRef | null;
}

export type LeadStatus = 'new' | 'dialing' | 'answered' | 'no-answer' | 'busy' | 'failed' | 'dropped' | 'disposed';

/** A person a campaign calls, imported from a lead list. */
export interface Lead {
  id: string;
  campaign: string;
  /** E.164. */
  phone: string;
  name: string;
  timeZone: string;
  /** Every other column of the import, shown to the agent. */
  fields: Record<string, string>;
  status: LeadStatus;
  attempts: number;
  lastDialAt: number | null;
  /** When the lead may be dialled next (retry, callback); null: not scheduled. */
  nextDialAt: number | null;
  /** A callback: for any agent, or for one (personal callback). */
  callback: { at: number; agent: string | null } | null;
  /** The agent previewing or talking to this lead now. */
  agent: string | null;
  disposition: DispositionRecord | null;
  /** Never dialled again: a final disposition, DNC, attempts used up. */
  closed: string | null;
  /** An abandoned call reached this lead then: the recall lock runs from it. */
  abandonedAt: number | null;
  /** Progressive: when the system dials by itself if the agent has not. */
  autoDialAt: number | null;
  order: number;
}

/** A number no campaign may dial. */
export interface DncEntry {
  id: string;
  addedAt: number;
  by: string;
  campaign: string | null;
}

/** A campaign's live figures for its status line. */
export interface CampaignStats {
  id: string;
  inFlight: number;
  leadsLeft: number;
  /** Live answers and drops per day (YYYY-MM-DD), for the rolling 30-day abandonment rate. */
  daily: Record<string, { live: number; abandoned: number }>;
  abandonRate: number;
  effectivePower: number;
  channelLimitReached: boolean;
}

/** An agent's voice alerts (MWT over threshold) and the settings that raise them. */
export interface AlertList {
  id: string;
  settings: { mwtThresholdMinutes: number; intervalMinutes: number; myQueuesOnly: boolean } | null;
  items: Array<{ id: string; at: number; queue: string; text: string }>;
  lastByQueue: Record<string, number>;
}

export interface QueueStats {
  id: string;
  /**
   * The centre's local day (dayKey) that answered, abandoned, declined and
   * the waits count: they start again from zero at its midnight.
   */
  day: string;
  waiting: number;
  /** Arrival time of the longest-waiting caller; the client draws MWT from it. */
  oldestWaitingSince: number | null;
  busy: number;
  idle: number;
  paused: number;
  loggedIn: number;
  answered: number;
  abandoned: number;
  /**
   * Offers of the queue's calls that agents declined (x, or the phone's busy
   * or reject): every decline counts, so a call two agents declined counts
   * two, and it still ends answered or abandoned.
   */
  declined: number;
  totalWaitMs: number;
  answeredWithinServiceLevel: number;
  /** Round-robin memory: the member offered a call last. */
  lastOffered: string | null;
}

/** A session token as kept: only its digest (Random.digest), so the store holds nothing a thief could log in with. */
export interface TokenRecord {
  /** digest(token), never the token itself. */
  id: string;
  agent: string;
  sessionId: string;
  expiresAt: number;
  /** Who holds it, as its login said (session.login's client); unset for a client that did not say, or a token older than it. */
  holder?: TokenHolder;
  /**
   * Set when the agent logged out (from any panel or script): the token works
   * no more, but is kept until it would have expired so that a panel coming
   * back with it is told why, not that the service was restarted.
   */
  loggedOut?: { at: number; by?: TokenHolder };
}

export type TokenHolder = 'panel' | 'script';

export type ConversationStatus = 'open' | 'waiting' | 'solved' | 'closed';
export type MessageAuthor = 'customer' | 'agent' | 'bot' | 'system';
export type ClosedBy = 'agent' | 'customer' | 'supervisor' | 'survey' | 'system' | 'ban';

export interface Customer {
  /** Stable identity across conversations: email, phone or the widget's visitor id. */
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  ip: string | null;
  geo: { lat: number; lon: number; city: string | null; country: string | null } | null;
  /** What a provider channel tells of the customer (the profile shows it); absent for live chat and email. */
  social?: SocialProfile;
}

/** A customer as SMS, WhatsApp or Facebook gives them. */
export interface SocialProfile {
  /** The name on their WhatsApp profile. */
  whatsappName?: string | null;
  /** Their name on Facebook, as the page sees it. */
  facebookName?: string | null;
  /** The Facebook page they wrote to. */
  page?: { id: string; name: string } | null;
  /** Facebook's page-scoped id for them: what the page answers to, and what a ban names. */
  pageScopedId?: string | null;
}

/** One transfer of a conversation, or its return to the queue when its agent went inactive. */
export interface Transfer {
  at: number;
  by: string;
  fromQueue: string;
  toQueue: string;
  fromAgent: string | null;
  toAgent: string | null;
  inactive?: InactiveReason;
}

/** How an agent went from active to inactive (the status-change assignment trigger). */
export type InactiveReason = 'logged-out' | 'disconnected' | 'paused';

/** Why a conversation went to the agent it did ("why this chat"). */
export interface AssignmentNote {
  rule: 'automatic' | 'manual' | 'returning-customer' | 'direct-transfer';
  at: number;
  by: string | null;
  /** The agent's free capacity on the channel and workload when it was assigned. */
  capacityLeft: number | null;
  workload: number | null;
}

export interface Conversation {
  id: string;
  channel: 'livechat' | 'email' | 'sms' | 'whatsapp' | 'facebook';
  queue: string;
  customer: Customer;
  subject: string;
  status: ConversationStatus;
  agent: string | null;
  createdAt: number;
  assignedAt: number | null;
  firstReplyAt: number | null;
  closedAt: number | null;
  closedBy: { kind: ClosedBy; id: string | null } | null;
  /** Solved with the survey on: waiting for the customer's answer. */
  surveyPending: boolean;
  survey: { score: number; comment: string; at: number } | null;
  /**
   * Transfers, and returns to the queue when the agent went inactive (`inactive` says how; `by` is that agent):
   * the latest TRANSFERS_KEPT (protocol/transfers.ts), the conversation travelling whole in every event about it.
   */
  transfers: Transfer[];
  /** Transfers older than those kept (absent: none). */
  transfersOmitted?: number;
  /** Every agent a transfer named, kept ones or not (absent until the first transfer): who may read it once closed. */
  participants?: string[];
  assignment: AssignmentNote | null;
  hiddenBy: string[];
  /** Customer messages the agent has not seen. */
  unread: number;
  lastMessageAt: number;
  /** The latest message's start (at most 300 characters): the conversation travels in every event about it. */
  preview: string;
  /** Where an email thread or a provider conversation lives outside (message id, thread id). */
  externalRef: string | null;
  /** When the customer last wrote, by the provider's send time where it states one (customer-sent-at.ts): WhatsApp's and Facebook's reply windows run from it (reply-window.ts). */
  customerAt?: number;
  /** When an agent last wrote: a customer who wrote after it is waiting for a reply (My Emails counts them). */
  agentAt?: number;
  /** The contact this conversation is linked to (Contacts > History); absent on conversations from before contacts. */
  contact?: import('./contacts.js').ContactRef | null;
  /** The closed conversation of the same thread this one continues (a reply to a closed email starts a new one). */
  follows?: string | null;
}

export interface Attachment {
  id: string;
  name: string;
  size: number;
  type: string;
}

export interface Message {
  id: string;
  conversation: string;
  author: MessageAuthor;
  /** The agent who wrote it, for agent messages. */
  agent: string | null;
  text: string;
  attachments: Attachment[];
  at: number;
  seenAt: number | null;
  /**
   * How far an outgoing message of a channel delivered by a provider (email,
   * SMS, WhatsApp, Facebook) has gone; absent for live chat and for what the
   * customer wrote.
   */
  delivery?: Delivery;
  /** The provider's id of the message (its Message-ID, wamid, mid or SID), in or out: how callbacks find it. */
  externalId?: string | null;
  /**
   * Written outside switchboard and only seen here (a page's reply from
   * Facebook's own tools, told by its echo): the panel says "Sent from
   * Facebook" instead of an agent's name. Never sent by us.
   */
  sentFrom?: 'facebook';
  /**
   * A customer's message whose provider states it was sent before it reached
   * us (`at`): a retried webhook, or one overtaken by a later one. The log is
   * in this order (messageOrderAt), and says when it came.
   */
  sentAt?: number;
  /** A WhatsApp template message: which one, and its parameters as sent. */
  template?: { name: string; language: string; params: string[] };
  /** An email's own headers as the panel shows them (email messages only). */
  mail?: MailMeta;
}

/**
 * What an email says about itself beyond its text: who it is from and to,
 * copies, the subject line, and why it is not an ordinary customer message
 * (an auto-reply, a delivery report, a mail that could not be read).
 */
export interface MailMeta {
  from: string;
  to: string[];
  cc: string[];
  /** Outgoing only: blind copies (never shown to the customer). */
  bcc?: string[];
  subject: string;
  /** Sent by a machine (Auto-Submitted, X-Autoreply, Precedence, a delivery report): it reopens, assigns and answers nothing. */
  automatic?: string | null;
  /** The MIME could not be read: the text is the raw mail as received (and the raw mail is attached). */
  unreadable?: string | null;
  /** Attachments not kept (over the size limit), in words. */
  dropped?: string[];
  /** The signature appended to an outgoing email, by name (null: none). */
  signature?: string | null;
}

/** The channels whose messages leave switchboard through a provider, and so through the outbox. */
export type ProviderChannel = 'email' | 'sms' | 'whatsapp' | 'facebook';

/** queued (in the outbox), sent (the provider took it), delivered, read; failed with the reason. */
export type DeliveryStatus = 'queued' | 'sent' | 'delivered' | 'read' | 'failed';

export interface Delivery {
  status: DeliveryStatus;
  /** In words: the relay's answer, the reason it waits or failed ("Relay refused: 550 No such user"). */
  detail: string | null;
  at: number;
}

/**
 * An outgoing message waiting for its provider (the durable outbox). Written
 * in the same transaction as the message, so an acknowledged message is
 * never lost; the sender (channels/outbox) takes it, delivers it, and says
 * what became of it. Removed once sent or failed for good (the message keeps
 * its delivery status).
 */
export interface OutboxItem {
  /** Also the key the adapter gives the provider where it can carry one, so a callback can name it. */
  id: string;
  channel: ProviderChannel;
  conversation: string;
  message: string;
  /** What the adapter needs beyond the message and its conversation (cc, bcc, a template and its parameters). */
  extra: Record<string, unknown>;
  /**
   * queued: waiting for `nextAt`; sending: handed to the provider (committed
   * before the attempt); unsure: found sending after a restart, so perhaps sent:
   * it waits until `nextAt` for the provider to say so before it is sent again.
   */
  state: 'queued' | 'sending' | 'unsure';
  attempts: number;
  nextAt: number;
  lastError: string | null;
  createdAt: number;
}

/** A provider message already taken in (providers retry webhooks): its id, and the message it became. */
export interface InboundKey {
  /** `<channel>:<provider message id>`. */
  id: string;
  message: string;
  at: number;
}

/**
 * A provider's status for a message we do not know yet, kept until we do
 * (early-status.ts): id `<channel>:<provider message id>`.
 */
export interface EarlyStatus {
  id: string;
  status: Exclude<DeliveryStatus, 'queued'>;
  detail: string | null;
  at: number;
}

export interface Ban {
  /** The banned IP address, or the customer id of a phone number or Facebook page-scoped id (bans.ts banKeyOf). */
  id: string;
  customerId: string | null;
  name: string | null;
  email: string | null;
  start: number;
  end: number;
  reason: string;
  by: { kind: 'agent' | 'supervisor' | 'system'; id: string | null };
}

export interface CannedResponse {
  id: string;
  title: string;
  text: string;
  channels: string[];
  language: string;
  createdBy: string | null;
}

/**
 * What is remembered of a customer between conversations (returning
 * customers), keyed by the customer's id. Not the Contacts directory: see
 * Contact.
 */
export interface CustomerMemory {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  lastAgent: string | null;
  lastConversation: string | null;
}

export type { Contact, ContactRef } from './contacts.js';
/** An agent's email signature (Settings > Email signatures); the default is appended to each outgoing email. */
export interface Signature {
  id: string;
  agent: string;
  name: string;
  /** May hold placeholders ({{agent.name}}, {{agent.number}}, {{queue.name}}...), filled on sending. */
  text: string;
  isDefault: boolean;
  updatedAt: number;
}

/** An uploaded file, kept by the server; messages refer to it. */
export interface StoredFile {
  id: string;
  name: string;
  size: number;
  type: string;
  owner: string;
  at: number;
}

/** The kinds of entity the state holds, with the type of each; how each travels is its row in entities.ts. */
export interface EntityTypes {
  agent: Agent;
  call: Call;
  callRecord: CallRecord;
  queueStats: QueueStats;
  token: TokenRecord;
  alerts: AlertList;
  lead: Lead;
  dnc: DncEntry;
  campaignStats: CampaignStats;
  conversation: Conversation;
  message: Message;
  ban: Ban;
  canned: CannedResponse;
  customer: CustomerMemory;
  contact: import('./contacts.js').Contact;
  file: StoredFile;
  metrics: DayMetrics;
  mqueueStats: MessagingQueueStats;
  mqueueWaiting: WaitingPreview;
  service: ServiceState;
  catalog: CatalogEntity;
  agentChat: AgentChat;
  outbox: OutboxItem;
  inboundKey: InboundKey;
  earlyStatus: EarlyStatus;
  signature: Signature;
}
export type EntityKind = keyof EntityTypes;

/**
 * A chat between two agents (the Agents tab's Chat): one entity per pair,
 * id "<lower number>|<higher number>", with its most recent messages and
 * when each member last read it.
 */
export interface AgentChat {
  id: string;
  members: [string, string];
  messages: AgentChatMessage[];
  /** Per member: the time of the last message they have seen. */
  seenAt: Record<string, number>;
}

export interface AgentChatMessage {
  from: string;
  text: string;
  at: number;
}

/**
 * The catalog panels were last sent, kept as an entity (one, id "current") so
 * that a start with a changed configuration file can tell, and send the new one
 * to panels that resume instead of logging in again.
 */
export type CatalogEntity = import('./catalog.js').Catalog & { id: string };

/** A messaging queue right now (Dashboard > Queues). */
export interface MessagingQueueStats {
  id: string;
  waiting: number;
  active: number;
  /** Configured members. */
  members: number;
  loggedIn: number;
  paused: number;
}

/**
 * The next conversations waiting unassigned in a messaging queue on each of
 * its channels, oldest first (the next to take): what Unassigned Chats and
 * Unassigned Emails show of the queue, and how its members learn of waiting
 * work. Per channel, because a queue that takes chats and email shows them on
 * different desks: the next few of the whole queue may all be chats, leaving
 * the Email desk with nothing to show. The rest are read by page
 * (conversations.list).
 */
export interface WaitingPreview {
  /** The queue's id. */
  id: string;
  /** The next few (WAITING_PREVIEW) of each channel, all channels together, oldest first. */
  conversations: Conversation[];
  /**
   * How many wait on each channel (channels with none left out); the queue's
   * total is in its figures (mqueueStats). Absent in a preview kept from
   * before it was carried (a restart's first moments): readers fall back to
   * the conversations listed.
   */
  countByChannel?: Record<string, number>;
}

/** Whether a part of the server works; when one does not, dashboards say so. */
export interface ServiceState {
  id: string;
  ready: boolean;
  reason: string | null;
  since: number;
}

/**
 * One day's figures for one scope, in the server's time zone: the whole
 * center, a messaging queue, a voice queue, a channel, or an agent. For an
 * agent, "created" counts conversations first assigned to them that day.
 */
export interface DayMetrics {
  id: string;
  day: string;
  scope: string;
  created: number;
  carriedOver: number;
  closed: number;
  byQueue: Record<string, { created: number; closed: number }>;
  byChannel: Record<string, { created: number; closed: number }>;
  /** Conversations created (for an agent: assigned) per hour of the day. */
  perHour: number[];
  speedOfAnswer: Samples;
  handlingTime: Samples;
  callsAnswered: number;
  callsAbandoned: number;
  /**
   * Offers of inbound queue calls declined (x, or the phone's busy or
   * reject), as Dashboard > Queues counts them: for an agent, their own
   * declines. Absent from figures kept before declines were counted: none.
   */
  callsDeclined?: number;
  answeredWithinServiceLevel: number;
  waitMs: number;
  talkMs: number;
  callsEnded: number;
}

/**
 * Durations for averages and the 90th percentile (metrics/samples.ts keeps
 * them): exact values up to a limit, then log-scale buckets.
 */
export interface Samples {
  count: number;
  sumMs: number;
  values: number[];
  buckets: number[] | null;
}
