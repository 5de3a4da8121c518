import { randomBytes } from 'node:crypto';
import type { Clock, Random } from '../core/clock.js';
import type { Config } from '../core/config/schema.js';
import type { ProviderSecrets } from '../channels/provider/channel.js';
import { FakeMessenger } from '../channels/facebook/fake-graph-api.js';
import { FakeTwilio } from '../channels/sms/fake-twilio.js';
import { FakeWhatsappCloud } from '../channels/whatsapp/fake-cloud-api.js';
import { ProviderCustomerSimulator, type DemoProviders } from '../channels/sim-provider-customers.js';

/**
 * The demo's WhatsApp, Messenger and SMS: in-process FAKE providers (Meta's
 * and Twilio's services cannot run here) on 127.0.0.1, with secrets made up
 * for this run. The configuration's channels are pointed at them; once the
 * server listens they post their webhooks to it (customers writing,
 * statuses, echoes) and the simulated customers start.
 */
export async function startDemoProviders(config: Config): Promise<{ config: Config; secrets: ProviderSecrets; providers: DemoProviders | null; stop(): Promise<void> }> {
  if (!config.whatsapp || !config.facebook || !config.sms) return { config, secrets: {}, providers: null, stop: async () => {} };
  const secret = () => randomBytes(16).toString('hex');
  const secrets = {
    whatsapp: { accessToken: secret(), appSecret: secret(), verifyToken: secret() },
    facebook: { pageTokens: Object.fromEntries(config.facebook.pages.map((p) => [p.id, secret()])), appSecret: secret(), verifyToken: secret() },
    sms: { authToken: secret() },
  };
  const providers: DemoProviders = {
    whatsapp: new FakeWhatsappCloud({ token: secrets.whatsapp.accessToken, appSecret: secrets.whatsapp.appSecret, phoneNumberIds: config.whatsapp.numbers.map((n) => n.phoneNumberId), deliveredAfterMs: 1500, readAfterMs: 6000 }),
    facebook: new FakeMessenger({ pageTokens: secrets.facebook.pageTokens, appSecret: secrets.facebook.appSecret, appId: '1517776481860111', deliveredAfterMs: 1500, readAfterMs: 5000 }),
    sms: new FakeTwilio({ accountSid: config.sms.accountSid, authToken: secrets.sms.authToken, numbers: config.sms.numbers.map((n) => n.number), deliveredAfterMs: 2000 }),
  };
  await Promise.all(Object.values(providers).map((p) => p.start()));
  return {
    config: {
      ...config,
      whatsapp: { ...config.whatsapp, apiBase: providers.whatsapp.url },
      facebook: { ...config.facebook, apiBase: providers.facebook.url },
      sms: { ...config.sms, apiBase: providers.sms.url },
    },
    secrets,
    providers,
    stop: async () => {
      await Promise.all(Object.values(providers).map((p) => p.stop()));
    },
  };
}

/** Point the fakes at the server's webhooks and start the simulated customers (about `perHour` new ones an hour). */
export function simulateProviderCustomers(providers: DemoProviders, publicUrl: string, options: { clock: Clock; random: Random; perHour: number; log?: (line: string) => void }): ProviderCustomerSimulator {
  providers.whatsapp.webhookUrl = `${publicUrl}/hooks/whatsapp`;
  providers.facebook.webhookUrl = `${publicUrl}/hooks/facebook`;
  providers.sms.webhookUrl = `${publicUrl}/hooks/sms`;
  const sim = new ProviderCustomerSimulator(providers, options);
  sim.start();
  return sim;
}
