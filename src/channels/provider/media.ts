import type { Attachment } from '../../core/protocol/model.js';
import type { HandlerContext } from '../../core/context.js';
import { MAX_ATTACHMENT_BYTES } from '../../core/messaging/conversation.js';
import { downloadFailure } from './download-failure.js';

/**
 * Where the channels keep what customers send (photos, documents, voice
 * notes) and how providers fetch what agents send. The server gives it
 * (server/provider-media.ts): the bytes live in its file store, beside the
 * live chat's uploads, and are served to agents by the same rule.
 */
export interface MediaPort {
  /** Write the bytes; the file becomes known with `register`, in the transaction that keeps the message. */
  store(name: string, type: string, bytes: Buffer): Promise<Attachment>;
  /** Forget bytes whose message was never kept. */
  discard(id: string): void;
  /** A public address a provider may fetch one of our files from, for a while (signed). */
  link(fileId: string): string | null;
}

/** The file entity of a downloaded attachment, registered with its message. */
export function registerMedia(ctx: HandlerContext, channel: string, a: Attachment): void {
  ctx.tx.put('file', { id: a.id, name: a.name, size: a.size, type: a.type, owner: `provider:${channel}`, at: ctx.clock.now() }, 'received');
}

export class MediaTooLarge extends Error {}

/**
 * Fetch a customer's media from the provider, at most 20 MB (the panel's
 * limit for any file), until `signal` says the webhook can wait no longer
 * (ingest.ts, MEDIA_DEADLINE_MS). Throws with the reason in words.
 */
export async function download(url: string, headers: Record<string, string>, signal: AbortSignal): Promise<{ bytes: Buffer; type: string | null }> {
  let res: Response;
  try {
    res = await fetch(url, { headers, signal, redirect: 'follow' });
  } catch (e) {
    throw new Error(downloadFailure(e));
  }
  if (!res.ok || !res.body) throw new Error(`the provider answered ${res.status}`);
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (declared > MAX_ATTACHMENT_BYTES) {
    await res.body.cancel();
    throw new MediaTooLarge('it is over 20 MB');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    if (size > MAX_ATTACHMENT_BYTES) throw new MediaTooLarge('it is over 20 MB');
    chunks.push(Buffer.from(chunk));
  }
  return { bytes: Buffer.concat(chunks), type: res.headers.get('content-type') };
}

/** A file name for media that came without one: "photo-<id>.jpg". */
export function mediaName(kind: string, id: string, type: string): string {
  const ext = EXTENSIONS[type.split(';')[0]!.trim().toLowerCase()] ?? 'bin';
  return `${kind}-${id.replace(/[^A-Za-z0-9]/g, '').slice(-12) || 'file'}.${ext}`;
}

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'audio/ogg': 'ogg',
  'audio/mpeg': 'mp3',
  'audio/aac': 'aac',
  'audio/amr': 'amr',
  'audio/mp4': 'm4a',
  'video/mp4': 'mp4',
  'video/3gpp': '3gp',
  'application/pdf': 'pdf',
  'text/plain': 'txt',
  'text/vcard': 'vcf',
};
