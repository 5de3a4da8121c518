// The contact center every harness run serves: small enough to reason about,
// with everything the protocol can touch (voice queues with dispositions and
// a form, a campaign, chat queues that are always open, a supervisor). Agents
// 1101-1106 and supervisor 1190 log in with PIN = number.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const AGENTS = ['1101', '1102', '1103', '1104', '1105', '1106'];
export const SUPERVISOR = '1190';
export const VOICE_QUEUES = ['7101', '7102'];
export const CHAT_QUEUES = ['help', 'sales-chat'];
export const CAMPAIGNS = ['renew'];
export const PAUSE_REASONS = ['Break', 'Lunch', 'Meeting'];
/** What each voice queue's agents answer with: the disposition hotkeys and the form's required fields. */
export const WRAP_UP = {
  '7101': { hotkeys: ['1', '2', '4'], fields: { topic: 'Billing' } },
  '7102': { hotkeys: ['1', '2'], fields: {} },
};

const agent = (number, i, extra) => ({
  number,
  name: `Harness Agent ${i + 1}`,
  email: `${number}@harness.switchboard`,
  pin: number,
  password: 'harness',
  device: 'softphone',
  ...extra,
});

/** The provider channels' ids in the harness's centre, and the secrets its serve child is given (in the environment). */
export const PROVIDERS = {
  whatsappNumberId: '106540352242922',
  facebookPage: '1234567890',
  smsNumber: '+447700900200',
  accountSid: 'AC0123456789abcdef0123456789abcdef',
  secrets: {
    whatsapp: { accessToken: 'harness-wa-token', appSecret: 'harness-wa-secret', verifyToken: 'harness-wa-verify' },
    facebook: { pageToken: 'harness-fb-token', appSecret: 'harness-fb-secret', verifyToken: 'harness-fb-verify' },
    sms: { authToken: 'harness-twilio-token' },
  },
};

/** The environment that gives serve the provider channels' secrets (never its command line). */
export function providerEnv() {
  const s = PROVIDERS.secrets;
  return {
    SWITCHBOARD_WHATSAPP_TOKEN: s.whatsapp.accessToken,
    SWITCHBOARD_WHATSAPP_APP_SECRET: s.whatsapp.appSecret,
    SWITCHBOARD_WHATSAPP_VERIFY_TOKEN: s.whatsapp.verifyToken,
    SWITCHBOARD_FACEBOOK_PAGE_TOKEN: s.facebook.pageToken,
    SWITCHBOARD_FACEBOOK_APP_SECRET: s.facebook.appSecret,
    SWITCHBOARD_FACEBOOK_VERIFY_TOKEN: s.facebook.verifyToken,
    SWITCHBOARD_TWILIO_AUTH_TOKEN: s.sms.authToken,
  };
}

/**
 * The configuration's WhatsApp, Messenger and SMS sections, their APIs at
 * `apis` (the harness's fakes, or an address where nothing listens), all
 * into the Help Desk. A short grace: after a kill, what was being sent waits
 * that long for the provider's callback before it goes again.
 */
function providerSections(apis, graceSeconds) {
  return {
    whatsapp: { apiBase: apis.whatsapp, numbers: [{ phoneNumberId: PROVIDERS.whatsappNumberId, displayNumber: '+44 7700 900100', queue: 'help' }], unsureGraceSeconds: graceSeconds },
    facebook: { apiBase: apis.facebook, pages: [{ id: PROVIDERS.facebookPage, name: 'Harness Store', queue: 'help' }], unsureGraceSeconds: graceSeconds },
    sms: { apiBase: apis.sms, accountSid: PROVIDERS.accountSid, numbers: [{ number: PROVIDERS.smsNumber, queue: 'help' }], unsureGraceSeconds: graceSeconds },
  };
}

/**
 * The configuration as an object. simulator: callsPerMinute, talkSeconds,
 * chatsPerHour...; security: login throttling (the fuzzer raises it so its own
 * wrong PINs cannot lock the harness's agents out); providers: the provider
 * channels' API addresses (and graceSeconds), when the run has them.
 */
export function harnessCenter({ simulator = {}, security = {}, record = false, providers = null } = {}) {
  return {
    center: { name: 'Harness Contact Center', timeZone: 'UTC' },
    security: { maxFailedLogins: 5, failedLoginWindowSeconds: 300, lockoutSeconds: 300, tokenTtlHours: 12, ...security },
    pauseReasons: PAUSE_REASONS,
    dispositions: {
      support: [
        { name: 'Resolved', code: 'RES', hotkey: '1', type: 'final' },
        { name: 'Escalated', code: 'ESC', hotkey: '2', type: 'final' },
        { name: 'Call back', code: 'CB', hotkey: '3', type: 'callback' },
        { name: 'Wrong number', code: 'WN', hotkey: '4', type: 'final' },
      ],
      sales: [
        { name: 'Sale', code: 'SALE', hotkey: '1', type: 'final' },
        { name: 'Not interested', code: 'NI', hotkey: '2', type: 'final' },
        { name: 'Callback', code: 'CBK', hotkey: '4', type: 'callback' },
      ],
    },
    feedbackForms: {
      'support-call': {
        title: 'Support call',
        fields: [
          { name: 'topic', label: 'Topic', type: 'choice', options: ['Billing', 'Technical'], required: true },
          { name: 'notes', label: 'Notes', type: 'text' },
        ],
      },
    },
    voiceQueues: [
      { number: '7101', name: 'Support', ringTimeoutSeconds: 15, wrapUpSeconds: 1, dispositions: 'support', feedbackForm: 'support-call', record },
      { number: '7102', name: 'Sales', ringTimeoutSeconds: 15, wrapUpSeconds: 1, dispositions: 'sales' },
    ],
    messagingQueues: [
      { id: 'help', name: 'Help Desk', channels: ['livechat', 'email', 'sms', 'whatsapp', 'facebook'], survey: true },
      { id: 'sales-chat', name: 'Sales Chat', channels: ['livechat'], survey: false },
    ],
    campaigns: [{ id: 'renew', name: 'Renewals', strategy: 'preview', dispositions: 'sales', timeZone: 'UTC', callingWindow: { start: '00:00', end: '23:59' } }],
    agents: [
      ...AGENTS.map((n, i) =>
        agent(n, i, {
          voiceQueues: i < 4 ? ['7101', '7102'] : ['7102'],
          messagingQueues: i < 4 ? ['help'] : ['sales-chat'],
          campaigns: ['renew'],
          capacity: { livechat: 3, email: 3, sms: 3, whatsapp: 3, facebook: 3 },
        }),
      ),
      agent(SUPERVISOR, 6, { name: 'Harness Supervisor', role: 'supervisor', voiceQueues: VOICE_QUEUES, messagingQueues: CHAT_QUEUES, campaigns: CAMPAIGNS, capacity: { livechat: 3 } }),
    ],
    simulator: {
      callsPerMinute: 0,
      patienceSeconds: { min: 30, max: 60 },
      talkSeconds: { min: 2, max: 6 },
      ringSeconds: { min: 1, max: 2 },
      chatsPerHour: 0,
      socialPerHour: 0,
      ...simulator,
    },
    ...(providers ? providerSections(providers, providers.graceSeconds ?? 600) : {}),
  };
}

/** Write the configuration as JSON (serve reads YAML or JSON) and return its path. */
export function writeCenter(dir, options) {
  const file = join(dir, 'center.json');
  writeFileSync(file, JSON.stringify(harnessCenter(options), null, 2));
  return file;
}
