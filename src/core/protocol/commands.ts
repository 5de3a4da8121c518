import { z } from 'zod';

/**
 * One schema per command: the arguments it takes. The server validates every
 * frame against these before the core sees it; the client uses the types.
 */
const credentials = {
  agent: z.string({ error: 'expected the agent number as a string' }).min(1, { error: 'expected the agent number' }),
  pin: z.string({ error: 'expected the PIN as a string' }).min(1, { error: 'expected the PIN' }),
  email: z.string().optional(),
  password: z.string().optional(),
};

const callId = z.string({ error: 'expected callId as a string' }).min(1).optional();
const formValues = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]), {
  error: 'expected form values as {field: value}',
});

const conversationId = z.string({ error: 'expected the conversation id' }).min(1);
const banHours = z.number({ error: 'expected the ban duration in hours' });
const cannedInput = z.object({
  title: z.string({ error: 'expected a title' }),
  text: z.string({ error: 'expected the text' }).max(5000),
  channels: z.array(z.enum(['livechat', 'email', 'sms', 'whatsapp', 'facebook'])).default(['livechat', 'email', 'sms', 'whatsapp', 'facebook']),
  language: z.enum(['English', 'Deutsch', 'Español', 'Français', 'Italiano', 'Português (Brasil)']).default('English'),
});

/** A time to call back: epoch milliseconds or an ISO date-time. */
const callbackAt = z
  .union([z.number(), z.string()])
  .transform((v, ctx) => {
    const at = typeof v === 'number' ? v : Date.parse(v);
    if (!Number.isFinite(at)) {
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
    campaign: z.string().optional(),
    as: z.enum(['available', 'paused'], { error: 'expected as to be available or paused' }).default('available'),
    pauseReason: z.string().optional(),
    /** Scripts set this: join the agent's running session, never start one. */
    joinOnly: z.boolean().optional(),
  }),
  'session.resume': z.object({
    token: z.string({ error: 'expected the session token as a string' }).min(1),
    lastSeq: z.number({ error: 'expected lastSeq as a number' }).int().min(0),
  }),
  'session.logout': z.object({}),
  'agent.pause': z.object({
    reason: z.string({ error: 'expected a pause reason' }).min(1, { error: 'expected a pause reason' }),
  }),
  'agent.unpause': z.object({}),
  'device.retry': z.object({}),
  'call.answer': z.object({ callId }),
  'call.hold': z.object({ callId }),
  'call.resume': z.object({ callId }),
  'call.hangup': z.object({ callId }),
  'call.transfer': z
    .object({ callId, queue: z.string().min(1).optional(), agent: z.string().min(1).optional(), number: z.string().min(1).optional() })
    .refine((a) => [a.queue, a.agent, a.number].filter((x) => x !== undefined).length === 1, {
      error: 'expected exactly one of queue, agent or number to transfer to',
    }),
  'call.dial': z.object({ to: z.string({ error: 'expected an agent number or a phone number' }).min(1) }),
  'disposition.submit': z
    .object({ callId, hotkey: z.string().min(1).optional(), code: z.string().min(1).optional(), fields: formValues.optional(), callbackAt })
    .refine((a) => (a.hotkey === undefined) !== (a.code === undefined), { error: 'expected either a hotkey or a code' }),
  'form.submit': z.object({ callId, values: formValues }),
  'alerts.configure': z.object({
    mwtThresholdMinutes: z.number({ error: 'expected the threshold in minutes' }).min(0),
    intervalMinutes: z.number({ error: 'expected the alert interval in minutes' }).min(0),
    myQueuesOnly: z.boolean(),
  }),
  'alerts.clear': z.object({}),
  'agent.strategy': z.object({
    strategy: z.enum(['inbound', 'outbound', 'blended'], { error: 'expected strategy inbound, outbound or blended' }),
    campaign: z.string().min(1).optional(),
  }),
  'dialer.next': z.object({}),
  'dialer.skip': z.object({}),
  'dialer.dial': z.object({ leadId: z.string().min(1).optional() }),
  'lead.dispose': z
    .object({ leadId: z.string({ error: 'expected the lead id' }).min(1), hotkey: z.string().min(1).optional(), code: z.string().min(1).optional(), callbackAt })
    .refine((a) => (a.hotkey === undefined) !== (a.code === undefined), { error: 'expected either a hotkey or a code' }),
  'leads.import': z.object({
    campaign: z.string({ error: 'expected the campaign id' }).min(1),
    rows: z
      .array(
        z.object({
          line: z.number().int().min(1),
          phone: z.string(),
          name: z.string().optional(),
          timeZone: z.string().optional(),
          fields: z.record(z.string(), z.string()).optional(),
        }),
      )
      .max(2000, { error: 'expected at most 2000 rows per command; send a large file in parts' }),
  }),
  'conversation.assign': z.object({ id: conversationId }),
  'conversation.status': z.object({
    id: conversationId,
    status: z.enum(['open', 'waiting', 'solved'], { error: 'expected status open, waiting or solved' }),
  }),
  'conversation.subject': z.object({ id: conversationId, subject: z.string({ error: 'expected the subject as text' }) }),
  'conversation.transfer': z
    .object({ id: conversationId, queue: z.string().min(1).optional(), agent: z.string().min(1).optional() })
    .refine((a) => (a.queue === undefined) !== (a.agent === undefined), { error: 'expected exactly one of queue or agent to transfer to' }),
  'conversation.close': z.object({ id: conversationId }),
  'conversation.hide': z.object({ id: conversationId }),
  'conversation.seen': z.object({ id: conversationId }),
  'conversation.typing': z.object({ id: conversationId, typing: z.boolean() }),
  'conversation.messages': z.object({ id: conversationId }),
  'conversation.history': z.object({ id: conversationId }),
  'agentchat.send': z.object({
    to: z.string({ error: 'expected the agent number to write to' }).min(1, { error: 'expected the agent number to write to' }),
    text: z
      .string({ error: 'expected the message text' })
      .trim()
      .min(1, { error: 'expected a message that is not empty' })
      .max(2000, { error: 'expected a message of at most 2,000 characters' }),
  }),
  'agentchat.seen': z.object({ with: z.string({ error: 'expected the other agent\'s number' }).min(1) }),
  'message.send': z.object({
    conversation: conversationId,
    text: z.string({ error: 'expected the message text' }).max(20_000, { error: 'expected a message of at most 20,000 characters' }),
    attachments: z.array(z.string().min(1)).max(10, { error: 'expected at most 10 attachments' }).optional(),
  }),
  'ban.customer': z.object({ conversation: conversationId, hours: banHours, reason: z.string({ error: 'expected the reason for the ban' }) }),
  'ban.address': z.object({ ip: z.string().min(1), hours: banHours, reason: z.string({ error: 'expected the reason for the ban' }) }),
  'ban.lift': z.object({ ip: z.string().min(1) }),
  'canned.create': cannedInput,
  'canned.update': cannedInput.extend({ id: z.string().min(1) }),
  'canned.delete': z.object({ id: z.string().min(1) }),
  'conversations.list': z.object({
    state: z.enum(['active', 'closed'], { error: 'expected state active or closed' }),
    queue: z.string().optional(),
    id: z.string().optional(),
    channel: z.string().optional(),
    agent: z.string().optional(),
    customer: z.string().optional(),
    subject: z.string().optional(),
    status: z.string().optional(),
    from: z.number().optional(),
    to: z.number().optional(),
    /** Agent rate: at least this score, or "none" for conversations nobody rated. */
    rate: z
      .union([z.number().int().min(1).max(10), z.literal('none')], { error: 'expected rate as a score from 1 to 10 (at least that) or "none"' })
      .optional(),
    /** Feedback: true (a comment was written), false (none), or words the comment contains. */
    feedback: z.union([z.boolean(), z.string().min(1)], { error: 'expected feedback as true, false or the text to look for' }).optional(),
    offset: z.number().int().min(0).optional(),
    limit: z.number().int().min(1).max(500, { error: 'expected at most 500 rows per page' }).optional(),
  }),
  'sys.ping': z.object({}),
} as const;

export type CommandName = keyof typeof commandSchemas;
export type CommandArgs<C extends CommandName> = z.input<(typeof commandSchemas)[C]>;

export function isCommandName(name: string): name is CommandName {
  return Object.prototype.hasOwnProperty.call(commandSchemas, name);
}

/** Commands a connection may send before it has logged in. */
export const PUBLIC_COMMANDS: ReadonlySet<string> = new Set(['session.check', 'session.login', 'session.resume', 'sys.ping']);
