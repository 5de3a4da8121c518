import { createWriteStream, mkdirSync, unlinkSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClientError } from './session.js';
import type { ErrorCode } from '../core/protocol/error-codes.js';

/** The address of a stored file (an attachment, a call recording) on the server. */
export function fileUrl(httpBase: string, fileId: string): string {
  return new URL(`/files/${encodeURIComponent(fileId)}`, httpBase).toString();
}

/**
 * Fetch a stored file with the agent's session token (`GET /files/<id>`) into
 * a private temporary file, and resolve with its path. The server decides who
 * may read it; a refusal rejects with the server's sentence.
 */
export function downloadFile(httpBase: string | null | undefined, token: string | null, fileId: string, extension = ''): Promise<string> {
  if (!httpBase) return Promise.reject(new ClientError('NO_WEB_ADDRESS', "Files cannot be fetched from here: the panel does not know the server's web address."));
  if (!token) return Promise.reject(new ClientError('NOT_LOGGED_IN', 'Log in first.'));
  const url = new URL(fileUrl(httpBase, fileId));
  const dir = join(tmpdir(), 'switchboard-files');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, `${fileId.replace(/[^A-Za-z0-9_-]/g, '')}${extension}`);
  const get = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((done, fail) => {
    const req = get(url, { headers: { authorization: `Bearer ${token}` } }, (res) => {
      if (res.statusCode !== 200) {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => {
          let parsed: { code?: ErrorCode; message?: string } = {};
          try {
            parsed = JSON.parse(body) as typeof parsed;
          } catch {
            // not JSON: the status says enough
          }
          fail(new ClientError(parsed.code ?? `HTTP_${res.statusCode!}`, parsed.message ?? `The file could not be fetched (HTTP ${res.statusCode}).`));
        });
        return;
      }
      const out = createWriteStream(path, { mode: 0o600 });
      res.pipe(out);
      out.on('finish', () => done(path));
      const broken = (e: Error) => {
        out.destroy();
        removeFile(path);
        fail(new ClientError('DOWNLOAD_FAILED', `The file could not be fetched: ${e.message}`));
      };
      out.on('error', broken);
      res.on('error', broken);
    });
    req.on('error', (e) => fail(new ClientError('DOWNLOAD_FAILED', `The file could not be fetched: ${e.message}`)));
    req.end();
  });
}

export function removeFile(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}
