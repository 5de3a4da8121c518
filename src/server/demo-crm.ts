import type { ServerResponse } from 'node:http';
import type { RequestTarget } from './request-target.js';

/**
 * A stand-in CRM for the demo's screen pops (a fake, named as such): a page
 * per caller number with an invented customer record, so the screen-pop pane
 * has something real to fetch over HTTP.
 */
export function serveDemoCrm(target: RequestTarget, res: ServerResponse): void {
  const number = (target.query.get('number') ?? 'unknown').slice(0, 64);
  const queue = (target.query.get('queue') ?? '').slice(0, 64);
  let seed = 0;
  for (const ch of number) seed = (seed * 31 + ch.charCodeAt(0)) >>> 0;
  const plans = ['Basic', 'Plus', 'Business', 'Enterprise'];
  const record = {
    Customer: `Account ${String(seed % 100000).padStart(5, '0')}`,
    Phone: number,
    Plan: plans[seed % plans.length]!,
    'Open tickets': String(seed % 4),
    'Last contact': `${1 + (seed % 28)} days ago`,
    Queue: queue,
  };
  const rows = Object.entries(record)
    .map(([k, v]) => `<tr><th>${escape(k)}</th><td>${escape(v)}</td></tr>`)
    .join('');
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(
    `<!doctype html><html><head><title>Demo CRM — ${escape(number)}</title></head><body>` +
      `<h1>Demo CRM (stand-in)</h1><table>${rows}</table>` +
      `<p>This page is served by switchboard's demo to show screen pops.</p></body></html>`,
  );
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
