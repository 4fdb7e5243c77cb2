import { describe, expect, it } from 'vitest';
import { clip, hasControlCharacters, inert } from '../../../src/text/inert.js';

describe('inert', () => {
  it('escapes ESC, CSI, OSC, CR, BS, BEL, NUL, DEL, C1 and bidi overrides', () => {
    const hostile = 'a\x1b[2Jb\x1b]0;title\x07c\rd\be\x00f\x7fg\u009bh\u202ei';
    const out = inert(hostile);
    expect(hasControlCharacters(out)).toBe(false);
    expect(out).toBe('a\\x1b[2Jb\\x1b]0;title\\x07c\\x0dd\\x08e\\x00f\\x7fg\\x9bh\\u{202e}i');
  });

  it('keeps newlines and tabs only for multi-line text', () => {
    expect(inert('a\nb\tc')).toBe('a\\x0ab\\x09c');
    expect(inert('a\nb\tc', { multiline: true })).toBe('a\nb\tc');
  });

  it('caps long values with a marker', () => {
    const out = inert('x'.repeat(10_000), { max: 100 });
    expect(out.startsWith('x'.repeat(100))).toBe(true);
    expect(out).toContain('[9900 more characters]');
  });

  it('never cuts a surrogate pair', () => {
    expect(clip('ab😀cd', 3)).toBe('ab… [4 more characters]');
  });
});
