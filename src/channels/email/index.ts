import { join } from 'node:path';
import type { Engine } from '../../core/engine.js';
import type { EmailConfig, EmailListenerConfig, EmailRelayConfig } from '../../core/config/email.js';
import { CaptureRelay } from './capture-relay.js';
import { EmailIntake, type AttachmentStore } from './intake.js';
import { EmailListener } from './listener.js';
import { ImapMailbox } from './imap.js';
import { readConfiguredFile, readSecret } from './secrets.js';
import { EmailSender } from './sender.js';

export interface EmailChannelOptions {
  engine: Engine;
  files: AttachmentStore & { dir: string };
  dataDir: string;
  /** Where the configuration put the listener, unless `serve --smtp` says otherwise. */
  listener?: Partial<EmailListenerConfig> | null;
  /** The demo: a relay of our own that keeps what it is given (instead of `email.relay`). */
  captureRelay?: boolean;
  env?: NodeJS.ProcessEnv;
  log: (line: string) => void;
}

/** What runs of the email channel, and where. */
export interface RunningEmail {
  /** Hands replies to the relay: one of the outbox's ChannelSenders. */
  sender: EmailSender | null;
  listener: EmailListener | null;
  imap: ImapMailbox | null;
  capture: CaptureRelay | null;
  intake: EmailIntake;
  /** "127.0.0.1:2525", for Settings > General. */
  listenerAddress: string | null;
  relayAddress: string | null;
  close(): Promise<void>;
}

/**
 * Starts what the configuration's `email` block asks for: the SMTP
 * listener, the IMAP mailbox, and the sender to the relay (or the demo's
 * capture relay). Secrets are read here, from the environment or their
 * files; one that cannot be read stops the start with CONFIG_INVALID naming
 * its place in the configuration.
 */
export async function startEmail(config: EmailConfig, options: EmailChannelOptions): Promise<RunningEmail> {
  const env = options.env ?? process.env;
  const settings = () => options.engine.config.email ?? config;
  const intake = new EmailIntake(options.engine, options.files, settings);
  const started: Array<() => Promise<void> | void> = [];
  const close = async () => {
    for (const stop of started.reverse()) await stop();
  };
  try {
    let relay: EmailRelayConfig | null = config.relay ?? null;
    let relayPassword = relay?.auth ? readSecret(relay.auth, 'email.relay.auth', env) : null;
    let capture: CaptureRelay | null = null;
    if (options.captureRelay) {
      capture = new CaptureRelay(join(options.dataDir, 'mail-capture'));
      const port = await capture.listen();
      started.push(() => capture!.close());
      relay = { host: '127.0.0.1', port, secure: false, requireTls: false, allowSelfSigned: false, connections: 2, dsn: false, dsnWaitSeconds: 300 };
      relayPassword = null;
    }
    const imapPassword = config.imap ? readSecret(config.imap.auth, 'email.imap.auth', env) : null;
    const sender = relay
      ? new EmailSender({ relay, password: relayPassword, attachmentPath: (id) => join(options.files.dir, id) })
      : null;
    if (sender) started.push(() => sender.close());

    let listener: EmailListener | null = null;
    const listenerSettings = options.listener === null ? null : config.listener || options.listener ? { ...defaultsOfListener(), ...config.listener, ...options.listener } : null;
    if (listenerSettings) {
      const password = listenerSettings.auth ? readSecret(listenerSettings.auth, 'email.listener.auth', env) : null;
      const files = listenerSettings.tls;
      const tls = files ? { key: readConfiguredFile(files.key, 'email.listener.tls.key'), cert: readConfiguredFile(files.cert, 'email.listener.tls.cert') } : null;
      listener = new EmailListener({
        settings: listenerSettings,
        addresses: () => new Set(settings().addresses.map((a) => a.address)),
        maxBytes: Math.floor(config.maxMessageMb * 1024 * 1024),
        password,
        tls,
        intake,
        log: options.log,
      });
      await listener.listen();
      const l = listener;
      started.push(() => l.close());
    }

    let imap: ImapMailbox | null = null;
    if (config.imap) {
      imap = new ImapMailbox({ settings: config.imap, password: imapPassword!, intake, stateFile: join(options.dataDir, 'imap-state.json'), maxBytes: Math.floor(config.maxMessageMb * 1024 * 1024), log: options.log });
      imap.start();
      const m = imap;
      started.push(() => m.stop());
    }
    const at = (a: { host: string; port: number } | undefined) => (a ? `${a.host.includes(':') ? `[${a.host}]` : a.host}:${a.port}` : null);
    return {
      sender,
      listener,
      imap,
      capture,
      intake,
      listenerAddress: at(listener?.address),
      relayAddress: relay ? at(relay) : null,
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}

function defaultsOfListener(): EmailListenerConfig {
  return { host: '127.0.0.1', port: 2525, hostname: 'switchboard', perMinute: 120 };
}
