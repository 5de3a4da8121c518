import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import type { Config } from '../core/config/schema.js';
import type { RequestTarget } from './request-target.js';

/**
 * The visitor chat page at /chat: plain HTML, CSS and JS beside this module
 * (src/server/chat, copied to dist/server/chat by `npm run build`). The page
 * learns the live chat queues from a JSON block the server fills in, so it
 * needs no extra request before showing the form.
 */
const ASSETS: Record<string, { file: string; type: string }> = {
  '/chat/chat.js': { file: 'chat.js', type: 'text/javascript; charset=utf-8' },
  '/chat/chat.css': { file: 'chat.css', type: 'text/css; charset=utf-8' },
};

const cache = new Map<string, string>();

function asset(file: string): string {
  let text = cache.get(file);
  if (text === undefined) {
    text = readFileSync(new URL(`./chat/${file}`, import.meta.url), 'utf8');
    cache.set(file, text);
  }
  return text;
}

/** Whether anyone can answer a queue's chats now (the visitor gateway knows). */
export interface ChatAvailability {
  agentsOnline(queue: string): number;
}

export interface ChatSettings {
  center: string;
  /** The header's title (center.chat.title, else the centre's name), logo, greeting and colour. */
  title: string;
  logoUrl: string | null;
  greeting: string | null;
  color: string;
  /** online: someone can answer now; otherwise the form offers to leave a message. */
  queues: Array<{ id: string; name: string; online: boolean }>;
  queue: string | null;
}

/** What the page needs before its first frame: the centre's look, the live chat queues a visitor may pick and which of them has someone online, and the one picked first (?queue= when it is one of them). */
export function chatSettings(config: Config, wanted: string | null, availability: ChatAvailability): ChatSettings {
  const queues = config.messagingQueues
    .filter((q) => q.channels.includes('livechat'))
    .map((q) => ({ id: q.id, name: q.name, online: availability.agentsOnline(q.id) > 0 }));
  const queue = queues.find((q) => q.id === wanted)?.id ?? queues[0]?.id ?? null;
  const chat = config.center.chat;
  return { center: config.center.name, title: chat.title ?? config.center.name, logoUrl: chat.logoUrl ?? null, greeting: chat.greeting ?? null, color: chat.color, queues, queue };
}

/** The page loads nothing but itself and talks only to us; a configured logo's own origin may serve its image. */
export function chatPagePolicy(config: Config): string {
  const logo = config.center.chat.logoUrl;
  const logoOrigin = logo && /^https?:/.test(logo) ? ` ${new URL(logo).origin}` : '';
  return `default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data: blob:${logoOrigin}; object-src 'none'; base-uri 'none'; form-action 'none'`;
}

/** Whether the path is one of the page's own files (its script and style). */
export function isChatAsset(path: string): boolean {
  return Object.hasOwn(ASSETS, path);
}

/** Answer the chat page's paths; false when the path is not ours. */
export function handleChatPage(target: RequestTarget, res: ServerResponse, config: Config, availability: ChatAvailability): boolean {
  const headers = {
    // The page may be framed by the customer's website.
    'content-security-policy': chatPagePolicy(config),
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-cache',
  };
  if (target.path === '/chat/') {
    // One address for the page, so its relative links (chat/chat.js, visitor, files) resolve the same
    // way behind a proxy that adds a path prefix; a relative Location keeps that prefix.
    const search = target.query.toString();
    res.writeHead(301, { location: `../chat${search ? `?${search}` : ''}` });
    res.end();
    return true;
  }
  if (target.path === '/chat') {
    // JSON inside <script> must not be able to close the element.
    const settings = JSON.stringify(chatSettings(config, target.query.get('queue'), availability)).replace(/</g, '\\u003c');
    res.writeHead(200, { ...headers, 'content-type': 'text/html; charset=utf-8' });
    res.end(asset('index.html').replace('{{SETTINGS}}', () => settings));
    return true;
  }
  const file = Object.hasOwn(ASSETS, target.path) ? ASSETS[target.path] : undefined;
  if (!file) return false;
  res.writeHead(200, { ...headers, 'content-type': file.type });
  res.end(asset(file.file));
  return true;
}
