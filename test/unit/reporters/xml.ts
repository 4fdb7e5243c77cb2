/**
 * A strict, minimal XML 1.0 reader for tests (no DTDs, no namespaces, no CDATA): it throws on anything not
 * well-formed — unbalanced tags, unquoted or duplicate attributes, raw `<` or `&` in text, unknown entities,
 * characters XML cannot carry — and returns the element tree.
 */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME = /^[A-Za-z_][\w.-]*/;
// eslint-disable-next-line no-control-regex
const ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

function decode(raw: string, at: number): string {
  if (/<|&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(raw)) throw new Error(`raw < or & near offset ${at}`);
  if (ILLEGAL.test(raw)) throw new Error(`illegal character near offset ${at}`);
  return raw.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, entity: string) => {
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    if (named[entity]) return named[entity]!;
    return String.fromCodePoint(entity.startsWith('#x') ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10));
  });
}

export function parseXml(xml: string): XmlElement {
  const declaration = /^<\?xml version="1\.0" encoding="UTF-8"\?>\s*/.exec(xml);
  if (!declaration) throw new Error('missing <?xml version="1.0" encoding="UTF-8"?>');
  let i = declaration[0].length;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (i < xml.length) {
    if (xml.startsWith('</', i)) {
      const end = xml.indexOf('>', i);
      const name = xml.slice(i + 2, end).trim();
      const open = stack.pop();
      if (!open || open.name !== name) throw new Error(`unbalanced </${name}> at ${i}`);
      i = end + 1;
      if (stack.length === 0) root = open;
    } else if (xml[i] === '<') {
      const name = NAME.exec(xml.slice(i + 1))?.[0];
      if (!name) throw new Error(`bad tag at ${i}`);
      i += 1 + name.length;
      const element: XmlElement = { name, attributes: {}, children: [], text: '' };
      for (;;) {
        const ws = /^\s*/.exec(xml.slice(i))![0];
        i += ws.length;
        if (xml.startsWith('/>', i) || xml[i] === '>') break;
        if (ws.length === 0) throw new Error(`attributes need whitespace at ${i}`);
        const attr = /^([A-Za-z_][\w.-]*)="([^"]*)"/.exec(xml.slice(i));
        if (!attr) throw new Error(`bad attribute at ${i}: ${xml.slice(i, i + 30)}`);
        if (attr[1]! in element.attributes) throw new Error(`duplicate attribute ${attr[1]}`);
        element.attributes[attr[1]!] = decode(attr[2]!, i);
        i += attr[0].length;
      }
      stack[stack.length - 1]?.children.push(element);
      if (stack.length === 0 && root) throw new Error('more than one root element');
      if (xml.startsWith('/>', i)) {
        i += 2;
        if (stack.length === 0) root = element;
      } else {
        i += 1;
        stack.push(element);
      }
    } else {
      const next = xml.indexOf('<', i);
      const raw = xml.slice(i, next < 0 ? xml.length : next);
      if (stack.length === 0) {
        if (raw.trim()) throw new Error(`text outside the root at ${i}`);
      } else {
        stack[stack.length - 1]!.text += decode(raw, i);
      }
      i = next < 0 ? xml.length : next;
    }
  }
  if (stack.length > 0 || !root) throw new Error('unclosed elements');
  return root;
}
