import type { Engine } from '../../core/engine.js';
import type { Clock } from '../../core/clock.js';
import type { ChannelSender } from '../outbox/sender.js';
import type { WebhookHandler } from './hook.js';
import type { MediaPort } from './media.js';

/**
 * The secrets of the provider channels: access tokens, app secrets, the
 * webhook verify tokens and Twilio's auth token. The server reads them from
 * the environment or a secret file (server/provider-secrets.ts); they are
 * never in the configuration nor on the command line.
 */
export interface ProviderSecrets {
  whatsapp?: { accessToken: string; appSecret: string; verifyToken: string };
  /** pageTokens by page id. */
  facebook?: { pageTokens: Record<string, string>; appSecret: string; verifyToken: string };
  sms?: { authToken: string };
}

/** What every channel adapter is given by the server. */
export interface ChannelDeps {
  /** Webhooks are taken in through engine.runGrouped: those of one turn share a commit (the engine's group commit). */
  engine: Engine;
  media: MediaPort;
  /** The address providers reach us at, without a trailing slash: status callbacks and webhook signatures name it. */
  publicUrl: string;
  log: (line: string) => void;
  /** The server's clock: how long what an adapter keeps is kept. */
  clock: Clock;
}

/** A provider channel as the server runs it: its webhook in, its sender out, and what it watches in between. */
export interface ProviderChannelAdapter {
  readonly webhook: WebhookHandler;
  readonly sender: ChannelSender;
  /** Start watching the agents' reading and typing (WhatsApp and Messenger show them). */
  start(): void;
  stop(): void;
}
