import { createReadStream, createWriteStream, existsSync, mkdirSync, readdirSync, renameSync, statSync, unlinkSync, type ReadStream } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { join } from 'node:path';

export type Received = { ok: true; size: number } | { ok: false; reason: 'too-large'; size: number } | { ok: false; reason: 'aborted' };

/**
 * Uploaded files on disk, one file per id under <dataDir>/files. A body is
 * written to `<id>.part` while it arrives and renamed only once it is whole,
 * so a half-received or refused upload never looks like a file.
 */
export class FileStore {
  readonly dir: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'files');
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
  }

  /**
   * Stream a body to `<id>.part`, counting as it comes. Past `limit` bytes it
   * stops reading at once and removes what it wrote: a 2 GB upload costs us
   * 20 MB of disk for a moment, never 2 GB.
   */
  receive(id: string, body: Readable, limit: number): Promise<Received> {
    const part = this.partPath(id);
    return new Promise((resolve) => {
      const out = createWriteStream(part, { flags: 'wx', mode: 0o600 });
      let size = 0;
      let settled = false;
      const finish = (result: Received) => {
        if (settled) return;
        settled = true;
        body.off('data', onData);
        if (!result.ok) {
          out.destroy();
          this.discard(id);
        }
        resolve(result);
      };
      const onData = (chunk: Buffer) => {
        size += chunk.length;
        if (size > limit) {
          body.pause();
          finish({ ok: false, reason: 'too-large', size });
          return;
        }
        if (!out.write(chunk)) {
          body.pause();
          out.once('drain', () => body.resume());
        }
      };
      body.on('data', onData);
      let ended = false;
      body.once('end', () => {
        ended = true;
        if (!settled) out.end(() => finish({ ok: true, size }));
      });
      // A request closes after its end too; only a close before the end is a client that went away.
      body.once('close', () => ended || finish({ ok: false, reason: 'aborted' }));
      body.once('error', () => finish({ ok: false, reason: 'aborted' }));
      out.once('error', () => finish({ ok: false, reason: 'aborted' }));
    });
  }

  /**
   * Bytes already in memory (a mail's attachment, a provider's media) become
   * a file: written whole, then put in place. The write runs off the event
   * loop (libuv's pool): a mail's 200 KB attachment would otherwise hold up
   * every other connection while the disk takes it. A write the disk refuses
   * leaves nothing behind (its partial body is removed) and rejects.
   */
  async write(id: string, bytes: Buffer): Promise<void> {
    try {
      await writeFile(this.partPath(id), bytes, { mode: 0o600, flag: 'wx' });
      await rename(this.partPath(id), this.path(id));
    } catch (e) {
      this.discard(id);
      throw e;
    }
  }

  /** The received body becomes the file. */
  keep(id: string): void {
    renameSync(this.partPath(id), this.path(id));
  }

  /** Remove a file or its partial body, whichever exists. */
  discard(id: string): void {
    for (const p of [this.partPath(id), this.path(id)]) {
      try {
        unlinkSync(p);
      } catch {
        // not there: nothing to remove
      }
    }
  }

  /** Ids of every file and half-received body on disk. */
  ids(): string[] {
    return [...new Set(readdirSync(this.dir).map((name) => name.replace(/\.part$/, '')))].filter((id) => /^[A-Za-z0-9_-]{1,100}$/.test(id));
  }

  /** Whether the file is on disk (a registered file may have been removed since). */
  has(id: string): boolean {
    return existsSync(this.path(id));
  }

  open(id: string): { stream: ReadStream; size: number } | null {
    try {
      const size = statSync(this.path(id)).size;
      return { stream: createReadStream(this.path(id)), size };
    } catch {
      return null;
    }
  }

  private path(id: string): string {
    return join(this.dir, safeId(id));
  }

  private partPath(id: string): string {
    return `${this.path(id)}.part`;
  }
}

/** Ids are made by the server, but a path is never built from anything that could climb out of the folder. */
function safeId(id: string): string {
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(id)) throw new Error(`bad file id ${JSON.stringify(id)}`);
  return id;
}
