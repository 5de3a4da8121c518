import type { Config } from '../core/config/schema.js';

/** The provider channels whose webhooks the server takes, in the order the README names them. */
const PROVIDERS = ['whatsapp', 'facebook', 'sms'] as const;

/**
 * serve's line naming where the providers' webhooks go: only the channels the
 * configuration has. It named all three whatever was configured, so an IT
 * person with SMS alone was told to point WhatsApp and Facebook somewhere too
 * (and, with no provider at all, given a local address for each).
 */
export function webhookLine(config: Pick<Config, (typeof PROVIDERS)[number]>, publicUrl: string | null): string | null {
  const configured = PROVIDERS.filter((channel) => config[channel] !== undefined);
  if (!publicUrl || configured.length === 0) return null;
  return `provider webhooks: ${configured.map((channel) => `${publicUrl}/hooks/${channel}`).join(', ')}`;
}
