import type { SmsConfig } from '../../core/config/provider-channels.js';
import type { ChannelDeps, ProviderChannelAdapter, ProviderSecrets } from '../provider/channel.js';
import { SmsSender } from './sms-sender.js';
import { smsWebhook } from './sms-webhook.js';
import { TwilioApi } from './twilio-api.js';

/** SMS in Twilio's format: no read receipts nor typing on this channel, so nothing to watch. */
export function smsChannel(config: SmsConfig, secrets: NonNullable<ProviderSecrets['sms']>, deps: ChannelDeps): ProviderChannelAdapter {
  const api = new TwilioApi(config, secrets.authToken);
  return {
    webhook: smsWebhook(config, secrets.authToken, api, deps),
    sender: new SmsSender(config, api, deps.media, deps.publicUrl),
    start() {},
    stop() {},
  };
}
