import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { markdownForTerminal } from '../../../src/cli/markdown.js';
import { explainRule } from '../../../src/docs/rule-catalog.js';
import { builtinRules } from '../../../src/rules/index.js';
import { hasControlCharacters } from '../../../src/text/inert.js';

const plain = new Chalk({ level: 0 });
const colour = new Chalk({ level: 1 });
const SAMPLE = '## rule-id\n\n**Bold title** and *em* with `code` and [a link](https://example.com) and <https://docs.aws>\n\n- one `x`\n- two\n\n1. first\n2. second\n\n```json\n{\n  "a": 1\n}\n```\n\n> quoted\n\n| a | b |\n|---|---|\n| 1 | 2 |\n';

describe('explain renders Markdown for a terminal', () => {
  it('without colour: plain text, no Markdown syntax left', () => {
    const out = markdownForTerminal(SAMPLE, plain);
    expect(out).not.toMatch(/##|\*\*|`|\]\(/);
    expect(out).toContain('rule-id');
    expect(out).toContain('Bold title and em with code and a link (https://example.com) and https://docs.aws');
    expect(out).toContain('  • one x');
    expect(out).toContain('  2. second');
    expect(out).toContain('    {\n      "a": 1\n    }');
    expect(out).toContain('│ quoted');
    expect(out).toContain('a │ b');
    expect(out).not.toContain('\u001b');
  });

  it('with colour: headings, bold and code styled by the tool (ANSI), still no Markdown syntax', () => {
    const out = markdownForTerminal(SAMPLE, colour);
    expect(out).toContain(colour.bold('Bold title'));
    expect(out).toContain(colour.cyan('code'));
    expect(out).toContain(colour.bold.underline('rule-id'));
    expect(out).not.toMatch(/##|\*\*|`/);
  });

  it('every built-in rule renders without raw Markdown syntax', () => {
    for (const rule of builtinRules) {
      const out = markdownForTerminal(explainRule(rule), plain);
      expect(out, rule.id).not.toMatch(/^#+ |\*\*|`/m);
      expect(out, rule.id).toContain(rule.title);
    }
  });

  it('text from a policy (a custom rule description) is made inert: only the tool\'s own codes reach the terminal', () => {
    const hostile = '## Title \u001b]0;pwned\u0007\n\nbody \u001b[2J with `code\u001b[31m` and **bold\u009b**\n';
    const out = markdownForTerminal(hostile, plain);
    expect(hasControlCharacters(out.replace(/\n/g, ''))).toBe(false);
    expect(out).toContain('\\x1b]0;pwned\\x07');
    const coloured = markdownForTerminal(hostile, colour);
    expect(coloured).not.toContain('\u001b[2J');
    expect(coloured).not.toContain('\u0007');
  });
});
