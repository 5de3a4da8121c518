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

/**
 * The configuration as an object. simulator: callsPerMinute, talkSeconds,
 * chatsPerHour...; security: login throttling (the fuzzer raises it so its own
 * wrong PINs cannot lock the harness's agents out).
 */
export function harnessCenter({ simulator = {}, security = {}, record = false } = {}) {
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
      { id: 'help', name: 'Help Desk', channels: ['livechat', 'email'], survey: true },
      { id: 'sales-chat', name: 'Sales Chat', channels: ['livechat'], survey: false },
    ],
    campaigns: [{ id: 'renew', name: 'Renewals', strategy: 'preview', dispositions: 'sales', timeZone: 'UTC', callingWindow: { start: '00:00', end: '23:59' } }],
    agents: [
      ...AGENTS.map((n, i) =>
        agent(n, i, {
          voiceQueues: i < 4 ? ['7101', '7102'] : ['7102'],
          messagingQueues: i < 4 ? ['help'] : ['sales-chat'],
          campaigns: ['renew'],
          capacity: { livechat: 3, email: 3 },
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
      ...simulator,
    },
  };
}

/** Write the configuration as JSON (serve reads YAML or JSON) and return its path. */
export function writeCenter(dir, options) {
  const file = join(dir, 'center.json');
  writeFileSync(file, JSON.stringify(harnessCenter(options), null, 2));
  return file;
}
