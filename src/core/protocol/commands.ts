import { z } from 'zod';
import { lengthSentence } from './length-sentence.js';

/**
 * One schema per command: the arguments it takes. The server validates every
 * frame against these before the core sees it; the client uses the types.
 */
/** Longest id, number, name or reason a client may send; texts have their own limits below. */
export const MAX_SHORT_TEXT = 200;
/**
 * A schema's own sentence for what it expects. Zod gives it to every check
 * that fails as well, so a wrong length (a max, or a .min(1) added after) is
 * said with the argument's name instead: an empty session token was told
 * "expected the session token as a string".
 */
const expecting = (sentence?: string) => ({ error: (issue: z.core.$ZodRawIssue) => lengthSentence(issue) ?? sentence });
/** A string of at most `max` characters (default MAX_SHORT_TEXT); `error` says what was expected. */
const text = (error?: string, max = MAX_SHORT_TEXT) => z.string(expecting(error)).max(max);

const credentials = {
  agent: text('expected the agent number as a string', 32).min(1, { error: 'expected the agent number' }),
  pin: text('expected the PIN as a string', 64).min(1, { error: 'expected the PIN' }),
  email: text(undefined, 254).optional(),
  password: text(undefined, 256).optional(),
};

const callId = text('expected callId as a string').min(1).optional();

/**
 * A count or a position: a whole number from `min` up. Zod gives the error of
 * z.number({ error }) to every check that fails as well, so -1 or 1e300 (a
 * number, but not a safe whole one) were told "expected lastSeq as a number";
 * each check here says the rule the number broke.
 */
const wholeNumber = (name: string, min = 0) => {
  const rule = { error: `${name} must be a whole number, ${min} or more` };
  return z.number({ error: `expected ${name} as a number` }).int(rule).min(min, rule);
};

/** A screen's name for what it follows (roster.subscribe, stats.subscribe): subscribing again under it replaces it. */
const view = () => text('expected view: a name for what this screen follows', 64).min(1, { error: 'expected view: a name for what this screen follows' });
/** The longest list of agents or queues one view may name. */
const MAX_LISTED = 10_000;
const tooMany = (max: number) => ({ error: `expected at most ${max.toLocaleString('en')} entries` });
const formValues = z.record(text(), z.union([text(undefined, 5000), z.number(), z.boolean()]), expecting('expected form values as {field: value}'));

const conversationId = text('expected the conversation id').min(1);
const banHours = z.number({ error: 'expected the ban duration in hours' });
const cannedInput = z.object({
  title: text('expected a title'),
  text: z.string(expecting('expected the text')).max(5000),
  channels: z.array(z.enum(['livechat', 'email', 'sms', 'whatsapp', 'facebook'])).default(['livechat', 'email', 'sms', 'whatsapp', 'facebook']),
  language: z.enum(['English', 'Deutsch', 'Español', 'Français', 'Italiano', 'Português (Brasil)']).default('English'),
});

const contactId = text('expected the contact id').min(1, { error: 'expected the contact id' });
const pageArgs = (max: number) => ({
  offset: wholeNumber('offset').optional(),
  limit: wholeNumber('limit', 1).max(max, { error: `expected at most ${max} rows per page` }).optional(),
});
/** What a contact form sends; the core checks the rules (required fields, E.164) and says which field is wrong. */
const contactFields = {
  firstName: text('expected the first name as text'),
  lastName: text('expected the last name as text'),
  personType: text('expected the person type as text'),
  company: text().optional(),
  emails: z.array(text(undefined, 320)).max(20, { error: 'expected at most 20 email addresses' }).optional(),
  phones: z.array(text(undefined, 64)).max(20, { error: 'expected at most 20 phone numbers' }).optional(),
  whatsapp: text(undefined, 64).nullable().optional(),
  facebookId: text().nullable().optional(),
  facebookPage: text().nullable().optional(),
  address: text(undefined, 1000).optional(),
  notes: text(undefined, 10_000).optional(),
  fields: z.record(text(undefined, 40), text(undefined, 2000), expecting('expected custom fields as {name: value}')).optional(),
};
/** A conversation (any channel) or a call, by id: exactly one. */
const targetFields = { conversation: text().min(1).optional(), call: text().min(1).optional() };
const oneTarget = (a: { conversation?: string; call?: string }) => (a.conversation === undefined) !== (a.call === undefined);
const ONE_TARGET = { error: 'expected exactly one of conversation or call' };
const side = z.enum(['primary', 'other'], { error: 'expected primary or other' });
const mailAddress = z.email(expecting('expected an email address, e.g. name@example.com')).max(254);
const signatureInput = z.object({
  name: text('expected the signature\'s name'),
  text: z.string(expecting('expected the signature\'s text')).max(5000),
  isDefault: z.boolean().optional(),
});

/** A time to call back: epoch milliseconds or an ISO date-time. */
const callbackAt = z
  .union([z.number(), text()])
  .transform((v, ctx) => {
    const at = typeof v === 'number' ? v : Date.parse(v);
    // A number past the dates a Date can hold (1e300) was kept, and shown as "NaN-NaN NaN:NaN".
    if (!Number.isFinite(at) || Number.isNaN(new Date(at).getTime())) {
      ctx.addIssue({ code: 'custom', message: 'expected callbackAt as a date and time, e.g. 2026-12-01T15:30:00Z' });
      return z.NEVER;
    }
    return at;
  })
  .optional();

export const commandSchemas = {
  'session.check': z.object(credentials),
  'session.login': z.object({
    ...credentials,
    strategy: z.enum(['inbound', 'outbound', 'blended'], { error: 'expected strategy inbound, outbound or blended' }).default('inbound'),
    device: z.enum(['deskphone', 'softphone'], { error: 'expected device deskphone or softphone' }).optional(),
    campaign: text().optional(),
    as: z.enum(['available', 'paused'], { error: 'expected as to be available or paused' }).default('available'),
    pauseReason: text().optional(),
    /** Scripts set this: join the agent's running session, never start one. */
    joinOnly: z.boolean().optional(),
    /** What logs in (the panel, a switchboard script): a logout from it tells the agent's other panels where it came from. */
    client: z.enum(['panel', 'script'], { error: 'expected client panel or script' }).optional(),
  }),
  'session.resume': z.object({
    token: text('expected the session token as a string').min(1),
    lastSeq: wholeNumber('lastSeq'),
  }),
  'session.logout': z.object({
    /** The manual's Call Centre Status: log out even on a call, hanging up every call of the agent first. */
    hangUp: z.boolean({ error: 'expected hangUp as true or false' }).optional(),
  }),
  'agent.pause': z.object({
    reason: text('expected a pause reason').min(1, { error: 'expected a pause reason' }),
  }),
  'agent.unpause': z.object({}),
  'device.retry': z.object({}),
  'call.answer': z.object({ callId }),
  'call.hold': z.object({ callId }),
  'call.resume': z.object({ callId }),
  'call.hangup': z.object({ callId }),
  'call.transfer': z
    .object({ callId, queue: text().min(1).optional(), agent: text().min(1).optional(), number: text().min(1).optional() })
    .refine((a) => [a.queue, a.agent, a.number].filter((x) => x !== undefined).length === 1, {
      error: 'expected exactly one of queue, agent or number to transfer to',
    }),
  'call.dial': z.object({ to: text('expected an agent number or a phone number').min(1) }),
  'disposition.submit': z
    .object({ callId, hotkey: text().min(1).optional(), code: text().min(1).optional(), fields: formValues.optional(), callbackAt })
    .refine((a) => (a.hotkey === undefined) !== (a.code === undefined), { error: 'expected either a hotkey or a code' }),
  'form.submit': z.object({ callId, values: formValues }),
  'alerts.configure': z.object({
    // Not whole numbers (half a minute is fine), but never below 0: the same inherited error said "expected ... in minutes" of -1.
    mwtThresholdMinutes: z.number({ error: 'expected the threshold in minutes' }).min(0, { error: 'the threshold must be 0 minutes or more' }),
    intervalMinutes: z.number({ error: 'expected the alert interval in minutes' }).min(0, { error: 'the alert interval must be 0 minutes or more' }),
    myQueuesOnly: z.boolean(),
  }),
  'alerts.clear': z.object({}),
  'agent.strategy': z.object({
    strategy: z.enum(['inbound', 'outbound', 'blended'], { error: 'expected strategy inbound, outbound or blended' }),
    campaign: text().min(1).optional(),
  }),
  'dialer.next': z.object({}),
  'dialer.skip': z.object({}),
  'dialer.dial': z.object({ leadId: text().min(1).optional() }),
  'lead.dispose': z
    .object({ leadId: text('expected the lead id').min(1), hotkey: text().min(1).optional(), code: text().min(1).optional(), callbackAt })
    .refine((a) => (a.hotkey === undefined) !== (a.code === undefined), { error: 'expected either a hotkey or a code' }),
  'leads.import': z.object({
    campaign: text('expected the campaign id').min(1),
    rows: z
      .array(
        z.object({
          line: wholeNumber('line', 1),
          phone: text(),
          name: text().optional(),
          timeZone: text().optional(),
          fields: z.record(text(), text(undefined, 2000)).optional(),
        }),
      )
      .max(2000, { error: 'expected at most 2000 rows per command; send a large file in parts' }),
  }),
  'conversation.assign': z.object({ id: conversationId }),
  'conversation.status': z.object({
    id: conversationId,
    status: z.enum(['open', 'waiting', 'solved'], { error: 'expected status open, waiting or solved' }),
  }),
  'conversation.subject': z.object({ id: conversationId, subject: text('expected the subject as text') }),
  'conversation.transfer': z
    .object({ id: conversationId, queue: text().min(1).optional(), agent: text().min(1).optional() })
    .refine((a) => (a.queue === undefined) !== (a.agent === undefined), { error: 'expected exactly one of queue or agent to transfer to' }),
  'conversation.close': z.object({ id: conversationId }),
  'conversation.hide': z.object({ id: conversationId }),
  'conversation.seen': z.object({ id: conversationId }),
  'conversation.typing': z.object({ id: conversationId, typing: z.boolean() }),
  'conversation.messages': z.object({ id: conversationId }),
  'conversation.history': z.object({ id: conversationId }),
  'agentchat.send': z.object({
    to: text('expected the agent number to write to').min(1, { error: 'expected the agent number to write to' }),
    text: z
      .string({ error: 'expected the message text' })
      .trim()
      .min(1, { error: 'expected a message that is not empty' })
      .max(2000, { error: 'expected a message of at most 2,000 characters' }),
  }),
  'agentchat.seen': z.object({ with: text('expected the other agent\'s number').min(1) }),
  'agentchat.typing': z.object({
    to: text('expected the agent number being written to').min(1, { error: 'expected the agent number being written to' }),
    typing: z.boolean({ error: 'expected typing as true or false' }),
  }),
  'message.send': z.object({
    conversation: conversationId,
    text: z.string({ error: 'expected the message text' }).max(20_000, { error: 'expected a message of at most 20,000 characters' }),
    attachments: z.array(text().min(1)).max(10, { error: 'expected at most 10 attachments' }).optional(),
    /** Email only: copies and blind copies, and the signature (an id; null: none; absent: the default). */
    cc: z.array(mailAddress).max(20, { error: 'expected at most 20 addresses' }).optional(),
    bcc: z.array(mailAddress).max(20, { error: 'expected at most 20 addresses' }).optional(),
    signature: z.union([text().min(1), z.null()]).optional(),
  }),
  'message.template': z.object({
    conversation: conversationId,
    name: text('expected the template name').min(1),
    language: text('expected the template language, e.g. en_US', 20).optional(),
    params: z.array(z.string(expecting('expected each parameter as text')).max(1100)).max(20, { error: 'expected at most 20 parameters' }).default([]),
  }),
  'signature.create': signatureInput,
  'signature.update': signatureInput.extend({ id: text().min(1) }),
  'signature.delete': z.object({ id: text().min(1) }),
  'ban.customer': z.object({ conversation: conversationId, hours: banHours, reason: text('expected the reason for the ban', 500) }),
  'ban.address': z.object({ ip: text().min(1), hours: banHours, reason: text('expected the reason for the ban', 500) }),
  'ban.lift': z.object({ ip: text().min(1) }),
  'canned.create': cannedInput,
  'canned.update': cannedInput.extend({ id: text().min(1) }),
  'canned.delete': z.object({ id: text().min(1) }),
  'conversations.list': z.object({
    state: z.enum(['active', 'closed'], { error: 'expected state active or closed' }),
    queue: text().optional(),
    id: text().optional(),
    channel: text().optional(),
    agent: text().optional(),
    customer: text().optional(),
    subject: text().optional(),
    status: text().optional(),
    from: z.number().optional(),
    to: z.number().optional(),
    /** Agent rate: at least this score, or "none" for conversations nobody rated. */
    rate: z
      .union([z.number().int().min(1).max(10), z.literal('none')], { error: 'expected rate as a score from 1 to 10 (at least that) or "none"' })
      .optional(),
    /** Feedback: true (a comment was written), false (none), or words the comment contains. */
    feedback: z.union([z.boolean(), text().min(1)], { error: 'expected feedback as true, false or the text to look for' }).optional(),
    offset: wholeNumber('offset').optional(),
    limit: wholeNumber('limit', 1).max(500, { error: 'expected at most 500 rows per page' }).optional(),
  }),
  'roster.subscribe': z.object({
    view: view(),
    agents: z.array(text(), { error: 'expected agents as a list of agent numbers' }).max(MAX_LISTED, tooMany(MAX_LISTED)).optional(),
    queues: z.array(text(), { error: 'expected queues as a list of queue numbers or ids' }).max(MAX_LISTED, tooMany(MAX_LISTED)).optional(),
    /** The agents assigned to these campaigns: an outbound agent works a campaign, not a queue. */
    campaigns: z.array(text(), { error: 'expected campaigns as a list of campaign ids' }).max(MAX_LISTED, tooMany(MAX_LISTED)).optional(),
    colleagues: z.boolean().optional(),
    all: z.boolean().optional(),
  }),
  'roster.unsubscribe': z.object({ view: view() }),
  'stats.subscribe': z.object({
    view: view(),
    voiceQueues: z.array(text()).max(MAX_LISTED, tooMany(MAX_LISTED)).optional(),
    messagingQueues: z.array(text()).max(MAX_LISTED, tooMany(MAX_LISTED)).optional(),
    campaigns: z.array(text()).max(MAX_LISTED, tooMany(MAX_LISTED)).optional(),
  }),
  'stats.unsubscribe': z.object({ view: view() }),
  'directory.lookup': z
    .object({
      agents: z.array(text(), { error: 'expected agents as a list of agent numbers' }).max(MAX_LISTED, tooMany(MAX_LISTED)).optional(),
      all: z.boolean().optional(),
    })
    .refine((a) => a.all === true || (a.agents?.length ?? 0) > 0, { error: 'expected agents (a list of agent numbers) or all: true' }),
  'contact.create': z
    .object({ ...contactFields, link: z.object(targetFields).refine(oneTarget, ONE_TARGET).optional() }),
  'contact.update': z.object({ id: contactId, ...contactFields }),
  'contact.delete': z.object({ id: contactId }),
  'contact.get': z.object({ id: contactId }),
  'contact.history': z.object({ id: contactId, ...pageArgs(200) }),
  'contact.merge': z.object({
    primary: contactId,
    other: contactId,
    take: z.partialRecord(
      z.enum(['firstName', 'lastName', 'personType', 'company', 'whatsapp', 'facebookId', 'facebookPage', 'address', 'notes'], { error: 'expected a field of the contact' }),
      side,
    ),
    fields: z.record(text(undefined, 40), side).optional(),
    emails: z.array(text(undefined, 320)).max(40),
    phones: z.array(text(undefined, 64)).max(40),
  }),
  'contact.link': z.object({ id: contactId, ...targetFields }).refine(oneTarget, ONE_TARGET),
  'contact.unlink': z.object(targetFields).refine(oneTarget, ONE_TARGET),
  'contacts.search': z.object({ query: text().optional(), ...pageArgs(200) }),
  'contacts.suggest': z.object(targetFields).refine(oneTarget, ONE_TARGET),
  'contacts.watch': z.object({ ids: z.array(text().min(1)).max(100, { error: 'expected at most 100 contacts on screen' }) }),
  'contacts.import': z.object({
    rows: z
      .array(z.object({ line: wholeNumber('line', 1), ...contactFields, firstName: text().optional(), lastName: text().optional(), personType: text().optional() }))
      .max(2000, { error: 'expected at most 2000 rows per command; send a large file in parts' }),
  }),
  'conversation.pastHistory': z.object({ id: conversationId, ...pageArgs(50) }),
  'sys.ping': z.object({}),
} as const;

export type CommandName = keyof typeof commandSchemas;
export type CommandArgs<C extends CommandName> = z.input<(typeof commandSchemas)[C]>;

/**
 * Check a command's arguments. A length rule no schema put in words of its
 * own (a `.min(1)`, a list's `.max`) is said with the argument's name rather
 * than in zod's terms.
 */
export function parseCommandArgs<C extends CommandName>(cmd: C, args: unknown): ReturnType<(typeof commandSchemas)[C]['safeParse']> {
  // Given an error map, zod parses without its compiled fast path (about 4x slower per command): only what is refused is parsed again to be worded.
  const plain = commandSchemas[cmd].safeParse(args);
  return (plain.success ? plain : commandSchemas[cmd].safeParse(args, { error: lengthSentence })) as ReturnType<(typeof commandSchemas)[C]['safeParse']>;
}

export function isCommandName(name: string): name is CommandName {
  return Object.prototype.hasOwnProperty.call(commandSchemas, name);
}

/** Commands a connection may send before it has logged in. */
export const PUBLIC_COMMANDS: ReadonlySet<string> = new Set(['session.check', 'session.login', 'session.resume', 'sys.ping']);
