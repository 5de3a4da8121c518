import { describe, expect, it } from 'vitest';
import { parsePrintable, printable } from '../../src/client/printable.js';

/** Outside text made safe for a terminal: nothing in it can act on the screen, and what was sent stays visible. */
describe('printable text', () => {
  it('shows ESC and the other control characters as U+FFFD, so a sequence is seen and not obeyed', () => {
    expect(printable('Bob\u001b[7mINV\u001b[0m')).toBe('Bob\ufffd[7mINV\ufffd[0m');
    expect(printable('a\u0000b\u0007c\u007fd\u009be')).toBe('a\ufffdb\ufffdc\ufffdd\ufffde');
  });

  it('turns every kind of line break into \\n and a tab into a space', () => {
    expect(printable('one\r\ntwo\rthree\u2028four\u2029five\nsix')).toBe('one\ntwo\nthree\nfour\nfive\nsix');
    expect(printable('name:\tvalue')).toBe('name: value');
  });

  it('drops bidirectional overrides, embeddings and isolates', () => {
    expect(printable('invoice \u202efdp.exe\u202c and \u2067isolated\u2069')).toBe('invoice fdp.exe and isolated');
  });

  it('leaves ordinary text as it is, accents, CJK and emoji included', () => {
    const text = 'Zoë 王小明 👋 — “quoted” ok\nnext line';
    expect(printable(text)).toBe(text);
  });

  it('makes every string of a frame printable, however deep, and parses a clean frame as it is', () => {
    const frame = JSON.stringify({ ev: 'message.added', data: { message: { text: 'hi\rthere', from: { name: 'X\u001b]0;pwned\u0007' } }, list: ['a\tb'] } });
    expect(parsePrintable(frame)).toEqual({ ev: 'message.added', data: { message: { text: 'hi\nthere', from: { name: 'X\ufffd]0;pwned\ufffd' } }, list: ['a b'] } });
    const clean = JSON.stringify({ ev: 'x', data: { text: 'back\\slash r and \\n in words', n: 3 } });
    expect(parsePrintable(clean)).toEqual(JSON.parse(clean));
  });
});
