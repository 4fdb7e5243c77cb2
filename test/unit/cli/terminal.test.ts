import { describe, expect, it } from 'vitest';
import { colorLevel, inertJson, inertText, MAX_LINE } from '../../../src/cli/terminal.js';
import { hasControlCharacters } from '../../../src/text/inert.js';

describe('colour decision (NO_COLOR, FORCE_COLOR, --color/--no-color, TTY)', () => {
  const cases: [string, boolean | undefined, boolean, NodeJS.ProcessEnv, number][] = [
    ['a TTY colours', undefined, true, {}, 2],
    ['a pipe does not', undefined, false, {}, 0],
    ['NO_COLOR turns a TTY off', undefined, true, { NO_COLOR: '1' }, 0],
    ['an empty NO_COLOR is no request (no-color.org)', undefined, true, { NO_COLOR: '' }, 2],
    ['TERM=dumb is not a colour terminal', undefined, true, { TERM: 'dumb' }, 0],
    ['FORCE_COLOR colours a pipe', undefined, false, { FORCE_COLOR: '1' }, 1],
    ['FORCE_COLOR=3 gives true colour', undefined, false, { FORCE_COLOR: '3' }, 3],
    ['FORCE_COLOR= (empty) means level 1', undefined, false, { FORCE_COLOR: '' }, 1],
    ['FORCE_COLOR=0 turns a TTY off', undefined, true, { FORCE_COLOR: '0' }, 0],
    ['FORCE_COLOR=false turns a TTY off', undefined, true, { FORCE_COLOR: 'false' }, 0],
    ['FORCE_COLOR wins over NO_COLOR (as in Node)', undefined, false, { FORCE_COLOR: '1', NO_COLOR: '1' }, 1],
    ['--color colours a pipe despite NO_COLOR', true, false, { NO_COLOR: '1' }, 2],
    ['--no-color wins over FORCE_COLOR', false, true, { FORCE_COLOR: '3' }, 0],
  ];
  it.each(cases)('%s', (_name, flag, tty, env, expected) => {
    expect(colorLevel(flag, tty, env, 2)).toBe(expected);
  });
});

describe('inert output', () => {
  it('escapes every control byte but keeps lines and tabs; the result is idempotent', () => {
    const hostile = 'bucket\u001b[2J\u001b]8;;http://evil\u0007x\u001b]8;;\u0007\r\b\u0000\u009b31m\u202e\tend\nnext line';
    const shown = inertText(hostile);
    expect(shown.split('\n')).toHaveLength(2);
    expect(shown).toContain('\t');
    for (const line of shown.split('\n')) expect(hasControlCharacters(line.replace(/\t/g, ''))).toBe(false);
    expect(shown).toContain('\\x1b[2J');
    expect(inertText(shown)).toBe(shown);
  });

  it('clips a huge line with a marker instead of flooding the terminal', () => {
    const shown = inertText('x'.repeat(10 * 1024 * 1024));
    expect(shown.length).toBeLessThan(MAX_LINE + 100);
    expect(shown).toMatch(/more characters\]$/);
  });

  it('JSON for a terminal: C1 controls and bidi overrides escaped, the parsed value unchanged', () => {
    const value = { name: 'a\u009b2Jb\u202ec\u2028d', esc: '\u001b[31m' };
    const json = inertJson(JSON.stringify(value));
    // eslint-disable-next-line no-control-regex
    expect(/[\u0000-\u001f\u007f-\u009f\u202e\u2028]/.test(json)).toBe(false);
    expect(JSON.parse(json)).toEqual(value);
  });
});
