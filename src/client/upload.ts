import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { basename, resolve } from 'node:path';
import { homedir } from 'node:os';
import { ClientError } from './session.js';
import type { ErrorCode } from '../core/protocol/error-codes.js';

/** The server's limit per file (the core's MAX_ATTACHMENT_BYTES); checked here too so 20 MB are not sent to be refused. */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

export interface UploadedFile {
  id: string;
  name: string;
  size: number;
  type: string;
}

/** The server's sentence for a file over the limit, word for word, so the panel says the same before sending. */
export function tooLargeSentence(name: string, size: number): string {
  return `${name} is ${(size / 1048576).toFixed(1)} MB; files are limited to 20 MB each.`;
}

/** "~/x.pdf" and relative paths as a shell would read them. */
export function expandPath(path: string, cwd = process.cwd()): string {
  const p = path.trim();
  if (p === '~' || p.startsWith('~/')) return resolve(homedir(), p.slice(2));
  return resolve(cwd, p);
}

const TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  txt: 'text/plain',
  csv: 'text/csv',
  zip: 'application/zip',
  json: 'application/json',
};

/**
 * Upload a file the agent names by path: `POST {httpBase}/files?name=` with
 * the agent's session token, streamed with its length declared (the server
 * refuses an oversized one before reading it). Resolves with the file's id
 * for message.send; rejects with a ClientError carrying the server's sentence.
 */
export async function uploadFile(httpBase: string | null | undefined, token: string | null, path: string): Promise<UploadedFile> {
  if (!path.trim()) throw new ClientError('PATH_REQUIRED', 'Type the path of the file to attach.');
  const full = expandPath(path);
  const name = basename(full);
  let size: number;
  try {
    const s = await stat(full);
    if (!s.isFile()) throw new ClientError('NOT_A_FILE', `${full} is not a file.`);
    size = s.size;
  } catch (e) {
    if (e instanceof ClientError) throw e;
    throw new ClientError('FILE_UNREADABLE', `${full} cannot be read: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'there is no such file' : (e as Error).message}.`);
  }
  if (size > MAX_UPLOAD_BYTES) throw new ClientError('FILE_TOO_LARGE', tooLargeSentence(name, size));
  if (!httpBase) throw new ClientError('NO_WEB_ADDRESS', "Files cannot be sent from here: the panel does not know the server's web address.");
  if (!token) throw new ClientError('NOT_LOGGED_IN', 'Log in first.');
  const url = new URL(`/files?name=${encodeURIComponent(name)}`, httpBase);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const type = TYPES[name.split('.').pop()?.toLowerCase() ?? ''] ?? 'application/octet-stream';
  return new Promise<UploadedFile>((done, fail) => {
    const req = send(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': type, 'content-length': String(size) } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        let parsed: Record<string, unknown> = {};
        try {
          parsed = JSON.parse(body) as Record<string, unknown>;
        } catch {
          // Not JSON: say what the status says.
        }
        if (res.statusCode === 201) done(parsed as unknown as UploadedFile);
        else fail(new ClientError((parsed.code as ErrorCode | undefined) ?? `HTTP_${res.statusCode!}`, String(parsed.message ?? `The upload failed (HTTP ${res.statusCode}).`)));
      });
    });
    req.on('error', (e) => fail(new ClientError('UPLOAD_FAILED', `The upload failed: ${e.message}`)));
    const file = createReadStream(full);
    file.on('error', (e) => {
      req.destroy();
      fail(new ClientError('FILE_UNREADABLE', `${full} cannot be read: ${e.message}`));
    });
    file.pipe(req);
  });
}
