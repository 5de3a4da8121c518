import type { Attachment, Message } from '../../core/protocol/model.js';
import { sizeText } from '../chats/chats.js';

/** A file sent in a conversation: which, by whom, when. */
export interface ReceivedFile {
  file: Attachment;
  from: string;
  at: number;
}

/** The conversation's files, newest first, named by who sent them. */
export function filesOf(messages: Message[], sender: (m: Message) => string): ReceivedFile[] {
  const out: ReceivedFile[] = [];
  for (const m of messages) for (const file of m.attachments) out.push({ file, from: sender(m), at: m.at });
  return out.sort((a, b) => b.at - a.at);
}

const IMAGE_NAME = /\.(png|jpe?g|gif|webp|bmp)$/i;

/** Whether a file can be described as an image (its type says so, or its name). */
export function isImage(file: Attachment): boolean {
  return file.type.startsWith('image/') || IMAGE_NAME.test(file.name);
}

/** "image/png · 245 KB · 1280×720": the one line an image is described by. */
export function imageLine(file: Attachment, size: { width: number; height: number } | null): string {
  const type = file.type && file.type !== 'application/octet-stream' ? file.type : `image (${file.name.split('.').pop()?.toLowerCase() ?? '?'})`;
  return `${type} · ${sizeText(file.size)} · ${size ? `${size.width}×${size.height}` : 'dimensions unreadable (not an image it knows)'}`;
}

/** A name safe to save under: no folders, no control characters, and never "." or ".." (joined to a folder, the folder itself or the one above it). */
export function saveName(name: string): string {
  const base = (name.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return base === '.' || base === '..' ? 'file' : base || 'file';
}

/** The extension of a name (".pdf"), so an opener knows the kind of a temporary copy. */
export function extensionOf(name: string): string {
  const m = /\.[A-Za-z0-9]{1,8}$/.exec(name);
  return m ? m[0].toLowerCase() : '';
}
