/**
 * An email's text as a person reads it: what they wrote, then the history
 * their mail program quoted below it ("On Mon, Ana wrote:" and "> " lines),
 * which the panel folds until asked. Only a trailing quote is folded: a
 * quote answered in between is part of what was written.
 */
export interface Folded {
  body: string;
  /** Lines folded away (0: nothing was). */
  quotedLines: number;
}

const ATTRIBUTION = /^(on .{3,200}wrote:|-----\s*original message\s*-----|from: .+)$/i;

export function foldQuoted(text: string): Folded {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  let end = lines.length;
  while (end > 0 && lines[end - 1]!.trim() === '') end--;
  let start = end;
  while (start > 0 && (lines[start - 1]!.startsWith('>') || (lines[start - 1]!.trim() === '' && start < end))) start--;
  if (start === end) return { body: text, quotedLines: 0 };
  // "On ..., X wrote:" (possibly wrapped over two lines) goes with the quote.
  let cut = start;
  for (let back = 1; back <= 2 && cut - back >= 0; back++) {
    const joined = lines.slice(cut - back, start).join(' ').trim();
    if (ATTRIBUTION.test(joined)) {
      cut -= back;
      break;
    }
  }
  while (cut > 0 && lines[cut - 1]!.trim() === '') cut--;
  if (cut === 0) return { body: text, quotedLines: 0 };
  return { body: lines.slice(0, cut).join('\n'), quotedLines: lines.slice(cut, end).filter((l) => l.trim() !== '').length };
}
