/**
 * Attachment names given in RFC 2231 form (filename*=utf-8''Rechnung%20100%25.pdf),
 * read again from the raw headers. mailparser (through libmime) decodes them
 * by turning every "%" into "=" and reading the result as quoted-printable,
 * so a "%" not followed by two hex digits (as senders write "100%.pdf"
 * unencoded) stays "=": the agent saw "Rechnung 100=.pdf". Here a bare "%"
 * is kept as itself, as mail clients show it.
 */

/** One extended name in the raw mail: as we read it, and as mailparser read it (to know which attachment it is). */
export interface ExtendedName {
  readable: string;
  asMailparser: string;
}

// A Content-Type or Content-Disposition header (unfolded), and its extended name parameters, whole or in sections.
const HEADER = /^content-(?:type|disposition):(.*)$/gim;
const PARAM = /;\s*((?:file)?name)\*(?:(\d+)\*?)?\s*=\s*("(?:[^"\\]|\\.)*"|[^;\s]*)/gi;

/** Every extended name/filename parameter in the raw mail's part headers. */
export function extendedNames(raw: Buffer): ExtendedName[] {
  const text = raw.toString('latin1').replace(/\r?\n[ \t]+/g, ' ');
  const found: ExtendedName[] = [];
  for (const header of text.matchAll(HEADER)) {
    const sections = new Map<string, Array<{ nr: number; value: string }>>();
    for (const p of header[1]!.matchAll(PARAM)) {
      const key = p[1]!.toLowerCase();
      const value = p[3]!.startsWith('"') ? p[3]!.slice(1, -1).replace(/\\(.)/g, '$1') : p[3]!;
      sections.set(key, [...(sections.get(key) ?? []), { nr: Number(p[2] ?? 0), value }]);
    }
    for (const parts of sections.values()) {
      const joined = parts
        .sort((a, b) => a.nr - b.nr)
        .map((s) => s.value)
        .join('');
      const m = /^([^']*)'[^']*'(.*)$/.exec(joined);
      if (!m) continue;
      const charset = m[1] || 'utf-8';
      found.push({ readable: percentDecode(m[2]!, charset, '%'), asMailparser: percentDecode(m[2]!, charset, '=') });
    }
  }
  return found;
}

/** The name to show for an attachment mailparser named `filename`: ours where the raw mail had a bare "%" in it. */
export function readableName(filename: string, names: ExtendedName[]): string {
  return names.find((n) => n.asMailparser === filename)?.readable ?? filename;
}

/** %HH as the byte it names; a "%" without two hex digits as `bare`; then the bytes in their charset (UTF-8 when unknown). */
function percentDecode(value: string, charset: string, bare: '%' | '='): string {
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const hex = value[i] === '%' ? /^[0-9a-f]{2}$/i.exec(value.slice(i + 1, i + 3)) : null;
    if (hex) {
      bytes.push(parseInt(hex[0], 16));
      i += 2;
    } else bytes.push(value[i] === '%' ? bare.charCodeAt(0) : value.charCodeAt(i) & 0xff);
  }
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset);
  } catch {
    decoder = new TextDecoder('utf-8');
  }
  return decoder.decode(Uint8Array.from(bytes));
}
