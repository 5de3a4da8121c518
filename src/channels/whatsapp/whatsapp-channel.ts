import type { WhatsappConfig } from '../../core/config/provider-channels.js';
import type { ChannelDeps, ProviderChannelAdapter, ProviderSecrets } from '../provider/channel.js';
import type { WebhookHandler } from '../provider/hook.js';
import { mediaName } from '../provider/media.js';
import { metaHook } from '../provider/meta-hook.js';
import { TAKEN } from '../provider/meta-verify.js';
import { watchPresence } from '../provider/presence.js';
import { takeBatch } from '../provider/take-batch.js';
import { CloudApi } from './cloud-api.js';
import { waNotification } from './payload.js';
import { readNotification, readWhatsappThread } from './read-notification.js';
import { WhatsappSender } from './sender.js';
import { forgetOldest } from '../../core/bounded-map.js';

/** Typing dots are shown again at most this often (WhatsApp keeps them 25 s). */
const TYPING_EVERY_MS = 20_000;

/**
 * WhatsApp over the Business Cloud API: its webhook (/hooks/whatsapp) takes
 * customers' messages and our messages' statuses in, the sender takes the
 * outbox out, and the agent's reading and typing are shown to the customer
 * (blue ticks, typing dots).
 */
export function whatsappChannel(config: WhatsappConfig, secrets: NonNullable<ProviderSecrets['whatsapp']>, deps: ChannelDeps): ProviderChannelAdapter {
  const api = new CloudApi(config.apiBase, secrets.accessToken);
  const typingShown = new Map<string, number>();
  let stopWatching: (() => void) | null = null;

  const webhook: WebhookHandler = {
    channel: 'whatsapp',
    handle: (req) =>
      metaHook(req, { name: 'WhatsApp', ...secrets }, waNotification, deps.log, async (payload) => {
        const read = readNotification(payload, config, (m, label) => ({
          label,
          fetch: async (signal) => {
            const got = await api.media(m.id, signal);
            const type = m.mime_type ?? got.type;
            return { bytes: got.bytes, type, name: m.filename?.trim() || mediaName(label.toLowerCase().replace(/\s+/g, '-'), m.id, type) };
          },
        }));
        for (const id of read.unknownNumbers) deps.log(`whatsapp: a notification for phone number id ${id}, which this server does not serve, was not kept`);
        for (const why of read.unreadable) deps.log(`whatsapp: ${why}`);
        return takeBatch(deps, 'whatsapp', read.drafts, read.statuses, TAKEN);
      }),
  };

  const mark = (phoneNumberId: string | undefined, messageId: string, typing: boolean) => {
    if (!phoneNumberId) return;
    api.markRead(phoneNumberId, messageId, typing).catch((e: unknown) => deps.log(`whatsapp: could not mark a message read: ${(e as Error).message}`));
  };

  return {
    webhook,
    sender: new WhatsappSender(config, api, deps.media),
    start() {
      stopWatching = watchPresence(deps.engine, 'whatsapp', {
        seen: (c, latest) => mark(readWhatsappThread(c.externalRef)?.phoneNumberId, latest.externalId!, false),
        typing: (c, typing, latest) => {
          // WhatsApp has no "stopped typing": the dots go with our reply or after 25 s.
          const last = typingShown.get(c.id) ?? 0;
          if (!typing || !latest?.externalId || Date.now() - last < TYPING_EVERY_MS) return;
          typingShown.set(c.id, Date.now());
          forgetOldest(typingShown, 10_000);
          mark(readWhatsappThread(c.externalRef)?.phoneNumberId, latest.externalId, true);
        },
      });
    },
    stop() {
      stopWatching?.();
      stopWatching = null;
    },
  };
}
