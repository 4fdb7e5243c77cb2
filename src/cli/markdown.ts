/**
 * Markdown for a terminal (`squadguard explain`): headings, bold, emphasis, code, lists, links, quotes and
 * tables drawn with colours — or, without colour, as plain text — never as raw `##`, `**` or backticks.
 * Every piece of text is made inert first (a custom rule's description comes from a policy file), so only
 * the tool's own colour codes reach the terminal.
 */
import type { ChalkInstance } from 'chalk';
import { lexer, type Token, type Tokens } from 'marked';
import { inert } from '../text/inert.js';

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

const text = (value: string): string => inert(value.replace(/&(amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity] ?? entity), { max: 16_384 });

/** Multi-line text as written, each line made inert. */
const lines = (value: string): string => value.split('\n').map(text).join('\n');

function inline(tokens: Token[] | undefined, c: ChalkInstance): string {
  return (tokens ?? []).map((token) => inlineToken(token, c)).join('');
}

function inlineToken(token: Token, c: ChalkInstance): string {
  switch (token.type) {
    case 'strong':
      return c.bold(inline((token as Tokens.Strong).tokens, c));
    case 'em':
      return c.italic(inline((token as Tokens.Em).tokens, c));
    case 'del':
      return c.strikethrough(inline((token as Tokens.Del).tokens, c));
    case 'codespan':
      return c.cyan(text((token as Tokens.Codespan).text));
    case 'link': {
      const link = token as Tokens.Link;
      const label = inline(link.tokens, c);
      if (link.text === link.href || link.href === `mailto:${link.text}`) return c.underline(text(link.href));
      return `${label} (${c.underline(text(link.href))})`;
    }
    case 'image':
      return `[image: ${text((token as Tokens.Image).text)}] (${text((token as Tokens.Image).href)})`;
    case 'br':
      return '\n';
    case 'text': {
      const t = token as Tokens.Text;
      return t.tokens ? inline(t.tokens, c) : text(t.text);
    }
    default:
      // escape, html and anything newer: its text as written
      return lines('text' in token && typeof token.text === 'string' ? token.text : token.raw);
  }
}

function indent(block: string, first: string, rest: string): string {
  return block
    .split('\n')
    .map((line, index) => (index === 0 ? first : rest) + line)
    .join('\n');
}

function block(token: Token, c: ChalkInstance): string | undefined {
  switch (token.type) {
    case 'space':
      return undefined;
    case 'heading': {
      const heading = token as Tokens.Heading;
      const title = inline(heading.tokens, c);
      return heading.depth <= 2 ? c.bold.underline(title) : c.bold(title);
    }
    case 'paragraph':
      return inline((token as Tokens.Paragraph).tokens, c);
    case 'text': {
      const t = token as Tokens.Text;
      return t.tokens ? inline(t.tokens, c) : text(t.text);
    }
    case 'list': {
      const list = token as Tokens.List;
      const start = typeof list.start === 'number' ? list.start : 1;
      return list.items
        .map((item, index) => {
          const bullet = list.ordered ? `${start + index}. ` : '• ';
          const body = blocks(item.tokens, c, '\n');
          return indent(body, `  ${bullet}`, ' '.repeat(2 + bullet.length));
        })
        .join('\n');
    }
    case 'code':
      return (token as Tokens.Code).text
        .split('\n')
        .map((line) => `    ${c.cyan(text(line))}`)
        .join('\n');
    case 'blockquote':
      return indent(blocks((token as Tokens.Blockquote).tokens, c), '│ ', '│ ');
    case 'hr':
      return c.gray('─'.repeat(40));
    case 'table': {
      const table = token as Tokens.Table;
      const rows = [table.header, ...table.rows].map((row) => row.map((cell) => inline(cell.tokens, c)));
      return rows.map((row, index) => (index === 0 ? c.bold(row.join(' │ ')) : row.join(' │ '))).join('\n');
    }
    case 'html':
      return lines((token as Tokens.HTML).text.trimEnd());
    default:
      return lines(token.raw.trimEnd());
  }
}

function blocks(tokens: Token[], c: ChalkInstance, separator = '\n\n'): string {
  return tokens
    .map((token) => block(token, c))
    .filter((part): part is string => part !== undefined && part.length > 0)
    .join(separator);
}

/** Renders Markdown for a terminal; `c` decides colour (a level-0 chalk gives plain text). */
export function markdownForTerminal(markdown: string, c: ChalkInstance): string {
  return `${blocks(lexer(markdown), c)}\n`;
}
