import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Principal } from '../core/context.js';
import type { Engine } from '../core/engine.js';
import { isCoreError } from '../core/errors.js';
import { MAX_ATTACHMENT_BYTES } from '../core/messaging/conversation.js';
import { mayView } from '../core/messaging/list.js';
import { mayViewCall } from '../core/calls/call-record.js';
import type { Conversation, StoredFile } from '../core/protocol/model.js';
import { fileName } from '../core/protocol/outside-names.js';
import type { FileStore } from './file-store.js';
import type { Log } from './logger.js';
import type { RequestTarget } from './request-target.js';
import type { VisitorGateway } from './visitor-gateway.js';
import type { ErrorCode } from '../core/protocol/error-codes.js';
import type { UploadQuota } from './upload-quota.js';
import type { FileLinks } from './file-links.js';

/**
 * File uploads and downloads for messages: `POST /files?name=<name>` with the
 * raw body, `GET /files/<id>` (or HEAD; it also serves call recordings, kept by
 * RecordingKeeper). An agent proves who they are with their session
 * token (`Authorization: Bearer`), a visitor with their chat's
 * `X-Visitor-Token`. `POST /files/<id>/link` gives an agent who may read a
 * file a short-lived signed link to it (`?exp=&sig=`, see FileLinks) that a
 * browser opens without any token. Files are kept by the FileStore and registered as `file`
 * entities through the engine, so a message can refer to them and the core
 * can check who uploaded what.
 */
export interface FilesDeps {
  engine: Engine;
  visitors: VisitorGateway;
  store: FileStore;
  quota: UploadQuota;
  links: FileLinks;
  log: Log;
}

type Who = { kind: 'agent'; principal: Principal } | { kind: 'visitor'; conversation: Conversation };

interface Refusal {
  status: number;
  code: ErrorCode;
  message: string;
}

/** After refusing a body, how long its socket may stay before it is cut (see refuse). */
const LINGER_MS = 5_000;

/** Answer /files requests; false when the path is not ours. */
export function handleFiles(req: IncomingMessage, res: ServerResponse, target: RequestTarget, address: string, deps: FilesDeps): boolean {
  if (target.path === '/files') {
    if (req.method !== 'POST') refuse(req, res, { status: 405, code: 'METHOD_NOT_ALLOWED', message: 'Upload with POST /files?name=<file name>.' });
    else
      upload(req, res, target.query, address, deps).catch((e: unknown) => {
        // An upload runs after the handler returned: its failure must reach the client, never the process.
        deps.log(`upload failed: ${(e as Error).stack ?? String(e)}`);
        json(res, 500, { code: 'INTERNAL', message: 'Something went wrong on the server; nothing was kept. Try again.' });
      });
    return true;
  }
  const link = /^\/files\/([A-Za-z0-9_-]{1,100})\/link$/.exec(target.path);
  if (link) {
    if (req.method !== 'POST') refuse(req, res, { status: 405, code: 'METHOD_NOT_ALLOWED', message: 'Ask for a link with POST /files/<id>/link.' });
    else signLink(req, res, link[1]!, deps);
    return true;
  }
  const m = /^\/files\/([A-Za-z0-9_-]{1,100})$/.exec(target.path);
  if (m) {
    // HEAD is answered as GET would be (status and headers), without the body: Node writes none for a HEAD.
    if (req.method !== 'GET' && req.method !== 'HEAD') refuse(req, res, { status: 405, code: 'METHOD_NOT_ALLOWED', message: 'Download with GET /files/<id>.' });
    else if (target.query.has('sig') || target.query.has('exp')) linkDownload(req, res, m[1]!, target.query, deps);
    else download(req, res, m[1]!, deps);
    return true;
  }
  return false;
}

/** A signed link for an agent who may read the file now; the link itself needs no token. */
function signLink(req: IncomingMessage, res: ServerResponse, id: string, deps: FilesDeps): void {
  const who = whoIs(req, deps);
  if ('status' in who) return refuse(req, res, who);
  if (who.kind !== 'agent') return refuse(req, res, { status: 403, code: 'FORBIDDEN', message: 'Only agents ask for download links.' });
  const file = deps.engine.state.get('file', id);
  if (!file || !deps.store.has(id)) return refuse(req, res, { status: 404, code: 'FILE_NOT_FOUND', message: `The file ${file?.name ?? id} is no longer kept.` });
  if (!mayRead(deps.engine, who, file)) return refuse(req, res, { status: 403, code: 'FORBIDDEN', message: 'You may not read this file.' });
  const signed = deps.links.sign(id);
  json(res, 200, { path: signed.path, expiresAt: signed.expiresAt });
}

/** GET with ?exp=&sig=: the link, not the caller, says who may have it. */
function linkDownload(req: IncomingMessage, res: ServerResponse, id: string, query: URLSearchParams, deps: FilesDeps): void {
  const verdict = deps.links.check(id, query.get('exp') ?? '', query.get('sig') ?? '');
  if (verdict === 'expired') return json(res, 410, { code: 'LINK_EXPIRED', message: 'This download link has expired: ask the panel for a new one.' });
  if (verdict === 'invalid') return json(res, 403, { code: 'LINK_INVALID', message: 'This download link is not valid: ask the panel for a new one.' });
  const file = deps.engine.state.get('file', id);
  if (!file) return json(res, 404, { code: 'FILE_NOT_FOUND', message: `There is no file ${id}.` });
  serve(req, res, file, deps);
}

function whoIs(req: IncomingMessage, deps: FilesDeps): Who | Refusal {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) {
    try {
      return { kind: 'agent', principal: deps.engine.authenticate(auth.slice(7).trim()) };
    } catch (e) {
      return { status: 401, code: isCoreError(e) ? e.code : 'UNAUTHORIZED', message: isCoreError(e) ? e.message : 'Log in again.' };
    }
  }
  const token = req.headers['x-visitor-token'];
  if (typeof token === 'string' && token) {
    const conversation = deps.visitors.conversationOfToken(token);
    if (!conversation) return { status: 401, code: 'UNAUTHORIZED', message: 'That chat cannot be found; start a new one.' };
    return { kind: 'visitor', conversation };
  }
  return { status: 401, code: 'UNAUTHORIZED', message: 'Send an agent session token (Authorization: Bearer) or the chat\'s X-Visitor-Token.' };
}

export function tooLargeSentence(name: string, size: number | null): string {
  const what = size === null ? 'over 20 MB' : `${(size / 1048576).toFixed(1)} MB`;
  return `${name} is ${what}; files are limited to 20 MB each.`;
}

async function upload(req: IncomingMessage, res: ServerResponse, query: URLSearchParams, address: string, deps: FilesDeps): Promise<void> {
  const who = whoIs(req, deps);
  if ('status' in who) return refuse(req, res, who);
  if (who.kind === 'visitor') {
    const ban = deps.visitors.activeBan(address);
    if (ban) return refuse(req, res, { status: 403, code: 'BANNED', message: `You cannot chat with us until ${new Date(ban.end).toISOString()}. Reason: ${ban.reason}` });
    if (who.conversation.status === 'solved' || who.conversation.status === 'closed')
      return refuse(req, res, { status: 403, code: 'CONVERSATION_ENDED', message: 'This chat has ended; files can no longer be sent.' });
  }
  const name = fileName(query.get('name') ?? '');
  if (!name) return refuse(req, res, { status: 400, code: 'NAME_REQUIRED', message: 'Give the file name: POST /files?name=<file name>.' });
  // Most clients say the size up front: refuse before a byte is read.
  const header = req.headers['content-length'];
  const declared = header === undefined ? NaN : Number(header);
  if (Number.isFinite(declared) && declared > MAX_ATTACHMENT_BYTES)
    return refuse(req, res, { status: 413, code: 'FILE_TOO_LARGE', message: tooLargeSentence(name, declared) });
  const sender = who.kind === 'agent' ? { sender: `agent:${who.principal.agent}`, conversation: null } : { sender: `visitor:${address}`, conversation: who.conversation.id };
  const quota = deps.quota.reserve(sender, Number.isFinite(declared) && declared >= 0 ? declared : MAX_ATTACHMENT_BYTES);
  if (!quota.ok) return refuse(req, res, { status: 429, code: 'UPLOAD_QUOTA', message: quota.message });

  const id = `file-${randomUUID()}`;
  let kept: number | null = null;
  try {
    const received = await deps.store.receive(id, req, MAX_ATTACHMENT_BYTES);
    if (!received.ok) {
      if (received.reason === 'aborted') return void req.socket.destroy();
      return refuse(req, res, { status: 413, code: 'FILE_TOO_LARGE', message: tooLargeSentence(name, null) });
    }
    kept = register(res, { id, name, size: received.size, type: cleanType(req.headers['content-type']), owner: ownerOf(who) }, deps);
  } finally {
    quota.settle(kept);
  }
}

function ownerOf(who: Who): string {
  return who.kind === 'agent' ? who.principal.agent : `visitor:${who.conversation.id}`;
}

/** Keep a received body as a file entity and answer; the size kept, or null when it could not be. */
function register(res: ServerResponse, file: Omit<StoredFile, 'at'>, deps: FilesDeps): number | null {
  try {
    deps.store.keep(file.id);
    deps.engine.run((ctx) => ctx.tx.put('file', { ...file, at: ctx.clock.now() }, 'uploaded'));
  } catch (e) {
    deps.store.discard(file.id);
    deps.log(`upload of ${file.name} failed: ${(e as Error).message}`);
    json(res, 500, { code: 'STORE_FAILED', message: 'The file could not be saved; nothing was kept. Try again.' });
    return null;
  }
  json(res, 201, { id: file.id, name: file.name, size: file.size, type: file.type });
  return file.size;
}

function download(req: IncomingMessage, res: ServerResponse, id: string, deps: FilesDeps): void {
  const who = whoIs(req, deps);
  if ('status' in who) return json(res, who.status, { code: who.code, message: who.message });
  const file = deps.engine.state.get('file', id);
  if (!file) return json(res, 404, { code: 'FILE_NOT_FOUND', message: `There is no file ${id}.` });
  if (!mayRead(deps.engine, who, file)) return json(res, 403, { code: 'FORBIDDEN', message: 'You may not read this file.' });
  serve(req, res, file, deps);
}

function serve(req: IncomingMessage, res: ServerResponse, file: StoredFile, deps: FilesDeps): void {
  const opened = deps.store.open(file.id);
  if (!opened) return json(res, 404, { code: 'FILE_NOT_FOUND', message: `The file ${file.name} is no longer kept.` });
  res.writeHead(200, {
    'content-type': file.type,
    'content-length': String(opened.size),
    // Never shown inline from our origin: an uploaded page must not run as the chat page.
    'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`,
    'x-content-type-options': 'nosniff',
    'content-security-policy': 'sandbox',
    'cache-control': 'private, no-store',
  });
  if (req.method === 'HEAD') {
    // The size is known: 20 MB is not read from the disk to be thrown away.
    opened.stream.destroy();
    return void res.end();
  }
  opened.stream.pipe(res);
  opened.stream.once('error', () => res.destroy());
}

/**
 * Who may download a file: its uploader; a visitor, the files of their own
 * conversation; an agent or supervisor, the files of conversations they may
 * read (mayView, the rule of the conversation log), and the recordings of
 * calls they may see in the Closed list (mayViewCall).
 */
function mayRead(engine: Engine, who: Who, file: StoredFile): boolean {
  if (file.owner.startsWith('call:')) {
    if (who.kind === 'visitor') return false;
    const callId = file.owner.slice('call:'.length);
    // The call record, or the call itself while it still owes its disposition.
    const call = engine.state.get('callRecord', callId) ?? engine.state.get('call', callId);
    return call ? mayViewCall(engine.config, who.principal, call) : false;
  }
  if (who.kind === 'visitor') {
    if (file.owner === `visitor:${who.conversation.id}`) return true;
    return engine.conversationsCarrying(file.id).some((c) => c === who.conversation.id);
  }
  const p = who.principal;
  if (file.owner === p.agent) return true;
  const conversations = file.owner.startsWith('visitor:') ? [file.owner.slice('visitor:'.length)] : engine.conversationsCarrying(file.id);
  // The same rule as reading the conversation's log.
  return conversations.some((id) => {
    const c = engine.state.get('conversation', id);
    return c ? mayView(p, c) : false;
  });
}

/**
 * Refuse a request whose body we will not read: the answer goes out with
 * `Connection: close`, and Node ends the connection once it is written, so
 * no more of the body is read. Should the socket linger, it is cut.
 */
function refuse(req: IncomingMessage, res: ServerResponse, r: Refusal): void {
  res.setHeader('connection', 'close');
  json(res, r.status, { code: r.code, message: r.message });
  if (req.complete) return;
  const cut = setTimeout(() => req.socket.destroy(), LINGER_MS);
  cut.unref();
  req.socket.once('close', () => clearTimeout(cut));
}

function json(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return void res.end();
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function cleanType(raw: string | undefined): string {
  const type = (raw ?? '').split(';')[0]!.trim().toLowerCase();
  return /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/.test(type) ? type : 'application/octet-stream';
}
