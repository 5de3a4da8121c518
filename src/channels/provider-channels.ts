import type { Config } from '../core/config/schema.js';
import { facebookChannel } from './facebook/facebook-channel.js';
import type { ChannelDeps, ProviderChannelAdapter, ProviderSecrets } from './provider/channel.js';
import { smsChannel } from './sms/sms-channel.js';
import { whatsappChannel } from './whatsapp/whatsapp-channel.js';

/** The provider channels the configuration has (whatsapp, facebook, sms sections), each with its secrets. */
export function providerChannels(config: Config, secrets: ProviderSecrets, deps: ChannelDeps): ProviderChannelAdapter[] {
  const missing = (channel: string) => new Error(`The configuration has a ${channel} section but no ${channel} secrets were given.`);
  const out: ProviderChannelAdapter[] = [];
  if (config.whatsapp) {
    if (!secrets.whatsapp) throw missing('whatsapp');
    out.push(whatsappChannel(config.whatsapp, secrets.whatsapp, deps));
  }
  if (config.facebook) {
    if (!secrets.facebook) throw missing('facebook');
    out.push(facebookChannel(config.facebook, secrets.facebook, deps));
  }
  if (config.sms) {
    if (!secrets.sms) throw missing('sms');
    out.push(smsChannel(config.sms, secrets.sms, deps));
  }
  return out;
}
