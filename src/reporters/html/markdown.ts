import { Lexer, type Token, type Tokens } from 'marked';
import { safeUrl } from './escape.js';

/**
 * Rule remediation text is Markdown (code spans, bold, links, lists). The HTML report shows it rendered, but
 * never as markup: `marked`'s lexer turns it into plain data — blocks of inline runs — that the browser
 * script builds with `textContent` and properties. Raw HTML in the text stays literal text, and only
 * http(s) links become anchors.
 */
export type InlineRun = { k: 'text' | 'code' | 'strong' | 'em'; t: string } | { k: 'link'; t: string; h: string };
export type MarkdownBlock = { p: InlineRun[] } | { ul: InlineRun[][] } | { pre: string };

/** Blocks of at most this many characters of source are lexed; longer text is shown as one paragraph. */
const MAX_SOURCE = 20_000;

function plain(tokens: Token[] | undefined, fallback: string): string {
  if (!tokens) return fallback;
  return tokens.map((token) => ('tokens' in token && token.tokens ? plain(token.tokens, '') : 'text' in token ? String(token.text) : token.raw)).join('');
}

function inline(tokens: Token[] | undefined, out: InlineRun[] = []): InlineRun[] {
  for (const token of tokens ?? []) {
    switch (token.type) {
      case 'codespan':
        out.push({ k: 'code', t: decodeEntities((token as Tokens.Codespan).text) });
        break;
      case 'strong':
      case 'em':
        out.push({ k: token.type, t: decodeEntities(plain((token as Tokens.Strong).tokens, (token as Tokens.Strong).text)) });
        break;
      case 'link': {
        const link = token as Tokens.Link;
        const text = decodeEntities(plain(link.tokens, link.text));
        const href = safeUrl(link.href);
        out.push(href ? { k: 'link', t: text, h: href } : { k: 'text', t: text });
        break;
      }
      case 'br':
        out.push({ k: 'text', t: '\n' });
        break;
      case 'text':
        if ('tokens' in token && token.tokens && token.tokens.length > 0) inline(token.tokens, out);
        else out.push({ k: 'text', t: decodeEntities((token as Tokens.Text).text) });
        break;
      default:
        // Raw HTML, escapes, strikethrough …: their source, shown as text.
        out.push({ k: 'text', t: token.type === 'escape' ? (token as Tokens.Escape).text : token.raw });
    }
  }
  return out;
}

/** The text of a Markdown source as blocks of inline runs (see `MarkdownBlock`). */
export function markdownBlocks(source: string): MarkdownBlock[] {
  if (source.length > MAX_SOURCE) return [{ p: [{ k: 'text', t: source }] }];
  const blocks: MarkdownBlock[] = [];
  for (const token of Lexer.lex(source)) {
    switch (token.type) {
      case 'space':
        break;
      case 'paragraph':
      case 'heading':
        blocks.push({ p: inline((token as Tokens.Paragraph).tokens) });
        break;
      case 'list':
        blocks.push({ ul: (token as Tokens.List).items.map((item) => inline(item.tokens.flatMap((child) => ('tokens' in child && child.tokens ? child.tokens : [child])))) });
        break;
      case 'code':
        blocks.push({ pre: (token as Tokens.Code).text });
        break;
      default:
        blocks.push({ p: [{ k: 'text', t: token.raw }] });
    }
  }
  return blocks;
}

/** The lexer leaves `&amp;`-style entities of the source in text; the DOM shows text, so decode the common ones. */
function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (_all, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[name] ?? _all);
}
