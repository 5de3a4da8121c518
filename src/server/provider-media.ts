import { createHmac, randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { Engine } from '../core/engine.js';
import type { Attachment } from '../core/protocol/model.js';
import { fileName } from '../core/protocol/outside-names.js';
import type { MediaPort } from '../channels/provider/media.js';
import { sameSecret } from '../channels/provider/signatures.js';
import type { FileStore } from './file-store.js';

/** How long a link given to a provider may be fetched: a retried send makes a new one. */
const LINK_SECONDS = 24 * 3600;

/**
 * The provider channels' files, in the server's file store. A customer's
 * photo or voice note is written there before its message is kept (and
 * registered as a file entity with it, so agents download it at /files/<id>
 * by the usual rule). A file an agent sends is given to the provider as a
 * link to /hooks/media/<id>, signed with this server's key and expiring:
 * providers fetch media by URL and carry no session of ours.
 */
export class ProviderMedia implements MediaPort {
  constructor(
    private readonly engine: Engine,
    private readonly files: FileStore,
    private readonly key: Buffer,
    private readonly publicBase: () => string | null,
  ) {}

  async store(name: string, type: string, bytes: Buffer): Promise<Attachment> {
    const id = `file-${randomUUID()}`;
    await this.files.write(id, bytes);
    return { id, name: fileName(name) || 'file', size: bytes.length, type: cleanType(type) };
  }

  discard(id: string): void {
    this.files.discard(id);
  }

  link(fileId: string): string | null {
    const base = this.publicBase();
    if (!base) return null;
    const expires = Math.floor(Date.now() / 1000) + LINK_SECONDS;
    return `${base}/hooks/media/${encodeURIComponent(fileId)}?e=${expires}&s=${this.sign(fileId, expires)}`;
  }

  /** Serve a signed link; false when it is not one (or not any more). */
  serve(fileId: string, query: URLSearchParams, headOnly: boolean, res: ServerResponse): boolean {
    const expires = Number(query.get('e'));
    const signature = query.get('s') ?? '';
    if (!/^[A-Za-z0-9_-]{1,100}$/.test(fileId) || !Number.isInteger(expires) || expires * 1000 < Date.now()) return false;
    if (!sameSecret(signature, this.sign(fileId, expires))) return false;
    const file = this.engine.state.get('file', fileId);
    const opened = file ? this.files.open(fileId) : null;
    if (!file || !opened) return false;
    res.writeHead(200, {
      'content-type': file.type,
      'content-length': String(opened.size),
      'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-store',
    });
    if (headOnly) {
      opened.stream.destroy();
      res.end();
    } else {
      opened.stream.pipe(res);
      opened.stream.once('error', () => res.destroy());
    }
    return true;
  }

  private sign(fileId: string, expires: number): string {
    return createHmac('sha256', this.key).update(`${fileId}.${expires}`).digest('base64url');
  }
}

function cleanType(raw: string): string {
  const type = raw.split(';')[0]!.trim().toLowerCase();
  return /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/.test(type) ? type : 'application/octet-stream';
}
