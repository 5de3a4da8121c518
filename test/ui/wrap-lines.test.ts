import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { wrapLines } from '../../src/ui/format.js';

/** Wrapping measures terminal columns: Japanese and most emoji take two a character. */
describe('wrapLines with wide characters', () => {
  it('wraps Japanese text at the width in columns, losing none of it', () => {
    const text = 'よろしく。お問い合わせいただきありがとうございます。ご注文の商品は明日発送いたします。到着まで今しばらくお待ちください。';
    const lines = wrapLines([text], 74);
    expect(lines.length).toBe(2);
    expect(lines.every((l) => stringWidth(l) <= 74)).toBe(true);
    expect(lines.join('')).toBe(text);
  });

  it('breaks a mixed line at a space, and keeps a character wider than the width on a line of its own', () => {
    const lines = wrapLines(['Zoë 👩‍💼 Ng wrote a long line with words that need wrapping'], 30);
    expect(lines).toEqual(['Zoë 👩‍💼 Ng wrote a long line', 'with words that need wrapping']);
    expect(wrapLines(['太郎'], 1)).toEqual(['太', '郎']);
  });

  it('wraps Latin text as before', () => {
    expect(wrapLines(['the quick brown fox jumps over the lazy dog'], 20)).toEqual(['the quick brown fox', 'jumps over the lazy', 'dog']);
  });
});
