import { createWriteStream, existsSync, mkdirSync, renameSync, statSync, statfsSync, unlinkSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { ClientError } from './session.js';
import type { ErrorCode } from '../core/protocol/error-codes.js';

/** The address of a stored file (an attachment, a call recording) on the server. */
export function fileUrl(httpBase: string, fileId: string): string {
  return new URL(`/files/${encodeURIComponent(fileId)}`, httpBase).toString();
}

function needsAccess(httpBase: string | null | undefined, token: string | null): asserts httpBase is string {
  if (!httpBase) throw new ClientError('NO_WEB_ADDRESS', "Files cannot be fetched from here: the panel does not know the server's web address.");
  if (!token) throw new ClientError('NOT_LOGGED_IN', 'Log in first.');
}

/** A refusal from /files as the server wrote it (its code and sentence), or the status when it said none. */
function refusal(res: IncomingMessage): Promise<ClientError> {
  return new Promise((done) => {
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
      done(new ClientError(parsed.code ?? `HTTP_${res.statusCode!}`, parsed.message ?? `The file could not be fetched (HTTP ${res.statusCode}).`));
    });
  });
}

/** A request to /files with the agent's session token; resolves with the response once it is there. */
function ask(url: URL, method: 'GET' | 'POST', token: string): Promise<IncomingMessage> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((done, fail) => {
    const req = send(url, { method, headers: { authorization: `Bearer ${token}` } }, done);
    req.on('error', (e) => fail(new ClientError('DOWNLOAD_FAILED', `The file could not be fetched: ${e.message}`)));
    req.end();
  });
}

/** The words for a failure to write `path` (a full disk, a folder that is not there or not ours). */
export function writeError(e: NodeJS.ErrnoException, path: string): ClientError {
  const folder = dirname(path);
  if (e.code === 'ENOSPC' || e.code === 'EDQUOT') return new ClientError('DISK_FULL', `The disk is full: ${basename(path)} could not be saved in ${folder}.`);
  if (e.code === 'ENOENT') return new ClientError('NO_SUCH_FOLDER', `There is no folder ${folder}.`);
  if (e.code === 'EACCES' || e.code === 'EPERM' || e.code === 'EROFS') return new ClientError('CANNOT_WRITE', `You may not write in ${folder}.`);
  return new ClientError('DOWNLOAD_FAILED', `${basename(path)} could not be saved: ${e.message}`);
}

/**
 * Fetch a stored file with the agent's session token into `path`, written
 * as `path.part` and renamed once whole, so a file cut short (the link
 * dropped, the disk filled up) never passes for the file.
 */
async function fetchInto(httpBase: string | null | undefined, token: string | null, fileId: string, path: string, mode: number): Promise<string> {
  needsAccess(httpBase, token);
  const res = await ask(new URL(fileUrl(httpBase, fileId)), 'GET', token!);
  if (res.statusCode !== 200) throw await refusal(res);
  const part = `${path}.part`;
  await new Promise<void>((done, fail) => {
    const out = createWriteStream(part, { mode });
    let failed = false;
    const broken = (error: ClientError) => {
      if (failed) return;
      failed = true;
      res.destroy();
      out.destroy();
      removeFile(part);
      fail(error);
    };
    out.on('error', (e: NodeJS.ErrnoException) => broken(writeError(e, path)));
    res.on('error', (e) => broken(new ClientError('DOWNLOAD_FAILED', `The file could not be fetched: ${e.message}`)));
    res.on('aborted', () => broken(new ClientError('DOWNLOAD_FAILED', 'The file could not be fetched: the server stopped sending it.')));
    out.on('finish', () => (failed ? undefined : done()));
    res.pipe(out);
  });
  try {
    renameSync(part, path);
  } catch (e) {
    removeFile(part);
    throw writeError(e as NodeJS.ErrnoException, path);
  }
  return path;
}

/**
 * Fetch a stored file with the agent's session token (`GET /files/<id>`) into
 * a private temporary file, and resolve with its path. The server decides who
 * may read it; a refusal rejects with the server's sentence.
 */
export async function downloadFile(httpBase: string | null | undefined, token: string | null, fileId: string, extension = ''): Promise<string> {
  needsAccess(httpBase, token);
  const dir = join(tmpdir(), 'switchboard-files');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return fetchInto(httpBase, token, fileId, join(dir, `${fileId.replace(/[^A-Za-z0-9_-]/g, '')}${extension}`), 0o600);
}

/** Free bytes for an unprivileged writer in the folder of `path` (null: not known). */
export function freeBytes(path: string): number | null {
  try {
    const s = statfsSync(dirname(path));
    return s.bavail * s.bsize;
  } catch {
    return null;
  }
}

export interface SaveOptions {
  /** Replace a file already at the path (the agent said so). */
  overwrite?: boolean;
  /** The file's size, to refuse a disk that cannot hold it before a byte is fetched. */
  size?: number;
  /** Free bytes where it goes (default: what the file system says). */
  free?: (path: string) => number | null;
}

/**
 * Save an attachment where the agent chose (a file path). Refused in words,
 * before anything is fetched: a file already there (unless `overwrite`: the
 * panel asks first), a folder that is not there, a disk without room for it.
 */
export async function saveFile(httpBase: string | null | undefined, token: string | null, fileId: string, path: string, options: SaveOptions = {}): Promise<string> {
  needsAccess(httpBase, token);
  const folder = dirname(path);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new ClientError('NO_SUCH_FOLDER', `There is no folder ${folder}.`);
  if (existsSync(path) && !options.overwrite) throw new ClientError('FILE_EXISTS', `${basename(path)} is already in ${folder}.`);
  const free = (options.free ?? freeBytes)(path);
  if (options.size !== undefined && free !== null && free < options.size)
    throw new ClientError('DISK_FULL', `The disk is full: ${basename(path)} needs ${Math.ceil(options.size / 1024)} KB and ${folder} has ${Math.floor(free / 1024)} KB free.`);
  return fetchInto(httpBase, token, fileId, path, 0o644);
}

/**
 * A short-lived signed link to a stored file, which a browser opens without
 * a session token (`POST /files/<id>/link`): its full address and when it
 * stops working. Refused in the server's words (the file gone, not yours).
 */
export async function fileLink(httpBase: string | null | undefined, token: string | null, fileId: string): Promise<{ url: string; expiresAt: number }> {
  needsAccess(httpBase, token);
  const res = await ask(new URL(`/files/${encodeURIComponent(fileId)}/link`, httpBase), 'POST', token!);
  if (res.statusCode !== 200) throw await refusal(res);
  const body = await new Promise<string>((done, fail) => {
    let text = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => (text += chunk));
    res.on('end', () => done(text));
    res.on('error', (e) => fail(new ClientError('DOWNLOAD_FAILED', `The link could not be made: ${e.message}`)));
  });
  const { path, expiresAt } = JSON.parse(body) as { path: string; expiresAt: number };
  return { url: new URL(path, httpBase).toString(), expiresAt };
}

export function removeFile(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}
