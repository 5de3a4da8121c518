import type { UploadedFile } from '../../client/upload.js';

/** An email reply's copies and signature. */
export interface Envelope {
  cc: string[];
  bcc: string[];
  /** A signature id; null: none; undefined: the default. */
  signature?: string | null;
}

/**
 * What a reply carries besides its text — an email's Cc, Bcc and chosen
 * signature, and the files attached (already uploaded, by their ids) — as
 * the draft file keeps it (client/drafts.ts: a record of strings), so a
 * killed panel gives them back with the text. An empty record is forgotten
 * there, and reads back as no copies, the default signature and no files.
 */
export interface ReplyExtras {
  envelope: Envelope;
  files: UploadedFile[];
}

/** The record kept on disk; every field empty when there is nothing to keep. */
export function writeExtras({ envelope, files }: ReplyExtras): Record<string, string> {
  const signature = envelope.signature === undefined ? '' : envelope.signature === null ? 'none' : `id:${envelope.signature}`;
  return { cc: envelope.cc.join(','), bcc: envelope.bcc.join(','), signature, files: files.length ? JSON.stringify(files) : '' };
}

/** The extras a kept record holds; what makes no sense (an edited or older file) reads as nothing. */
export function readExtras(value: unknown): ReplyExtras | null {
  if (!value || typeof value !== 'object') return null;
  const kept = value as Record<string, unknown>;
  const list = (field: unknown) => (typeof field === 'string' ? field.split(',').filter(Boolean) : []);
  const signature = typeof kept.signature === 'string' ? kept.signature : '';
  return {
    envelope: {
      cc: list(kept.cc),
      bcc: list(kept.bcc),
      ...(signature === 'none' ? { signature: null } : signature.startsWith('id:') ? { signature: signature.slice(3) } : {}),
    },
    files: readFiles(kept.files),
  };
}

function readFiles(text: unknown): UploadedFile[] {
  if (typeof text !== 'string' || !text) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  return parsed.filter(
    (f): f is UploadedFile =>
      Boolean(f) && typeof f === 'object' && typeof f.id === 'string' && typeof f.name === 'string' && typeof f.size === 'number' && typeof f.type === 'string',
  );
}
