import type { Config } from '../core/config/schema.js';
import { facebookChannel } from './facebook/facebook-channel.js';
import type { ChannelDeps, ProviderChannelAdapter, ProviderSecrets } from './provider/channel.js';
import { smsChannel } from './sms/sms-channel.js';
import { whatsappChannel } from './whatsapp/whatsapp-channel.js';

/**
 * The provider channels the configuration has (whatsapp, facebook, sms
 * sections) and whose secrets were given. One without its secrets is left
 * off, saying so: its webhooks answer 404 and its messages wait, while the
 * rest of the centre works.
 */
export function providerChannels(config: Config, secrets: ProviderSecrets, deps: ChannelDeps): ProviderChannelAdapter[] {
  const out: ProviderChannelAdapter[] = [];
  const off = (channel: string) => deps.log(`${channel}: configured, but its secrets were not given: not started`);
  if (config.whatsapp) {
    if (secrets.whatsapp) out.push(whatsappChannel(config.whatsapp, secrets.whatsapp, deps));
    else off('whatsapp');
  }
  if (config.facebook) {
    if (secrets.facebook) out.push(facebookChannel(config.facebook, secrets.facebook, deps));
    else off('facebook');
  }
  if (config.sms) {
    if (secrets.sms) out.push(smsChannel(config.sms, secrets.sms, deps));
    else off('sms');
  }
  return out;
}
