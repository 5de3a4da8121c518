import { mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { readMail, type ReadMail } from './parse.js';

/**
 * The demo's relay: an SMTP server on loopback that takes every mail it is
 * given and keeps it as a .eml file (in `dir`), in place of the centre's
 * real relay, so replies visibly leave switchboard without reaching anyone.
 * Listeners hear of each mail (the simulated customers answer replies).
 */
export class CaptureRelay {
  private readonly server: SMTPServer;
  private readonly listeners = new Set<(mail: ReadMail) => void>();
  private port = 0;
  count = 0;

  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.server = new SMTPServer({
      name: 'capture-relay',
      banner: 'switchboard demo relay: mail is kept here, never sent on',
      disabledCommands: ['AUTH', 'STARTTLS'],
      authOptional: true,
      logger: false,
      // The sender's pooled connection stays open between mails: a shutdown does not wait for it.
      closeTimeout: 1000,
      onData: (stream, _session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.once('end', () => {
          const raw = Buffer.concat(chunks);
          this.count += 1;
          const name = `${String(this.count).padStart(6, '0')}.eml`;
          writeFileSync(join(this.dir, name), raw, { mode: 0o600 });
          callback(null, `2.0.0 Kept as ${name}`);
          if (this.listeners.size > 0) void readMail(raw).then((mail) => this.listeners.forEach((l) => l(mail)));
        });
      },
    });
  }

  onMail(listener: (mail: ReadMail) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async listen(host = '127.0.0.1'): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, host, () => resolve()));
    this.port = (this.server.server.address() as AddressInfo).port;
    return this.port;
  }

  get address(): { host: string; port: number } {
    return { host: '127.0.0.1', port: this.port };
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
