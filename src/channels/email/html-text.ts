import { createRequire } from 'node:module';
import { TimedThread } from './timed-thread.js';

/**
 * What the conversion thread runs: html-to-text with switchboard's choices.
 * It is a script, not a module of its own, so that the same code starts from
 * the compiled server and from the tests' TypeScript sources (as the WAL
 * checkpointer's does).
 * - wordwrap off: the panel wraps to its own width;
 * - maxDepth: walked recursively, HTML nested deeper ran out of stack, and
 *   the mail was refused with 451 for ever;
 * - an image is a file of the message (inline parts are kept): the text
 *   says where it was, by its alt text;
 * - a table row is a line, its cells apart ("Item | Qty"): html-to-text ran
 *   every cell of a row together. Not its data-table layout: the tables most
 *   mail is laid out with would lose the blank lines between paragraphs.
 */
const WORKER_SCRIPT = `
const { parentPort, workerData } = require('node:worker_threads');
const { convert } = require(workerData.converter);
function followsCell(cell) {
  for (let node = cell.prev; node; node = node.prev) if (node.type === 'tag') return node.name === 'td' || node.name === 'th';
  return false;
}
const options = {
  wordwrap: false,
  limits: { maxDepth: workerData.maxDepth },
  formatters: {
    imageByName: (elem, _walk, builder) => {
      const alt = elem.attribs && elem.attribs.alt ? elem.attribs.alt.trim() : '';
      if (alt) builder.addInline('[image: ' + alt + ']');
    },
    tableCell: (elem, walk, builder) => {
      if (followsCell(elem)) builder.addInline(' | ');
      walk(elem.children, builder);
    },
  },
  selectors: [
    { selector: 'img', format: 'imageByName' },
    { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
    { selector: 'tr', format: 'block', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
    { selector: 'td', format: 'tableCell' },
    { selector: 'th', format: 'tableCell' },
  ],
};
parentPort.on('message', (html) => {
  let text = null;
  try {
    text = convert(html, options).trimEnd();
  } catch {
    // null: the caller keeps the HTML as a file instead.
  }
  parentPort.postMessage(text);
});
`;

/** How deep into an HTML part its text is read. */
export const MAX_HTML_DEPTH = 1000;

/**
 * How long one HTML part may take to become text. A megabyte of plain
 * <p>x takes html-to-text about 8 seconds, nested lists far longer; no mail
 * a person wrote comes near.
 */
export const HTML_TEXT_LIMIT_MS = 5000;

/**
 * Parts the thread holds at once, the one being read and those waiting.
 * One sender's mails that each take the thread its whole limit (5 s; the
 * listener takes 120 a minute from one address) queued without end: every
 * other HTML mail of the centre waited behind them, minutes and more, past
 * its MTA's patience. With the thread this full a part is kept as a file
 * (message.html) at once, so no mail waits more than about 15 s for it.
 */
export const MAX_HTML_PARTS_HELD = 3;

/**
 * Turns HTML mail into text for the terminal on a thread of its own, one
 * part at a time. html-to-text is slow on some shapes (a few hundred
 * kilobytes of nested lists took it a minute) and it ran on the event loop:
 * one mail froze every panel, call and chat of the centre. On the thread a
 * part gets HTML_TEXT_LIMIT_MS; past it the thread is ended (a new one reads
 * the next part) and the caller is told null, to keep the HTML as a file.
 */
export class HtmlText {
  private readonly thread: TimedThread<string, string | null>;

  constructor(limitMs = HTML_TEXT_LIMIT_MS) {
    this.thread = new TimedThread(WORKER_SCRIPT, () => ({ converter: createRequire(import.meta.url).resolve('html-to-text'), maxDepth: MAX_HTML_DEPTH }), limitMs);
  }

  /** The HTML as text, or null when it could not be read in time (or the thread failed, or has too much waiting). */
  async convert(html: string): Promise<string | null> {
    // The parts ahead would take longer than a sender waits for its answer: kept as a file at once.
    if (this.thread.pending >= MAX_HTML_PARTS_HELD) return null;
    return (await this.thread.run(html)) ?? null;
  }
}

/** The server's one conversion thread, started with the first HTML mail. */
export const htmlText = new HtmlText();
