import type { FacebookConfig } from '../../core/config/provider-channels.js';
import type { ChannelDeps, ProviderChannelAdapter, ProviderSecrets } from '../provider/channel.js';
import type { WebhookHandler } from '../provider/hook.js';
import { download, mediaName } from '../provider/media.js';
import { metaHook } from '../provider/meta-hook.js';
import { TAKEN } from '../provider/meta-verify.js';
import { watchPresence } from '../provider/presence.js';
import { takeBatch } from '../provider/take-batch.js';
import { applyEcho, applyWatermark } from './apply.js';
import { GraphApi } from './graph-api.js';
import { fbNotification, readEvents } from './payload.js';
import { readFacebookThread, readNotification, type ReadEntry } from './read-notification.js';
import { FacebookSender } from './sender.js';
import { CustomerNames } from './customer-names.js';
import { NameLookups } from './name-lookups.js';

/**
 * Facebook Messenger: its webhook (/hooks/facebook) takes customers'
 * messages, the page's echoes (ours confirm our sends; others are "Sent from
 * Facebook"), reads and deliveries in; the sender takes the outbox out; the
 * agent's reading and typing are shown with mark_seen and typing_on/off.
 */
export function facebookChannel(config: FacebookConfig, secrets: NonNullable<ProviderSecrets['facebook']>, deps: ChannelDeps): ProviderChannelAdapter {
  const api = new GraphApi(config.apiBase, secrets.pageTokens);
  const names = new CustomerNames(deps.clock);
  const lookups = new NameLookups((pageId, psid) => api.name(pageId, psid), names);
  let stopWatching: (() => void) | null = null;

  /** The names of customers not seen lately, looked up before the message is kept, a few at a time (NameLookups): a failed look-up leaves none, and is asked again next time. */
  const lookUpNames = async (entries: ReadEntry[]) => {
    const wanted = new Map<string, string>();
    for (const entry of entries) for (const e of entry.events) if (e.message && !e.message.is_echo && !names.get(e.sender.id)) wanted.set(e.sender.id, entry.id);
    await Promise.all([...wanted].map(([psid, pageId]) => lookups.lookUp(pageId, psid)));
  };

  const webhook: WebhookHandler = {
    channel: 'facebook',
    handle: (req) =>
      metaHook(req, { name: 'Facebook', appSecret: secrets.appSecret, verifyToken: secrets.verifyToken }, fbNotification, deps.log, async (payload) => {
        const entries: ReadEntry[] = payload.entry.map((entry) => {
          const { events, dropped } = readEvents(entry.messaging);
          for (const why of dropped) deps.log(`facebook: page ${entry.id}: ${why}; not kept`);
          for (const e of events) if (e.unreadable) deps.log(`facebook: page ${entry.id}: message ${e.message?.mid.slice(0, 100) ?? '(none)'} from ${e.sender.id}: ${e.unreadable}`);
          return { id: entry.id, events };
        });
        await lookUpNames(entries);
        const read = readNotification(entries, config, {
          name: (_, psid) => names.get(psid)?.name ?? null,
          media: (a, label, mid, i) => ({
            label,
            fetch: async (signal) => {
              const got = await download(a.payload!.url!, {}, signal);
              const type = got.type?.split(';')[0]?.trim() || 'application/octet-stream';
              return { bytes: got.bytes, type, name: mediaName(label.toLowerCase().replace(/\s+/g, '-'), `${mid}${i}`, type) };
            },
          }),
        });
        for (const id of read.unknownPages) deps.log(`facebook: a notification for page ${id}, which this server does not serve, was not kept`);
        return takeBatch(deps, 'facebook', read.drafts, [], TAKEN, (ctx) => {
          for (const e of read.echoes) applyEcho(ctx, e);
          for (const w of read.watermarks) applyWatermark(ctx, w);
        });
      }),
  };

  const action = (ref: string | null, what: 'mark_seen' | 'typing_on' | 'typing_off') => {
    const thread = readFacebookThread(ref);
    if (!thread) return;
    api.senderAction(thread.pageId, thread.psid, what).catch((e: unknown) => deps.log(`facebook: ${what} failed: ${(e as Error).message}`));
  };

  return {
    webhook,
    sender: new FacebookSender(config, api, deps.media),
    start() {
      stopWatching = watchPresence(deps.engine, 'facebook', {
        seen: (c) => action(c.externalRef, 'mark_seen'),
        typing: (c, typing) => action(c.externalRef, typing ? 'typing_on' : 'typing_off'),
      });
    },
    stop() {
      stopWatching?.();
      stopWatching = null;
    },
  };
}
