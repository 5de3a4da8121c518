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

/** The live chat queues a visitor may pick, and the one picked first (?queue= when it is one of them). */
export function chatSettings(config: Config, wanted: string | null): { center: string; queues: Array<{ id: string; name: string }>; queue: string | null } {
  const queues = config.messagingQueues.filter((q) => q.channels.includes('livechat')).map((q) => ({ id: q.id, name: q.name }));
  const queue = queues.find((q) => q.id === wanted)?.id ?? queues[0]?.id ?? null;
  return { center: config.center.name, queues, queue };
}

/** Answer the chat page's paths; false when the path is not ours. */
export function handleChatPage(target: RequestTarget, res: ServerResponse, config: Config): boolean {
  const headers = {
    // The page may be framed by the customer's website; it loads nothing but itself and talks only to us.
    'content-security-policy': "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data: blob:; object-src 'none'; base-uri 'none'",
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
    const settings = JSON.stringify(chatSettings(config, target.query.get('queue'))).replace(/</g, '\\u003c');
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
