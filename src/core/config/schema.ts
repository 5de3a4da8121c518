import { z } from 'zod';
import { settingsObject } from './settings-object.js';
import { facebookSchema, publicUrlSchema, smsSchema, whatsappSchema } from './provider-channels.js';
import { emailSchema } from './email.js';
import { SIP_DEFAULTS, sipSchema } from './sip.js';
import { CONNECTION_LIMIT_DEFAULTS, connectionLimitFields } from './connection-limits.js';

/**
 * The server configuration: everything the manual says is "configured on the PBX".
 * Defaults are chosen so that a small file is enough; every refusal names what
 * was expected in words a supervisor can act on.
 */

const digits = (what: string, min = 2, max = 12) =>
  z
    .string({ error: `expected ${what} as a quoted string of digits` })
    .regex(new RegExp(`^\\d{${min},${max}}$`), { error: `expected ${what} of ${min} to ${max} digits` });

const name = z.string({ error: 'expected a name (text)' }).trim().min(1, { error: 'expected a name that is not empty' });
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'expected a time as HH:MM (24-hour clock)' });
const seconds = (dflt: number) => z.number({ error: 'expected a number of seconds' }).int().min(0).default(dflt);

export const CHANNELS = ['livechat', 'email', 'sms', 'whatsapp', 'facebook'] as const;
export const channelSchema = z.enum(CHANNELS, { error: `expected one of ${CHANNELS.join(', ')}` });

export const RING_STRATEGIES = ['ring-all', 'longest-idle', 'round-robin', 'fewest-calls', 'random', 'linear'] as const;
export const CAMPAIGN_STRATEGIES = ['power', 'preview', 'progressive', 'voice-messaging'] as const;
export const DISPOSITION_TYPES = ['final', 'retry', 'callback', 'personal-callback', 'dnc'] as const;
export const FIELD_TYPES = ['text', 'number', 'choice', 'date', 'yesno'] as const;

export const dispositionSchema = settingsObject({
  name,
  code: z.string().trim().min(1, { error: 'expected a short code' }),
  // Digits only: letters are the panel's own keys (answer, hold, ...).
  hotkey: z
    .string({ error: 'expected the hotkey as a quoted digit, e.g. "1"' })
    .regex(/^[0-9]$/, { error: 'expected a single digit 0-9 (letters are the panel\'s own keys)' })
    .optional(),
  color: z.string().default('white'),
  type: z.enum(DISPOSITION_TYPES, { error: `expected one of ${DISPOSITION_TYPES.join(', ')}` }).default('final'),
});

export const formFieldSchema = settingsObject({
  name: z.string().regex(/^[a-z][a-z0-9_]*$/i, { error: 'expected a field name of letters, digits and _' }),
  label: z.string().optional(),
  type: z.enum(FIELD_TYPES, { error: `expected one of ${FIELD_TYPES.join(', ')}` }),
  required: z.boolean().default(false),
  options: z.array(z.string()).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
});

export const feedbackFormSchema = settingsObject({
  title: name,
  fields: z.array(formFieldSchema).min(1, { error: 'expected at least one field' }),
});

const queueMembership = z.union([
  digits('a voice queue number'),
  settingsObject({ queue: digits('a voice queue number'), penalty: z.number().int().min(0).default(0) }),
]);

/** A public key as an authorized_keys line has it: type, base64 key, optional comment. */
const sshPublicKey = z
  .string({ error: 'expected a public key as text' })
  .regex(/^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)) [A-Za-z0-9+/]+={0,3}( [^\n]*)?$/, {
    error: 'expected a public key as in authorized_keys: "ssh-ed25519 AAAA… comment" (ssh-ed25519, ssh-rsa or ecdsa-sha2-nistp256/384/521)',
  });

/**
 * Makes of deskphone whose auto-answer header differs (see the SIP adapter's
 * headers.ts); any other phone is `standard`.
 */
export const PHONE_MAKES = ['standard', 'polycom', 'cisco', 'broadsoft', 'snom', 'yealink', 'grandstream'] as const;
export type PhoneMake = (typeof PHONE_MAKES)[number];

export const agentSchema = settingsObject({
  number: digits('an agent number', 2, 8),
  name,
  email: z.email({ error: 'expected an email address' }),
  pin: digits('a PIN', 4, 8),
  password: z.string({ error: 'expected a password (text)' }).min(4, { error: 'expected a password of at least 4 characters' }),
  role: z.enum(['agent', 'supervisor'], { error: 'expected agent or supervisor' }).default('agent'),
  device: z.enum(['deskphone', 'softphone'], { error: 'expected deskphone or softphone' }).default('softphone'),
  autoAnswer: z.boolean().default(false),
  sip: settingsObject({
    username: z.string().optional(),
    password: z.string().optional(),
    uri: z.string().optional(),
    /** The deskphone's make, for the auto-answer header it reads. */
    phone: z.enum(PHONE_MAKES, { error: `expected one of ${PHONE_MAKES.join(', ')}` }).default('standard'),
  })
    .optional(),
  voiceQueues: z.array(queueMembership).default([]),
  messagingQueues: z.array(z.string()).default([]),
  campaigns: z.array(z.string()).default([]),
  capacity: z.partialRecord(channelSchema, z.number().int().min(0)).default({}),
  /** Keys that log this agent in to the SSH server (`serve --ssh`) without a PIN. */
  sshKeys: z.array(sshPublicKey).default([]),
});

export const voiceQueueSchema = settingsObject({
  number: digits('a queue number'),
  name,
  strategy: z.enum(RING_STRATEGIES, { error: `expected one of ${RING_STRATEGIES.join(', ')}` }).default('longest-idle'),
  ringTimeoutSeconds: seconds(20),
  wrapUpSeconds: seconds(10),
  /** Offers let ring out in a row that pause the agent "No answer" (0: never). A declined offer is not one. */
  maxMissedOffers: z.number().int().min(0).default(3),
  /** How long an agent who declined a call is not offered that call again (other calls still reach them). */
  declineRetrySeconds: seconds(10),
  /** Declines in a row that pause the agent "Declined N calls" (0, the default: declining never pauses). */
  maxDeclinedOffers: z.number().int().min(0).default(0),
  serviceLevelSeconds: seconds(20),
  minIdleAgents: z.number().int().min(0).default(1),
  dispositions: z.string().optional(),
  feedbackForm: z.string().optional(),
  postCallSurvey: z.boolean().default(false),
  screenPopUrl: z.string().optional(),
  /** Record answered calls (only telephony with media can: the simulator; SIP calls are not recorded). */
  record: z.boolean().default(false),
});

/**
 * An Enhanced Ring Group: a number of its own that forwards into a voice queue.
 * Calls that come through it carry its name, so the agent knows which line the
 * caller rang ("Reception" rather than just "Support").
 */
export const ringGroupSchema = settingsObject({
  number: digits('a ring group number'),
  name,
  queue: digits('the number of the voice queue it forwards to'),
});

const weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
const hoursRange = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$/, {
  error: 'expected opening hours as HH:MM-HH:MM',
});

export const messagingQueueSchema = settingsObject({
  id: z.string().regex(/^[a-z0-9-]+$/i, { error: 'expected an id of letters, digits and -' }),
  name,
  channels: z.array(channelSchema).min(1, { error: 'expected at least one channel' }),
  hours: settingsObject({ timeZone: z.string().default('UTC'), weekly: z.partialRecord(weekday, hoursRange) })
    .optional(),
  survey: z.boolean().default(false),
  autoAssign: z.boolean().default(true),
  /**
   * The manual's eighth assignment trigger, a change of the agent's status
   * from active to inactive: which changes send the agent's open
   * conversations of this queue back to be assigned again by the workload
   * rules. null turns that change off.
   */
  reassign: settingsObject({
    /** The agent logs out. */
    onLogout: z.boolean().default(true),
    /** The agent's panels have all been disconnected this long (a broken session); back within it, they keep their conversations. */
    disconnectedSeconds: z.number().int().min(1, { error: 'expected at least 1 second (or null for never)' }).nullable().default(120),
    /** The agent has been paused this long; off unless the queue asks for it. */
    pausedMinutes: z.number().min(1, { error: 'expected at least 1 minute (or null for never)' }).nullable().default(null),
  })
    .default({ onLogout: true, disconnectedSeconds: 120, pausedMinutes: null }),
});

export const campaignSchema = settingsObject({
  id: z.string().regex(/^[a-z0-9-]+$/i, { error: 'expected an id of letters, digits and -' }),
  name,
  strategy: z.enum(CAMPAIGN_STRATEGIES, { error: `expected one of ${CAMPAIGN_STRATEGIES.join(', ')}` }),
  powerNumber: z.number().min(1).default(2),
  previewTimeoutSeconds: seconds(20),
  dispositions: z.string().optional(),
  feedbackForm: z.string().optional(),
  callerId: z.string().optional(),
  callingWindow: settingsObject({ start: hhmm, end: hhmm }).default({ start: '08:00', end: '21:00' }),
  timeZone: z.string().optional(),
  maxAttempts: z.number().int().min(1).default(3),
  retryDelayMinutes: z.number().int().min(0).default(60),
  abandonLimitPercent: z.number().min(0).max(100).default(3),
  /** After an abandoned (dropped) call the number may not be called again for this long. */
  recallLockHours: z.number().min(0).default(72),
  /** Voice messaging: the message played, how long it lasts, how many lines at once. */
  message: z.string().optional(),
  messageSeconds: z.number().min(1).default(15),
  channels: z.number().int().min(1).default(5),
  /** Region for numbers without a country code in imported leads, e.g. GB. */
  defaultRegion: z.string().regex(/^[A-Z]{2}$/, { error: 'expected a two-letter country code such as GB' }).optional(),
});

const range = settingsObject({ min: z.number().min(0), max: z.number().min(0) });

/**
 * What uploads may take of the server's disk: a conversation's files together,
 * what one visitor address or one agent may upload in an hour, and how long a
 * file uploaded but never sent in a message is kept.
 */
const UPLOAD_DEFAULTS = { conversationMb: 100, visitorMbPerHour: 200, agentMbPerHour: 1000, unattachedMinutes: 60 };
const megabytes = (fallback: number) => z.number({ error: 'expected a size in MB' }).min(1).default(fallback);
const uploadsSchema = settingsObject({
  conversationMb: megabytes(UPLOAD_DEFAULTS.conversationMb),
  visitorMbPerHour: megabytes(UPLOAD_DEFAULTS.visitorMbPerHour),
  agentMbPerHour: megabytes(UPLOAD_DEFAULTS.agentMbPerHour),
  unattachedMinutes: z.number({ error: 'expected minutes' }).min(1).default(UPLOAD_DEFAULTS.unattachedMinutes),
});

/** WCAG's contrast ratio of a #rrggbb colour against white (text on the page's buttons and header). */
function contrastWithWhite(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
  return 1.05 / (luminance + 0.05);
}

/**
 * How the visitors' chat page (/chat) presents the centre. The logo is an
 * address the browser fetches (the page's content security policy allows its
 * origin) or a data:image URL; the colour carries white text, so it must be
 * dark enough to read (WCAG AA, 4.5:1).
 */
const chatPageSchema = settingsObject({
  title: z.string().trim().min(1, { error: 'expected a title that is not empty' }).max(60, { error: 'expected a title of at most 60 characters' }).optional(),
  logoUrl: z
    .string()
    // Set as an image's address by the page, never written into its HTML: an SVG's quotes and spaces are fine.
    .regex(/^(https?:\/\/\S+|data:image\/(png|jpeg|gif|webp|svg\+xml)[;,][\s\S]*)$/, {
      error: 'expected the logo as an http(s) address or a data:image URL (png, jpeg, gif, webp or svg+xml)',
    })
    .max(100_000, { error: 'expected a logo of at most 100,000 characters (host a bigger one and give its address)' })
    .refine((url) => url.startsWith('data:') || URL.canParse(url), { error: 'expected the logo address to be a valid URL' })
    .optional(),
  greeting: z.string().trim().max(200, { error: 'expected a greeting of at most 200 characters' }).optional(),
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, { error: 'expected the colour as #rrggbb' })
    .refine((c) => contrastWithWhite(c) >= 4.5, {
      error: (issue) => `expected a colour white text can be read on: ${String(issue.input)} gives ${contrastWithWhite(String(issue.input)).toFixed(1)}:1, at least 4.5:1 is needed (choose a darker shade)`,
    })
    .default('#1f6feb'),
});

const ROLES = ['agent', 'supervisor'] as const;
const CONTACT_DEFAULTS = {
  personTypes: ['Customer', 'Prospect', 'Partner', 'Supplier', 'Other'],
  customFields: [] as Array<{ name: string; label?: string }>,
  deleteRoles: ['supervisor' as const],
  mergeRoles: ['supervisor' as const],
};

/**
 * The Contacts directory: the person types a contact may be (required on
 * every contact), the centre's own fields, and which roles may delete and
 * merge contacts (everyone creates, edits and links).
 */
const contactsSchema = settingsObject({
  personTypes: z.array(name).min(1, { error: 'expected at least one person type' }).default(CONTACT_DEFAULTS.personTypes),
  customFields: z
    .array(settingsObject({ name: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/, { error: 'expected a field name of letters, digits and _ (at most 40), starting with a letter' }), label: name.optional() }))
    .max(20, { error: 'expected at most 20 custom fields' })
    .default([]),
  deleteRoles: z.array(z.enum(ROLES, { error: 'expected agent or supervisor' })).default(['supervisor']),
  mergeRoles: z.array(z.enum(ROLES, { error: 'expected agent or supervisor' })).default(['supervisor']),
});

export const configSchema = settingsObject({
  center: settingsObject({ name: z.string().default('switchboard'), timeZone: z.string().default('UTC'), chat: chatPageSchema.default({ color: '#1f6feb' }) })
    .default({ name: 'switchboard', timeZone: 'UTC', chat: { color: '#1f6feb' } }),
  security: settingsObject({
    maxFailedLogins: z.number().int().min(1).default(5),
    failedLoginWindowSeconds: seconds(300),
    lockoutSeconds: seconds(300),
    tokenTtlHours: z.number().min(0.01).default(12),
    uploads: uploadsSchema.default(UPLOAD_DEFAULTS),
    /** How long a signed download link (opened in a browser without a session token) works. */
    downloadLinkMinutes: z.number().min(1, { error: 'expected at least 1 minute' }).max(1440, { error: 'expected at most 1440 minutes (a day)' }).default(10),
    /** Logged-in sockets per agent and HTTP connections per address (connection-limits.ts). */
    ...connectionLimitFields,
  })
    .default({ maxFailedLogins: 5, failedLoginWindowSeconds: 300, lockoutSeconds: 300, tokenTtlHours: 12, uploads: UPLOAD_DEFAULTS, downloadLinkMinutes: 10, ...CONNECTION_LIMIT_DEFAULTS }),
  pauseReasons: z.array(name).default(['Break', 'Lunch', 'Meeting', 'Training', 'No answer']),
  dispositions: z.record(z.string(), z.array(dispositionSchema)).default({}),
  feedbackForms: z.record(z.string(), feedbackFormSchema).default({}),
  voiceQueues: z.array(voiceQueueSchema).default([]),
  ringGroups: z.array(ringGroupSchema).default([]),
  messagingQueues: z.array(messagingQueueSchema).default([]),
  campaigns: z.array(campaignSchema).default([]),
  agents: z.array(agentSchema).min(1, { error: 'expected at least one agent' }),
  contacts: contactsSchema.default(CONTACT_DEFAULTS),
  cannedResponses: z
    .array(
      settingsObject({
        title: name,
        text: z.string().min(1),
        channels: z.array(channelSchema).default([...CHANNELS]),
        language: z.string().default('English'),
      }),
    )
    .default([]),
  /** The provider channels (provider-channels.ts): optional, each. */
  publicUrl: publicUrlSchema,
  whatsapp: whatsappSchema.optional(),
  facebook: facebookSchema.optional(),
  sms: smsSchema.optional(),
  /** The email channel: queue addresses, SMTP listener, IMAP mailbox, relay, signature templates (config/email.ts). */
  email: emailSchema.optional(),
  /** Limits of the SIP adapter (serve --sip): new calls per source address, carriers' trunk addresses (config/sip.ts). */
  sip: sipSchema.default(SIP_DEFAULTS),
  dialer: settingsObject({
    /** Concurrent dialer calls allowed (the "dialer channel limit"). */
    channelLimit: z.number().int().min(1).default(30),
    pacingSeconds: z.number().min(0.5).default(2),
    defaultRegion: z.string().regex(/^[A-Z]{2}$/, { error: 'expected a two-letter country code such as GB' }).default('GB'),
  })
    .default({ channelLimit: 30, pacingSeconds: 2, defaultRegion: 'GB' }),
  simulator: settingsObject({
    callsPerMinute: z.number().min(0).default(4),
    patienceSeconds: range.default({ min: 30, max: 180 }),
    talkSeconds: range.default({ min: 20, max: 120 }),
    /** How simulated leads answer an outbound call (weights, need not sum to 1). */
    leads: settingsObject({ live: z.number().min(0), noAnswer: z.number().min(0), busy: z.number().min(0), machine: z.number().min(0) })
      .default({ live: 0.45, noAnswer: 0.3, busy: 0.15, machine: 0.1 }),
    ringSeconds: range.default({ min: 3, max: 12 }),
    /** Simulated website visitors opening live chats, per hour (about one every 1.5 minutes). */
    chatsPerHour: z.number().min(0).default(40),
    /** Simulated customers writing over WhatsApp, Messenger and SMS (the demo's fake providers), per hour. */
    socialPerHour: z.number().min(0).default(30),
    /** Simulated customers emailing the queues' addresses through the SMTP listener, per hour. */
    emailsPerHour: z.number().min(0).default(6),
  })
    .default({
      callsPerMinute: 4,
      patienceSeconds: { min: 30, max: 180 },
      talkSeconds: { min: 20, max: 120 },
      leads: { live: 0.45, noAnswer: 0.3, busy: 0.15, machine: 0.1 },
      ringSeconds: { min: 3, max: 12 },
      chatsPerHour: 40,
      socialPerHour: 30,
      emailsPerHour: 6,
    }),
});

export type Config = z.infer<typeof configSchema>;
export type AgentConfig = z.infer<typeof agentSchema>;
export type VoiceQueueConfig = z.infer<typeof voiceQueueSchema>;
export type MessagingQueueConfig = z.infer<typeof messagingQueueSchema>;
export type CampaignConfig = z.infer<typeof campaignSchema>;
export type DispositionConfig = z.infer<typeof dispositionSchema>;
export type FeedbackFormConfig = z.infer<typeof feedbackFormSchema>;
export type Channel = (typeof CHANNELS)[number];
