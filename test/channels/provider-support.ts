import { parseConfig } from '../../src/core/config/parse.js';
import type { ProviderSecrets } from '../../src/channels/provider/channel.js';
import { FakeWhatsappCloud } from '../../src/channels/whatsapp/fake-cloud-api.js';
import { FakeMessenger } from '../../src/channels/facebook/fake-graph-api.js';
import { FakeTwilio } from '../../src/channels/sms/fake-twilio.js';
import type { RunningServer } from '../../src/server/runtime.js';
import { FakeClock, SeededRandom } from '../fake-clock.js';
import { agentUrlOf, loginAgent, onCleanup, startTestServer, tempDir, type LoggedIn } from '../server/support.js';
import { allMessages } from '../helpers.js';

/**
 * A centre with the three provider channels, each pointed at its FAKE
 * provider (src/channels/<name>/fake-*.ts, named fakes checking the
 * documented request shapes), over real HTTP on 127.0.0.1.
 */
export const WA_NUMBER_ID = '106540352242922';
export const FB_PAGE = '1234567890';
export const SMS_NUMBER = '+447700900200';
export const ACCOUNT_SID = 'AC0123456789abcdef0123456789abcdef';

export const SECRETS = {
  whatsapp: { accessToken: 'wa-token-1', appSecret: 'wa-app-secret', verifyToken: 'wa-verify' },
  facebook: { pageTokens: { [FB_PAGE]: 'fb-page-token' }, appSecret: 'fb-app-secret', verifyToken: 'fb-verify' },
  sms: { authToken: 'twilio-auth-token' },
} satisfies ProviderSecrets;

export function channelsConfig(urls: { whatsapp: string; facebook: string; sms: string }, extra = '') {
  return parseConfig(
    `
center: { name: Channels Test, timeZone: Europe/London }
# The tests move the clock by days: sessions must outlive them.
security: { tokenTtlHours: 1000 }
messagingQueues:
  - { id: social, name: Social, channels: [sms, whatsapp, facebook], survey: true }
  - { id: other, name: Other, channels: [sms, whatsapp, facebook] }
agents:
  - { number: "2001", name: Ana Lima, email: a@x.io, pin: "2001", password: pass, messagingQueues: [social], capacity: { sms: 5, whatsapp: 5, facebook: 5 } }
  - { number: "2002", name: Ben Ode, email: b@x.io, pin: "2002", password: pass, messagingQueues: [social, other], capacity: { sms: 5, whatsapp: 5, facebook: 5 } }
  - { number: "9001", name: Sam Boss, email: s@x.io, pin: "9001", password: pass, role: supervisor, messagingQueues: [social, other], capacity: { sms: 5 } }
whatsapp:
  apiBase: ${urls.whatsapp}
  numbers: [{ phoneNumberId: "${WA_NUMBER_ID}", displayNumber: "+44 7700 900100", queue: social }]
  unsureGraceSeconds: 30
  templates:
    - { name: order_update, language: en_US, category: UTILITY, body: "Hello {{1}}, your order {{2}} has shipped." }
    - { name: back_in_touch, language: en_US, category: MARKETING, body: "We are here when you need us." }
facebook:
  apiBase: ${urls.facebook}
  pages: [{ id: "${FB_PAGE}", name: Demo Store, queue: social }]
  unsureGraceSeconds: 30
sms:
  apiBase: ${urls.sms}
  accountSid: ${ACCOUNT_SID}
  numbers: [{ number: "${SMS_NUMBER}", queue: social }]
  unsureGraceSeconds: 30
${extra}`,
    'channels.yaml',
  );
}

export interface Centre {
  server: RunningServer;
  clock: FakeClock;
  wa: FakeWhatsappCloud;
  fb: FakeMessenger;
  sms: FakeTwilio;
  dataDir: string;
}

export async function startFakes(options: { readAfterMs?: number | null } = {}) {
  const wa = new FakeWhatsappCloud({ token: SECRETS.whatsapp.accessToken, appSecret: SECRETS.whatsapp.appSecret, phoneNumberIds: [WA_NUMBER_ID], deliveredAfterMs: 30, readAfterMs: options.readAfterMs === undefined ? 60 : options.readAfterMs });
  const fb = new FakeMessenger({ pageTokens: SECRETS.facebook.pageTokens, appSecret: SECRETS.facebook.appSecret, appId: '555', deliveredAfterMs: 30, readAfterMs: options.readAfterMs === undefined ? 60 : options.readAfterMs });
  const sms = new FakeTwilio({ accountSid: ACCOUNT_SID, authToken: SECRETS.sms.authToken, numbers: [SMS_NUMBER], deliveredAfterMs: 30 });
  await Promise.all([wa.start(), fb.start(), sms.start()]);
  onCleanup(() => Promise.all([wa.stop(), fb.stop(), sms.stop()]));
  return { wa, fb, sms };
}

/** The fakes, then a server pointed at them, then the fakes pointed at the server's webhooks. */
export async function startCentre(
  options: { dataDir?: string; clock?: FakeClock; fakes?: Awaited<ReturnType<typeof startFakes>>; readAfterMs?: number | null; log?: (line: string) => void } = {},
): Promise<Centre> {
  const fakes = options.fakes ?? (await startFakes(options));
  const clock = options.clock ?? new FakeClock('2026-01-05T10:00:00Z');
  const dataDir = options.dataDir ?? tempDir();
  const server = await startTestServer({
    config: channelsConfig({ whatsapp: fakes.wa.url, facebook: fakes.fb.url, sms: fakes.sms.url }),
    clock,
    random: new SeededRandom(7),
    dataDir,
    providerSecrets: SECRETS,
    outbox: { baseDelayMs: 200, maxDelayMs: 2_000 },
    log: options.log,
  });
  fakes.wa.webhookUrl = `${server.publicUrl}/hooks/whatsapp`;
  fakes.fb.webhookUrl = `${server.publicUrl}/hooks/facebook`;
  fakes.sms.webhookUrl = `${server.publicUrl}/hooks/sms`;
  return { server, clock, dataDir, ...fakes };
}

export function login(centre: Centre, agent = '2001'): Promise<LoggedIn> {
  return loginAgent(agentUrlOf(centre.server), agent);
}

/** Wait until `check` gives a value (the providers and the outbox work on their own time); fail saying what was waited for. */
export async function until<T>(check: () => T | undefined | null | false, what: string, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v !== undefined && v !== null && v !== false) return v;
    if (Date.now() > end) throw new Error(`waited ${ms} ms for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** POST to one of the server's webhooks as-is (signature and all given by the test). */
export async function postHook(server: RunningServer, path: string, body: string | Buffer, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  const res = await fetch(`${server.publicUrl}${path}`, { method: 'POST', headers, body });
  return { status: res.status, body: await res.text() };
}

export function messagesOf(server: RunningServer, conversation: string) {
  return allMessages(server.engine).filter((m) => m.conversation === conversation);
}

export function conversationsOn(server: RunningServer, channel: string) {
  return [...server.engine.state.all('conversation')].filter((c) => c.channel === channel);
}
