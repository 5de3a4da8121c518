import { printable } from './printable.js';

/**
 * Screen pop as text: fetch the page a queue's URL template points at and turn
 * its HTML into lines a terminal can show. The caller can stop it (abort) and
 * reload it; failures say why.
 */
export interface PoppedPage {
  url: string;
  status: number;
  title: string;
  lines: string[];
}

export class ScreenPopError extends Error {
  constructor(
    readonly reason: string,
    readonly url: string,
  ) {
    super(reason);
  }
}

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  mdash: '—',
  ndash: '–',
  hellip: '…',
  copy: '©',
  reg: '®',
  trade: '™',
  laquo: '«',
  raquo: '»',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  bull: '•',
  middot: '·',
  euro: '€',
  pound: '£',
};

export function htmlToText(html: string): { title: string; lines: string[] } {
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1]?.trim() ?? '';
  const text = html
    .replace(/<(script|style|head)[^>]*>[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|h[1-6]|li|tr|table|section|header|footer|ul|ol|dt|dd)>/gi, '\n')
    .replace(/<li[^>]*>/gi, '• ')
    // Table cells keep a visible gap after the spaces inside them are collapsed.
    .replace(/<\/t[dh]>/gi, '\u0001')
    .replace(/<[^>]+>/g, '');
  const lines = decodeEntities(text)
    .split('\n')
    .map((l) => l.replace(/[ \t]+/g, ' ').replace(/ ?\u0001 ?/g, '\u0001').replace(/\u0001+$/, '').replace(/\u0001/g, '  ').trim())
    .filter((l, i, all) => l !== '' || (i > 0 && all[i - 1] !== ''));
  // Decode the title on its own: running it through htmlToText again recursed without end.
  return { title: decodeEntities(title.replace(/<[^>]+>/g, '')).replace(/\s+/g, ' ').trim(), lines };
}

function decodeEntities(text: string): string {
  return text.replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (whole, code: string) => {
    if (code.startsWith('#x')) return String.fromCodePoint(parseInt(code.slice(2), 16));
    if (code.startsWith('#')) return String.fromCodePoint(Number(code.slice(1)));
    return ENTITIES[code.toLowerCase()] ?? whole;
  });
}

export async function fetchScreenPop(url: string, signal: AbortSignal, timeoutMs = 10_000): Promise<PoppedPage> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ScreenPopError('The screen-pop address is not a valid URL.', url);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new ScreenPopError('Only http and https pages can be shown.', url);
  const timeout = AbortSignal.timeout(timeoutMs);
  let response: Response;
  try {
    response = await fetch(parsed, { signal: AbortSignal.any([signal, timeout]), headers: { accept: 'text/html, text/plain' } });
  } catch (e) {
    if (signal.aborted) throw new ScreenPopError('Stopped.', url);
    if (timeout.aborted) throw new ScreenPopError(`No answer within ${timeoutMs / 1000} seconds.`, url);
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    throw new ScreenPopError(`Could not load the page: ${cause?.code ?? cause?.message ?? (e as Error).message}.`, url);
  }
  const body = await response.text();
  if (!response.ok) throw new ScreenPopError(`The page answered ${response.status} ${response.statusText}.`, url);
  const type = response.headers.get('content-type') ?? '';
  const { title, lines } = type.includes('html') ? htmlToText(body) : { title: '', lines: body.split('\n') };
  // A CRM's page is outside text too: no control character of it reaches the terminal (printable.ts).
  return { url, status: response.status, title: printable(title), lines: lines.flatMap((line) => printable(line).split('\n')) };
}
